import { z } from 'zod';
import { configEntry } from './topics';

export const logDir = z.object({
  path: z.string(),
  /** Bytes of the replicas' log segments in this dir (logs being moved here not counted). */
  bytes: z.number(),
  replicas: z.number().int(),
  /** Size and free space of the volume the dir is on; null before Kafka 3.3 (DescribeLogDirs v4). */
  totalBytes: z.number().nullable(),
  usableBytes: z.number().nullable(),
  /** Kafka's error for the dir (KAFKA_STORAGE_ERROR: the disk failed); null when it is fine. */
  error: z.string().nullable(),
});
export type LogDirInfo = z.infer<typeof logDir>;

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
  /** Bytes of every replica in its log dirs (DescribeLogDirs); null when the broker did not answer. */
  logDirBytes: z.number().nullable(),
  /** Its log dirs, as the broker reports them; null when it did not answer DescribeLogDirs. */
  logDirs: z.array(logDir).nullable(),
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
