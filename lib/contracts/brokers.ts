import { z } from 'zod';
import { configEntry } from './topics';

export const brokerRow = z.object({
  nodeId: z.number().int(),
  host: z.string(),
  port: z.number().int(),
  rack: z.string().nullable(),
  roles: z.array(z.enum(['broker', 'controller'])),
  isController: z.boolean(),
  /** Partitions this broker leads. */
  partitionsLed: z.number().int(),
  /** Replicas (leader or follower) this broker hosts. */
  replicas: z.number().int(),
  /** Replicas it hosts that are out of the ISR. */
  outOfSyncReplicas: z.number().int(),
  /** Total log-dir size; null: KafkaJS cannot send DescribeLogDirs, so the console does not know. */
  logDirBytes: z.number().nullable(),
});
export type BrokerRow = z.infer<typeof brokerRow>;

export const brokerList = z.object({
  brokers: z.array(brokerRow),
  controllerId: z.number().int().nullable(),
  fetchedAt: z.string(),
});
export type BrokerList = z.infer<typeof brokerList>;

export const brokerDetail = z.object({
  broker: brokerRow,
  configs: z.array(configEntry),
  fetchedAt: z.string(),
});
export type BrokerDetail = z.infer<typeof brokerDetail>;

export const brokerIdParam = z.coerce.number({ error: 'broker id must be a number' }).int('broker id must be a whole number').min(0);
