import 'server-only';
import { incrementalAlterConfigsV0, incrementalAlterConfigsV1 } from '@platformatic/kafka';
import { answerOf, clusterConn, type RequestCounter } from './client';
import { RESOURCE_TYPE } from './config-keys';

/**
 * IncrementalAlterConfigs (KIP-339): changes only the keys named, atomically on the controller,
 * so two operators editing different keys of one topic both keep their change (AlterConfigs
 * would replace every override of the resource).
 */

/** Kafka's AlterConfigOp.OpType ids. DELETE removes the override: the key is back at its default. */
export const CONFIG_OP = { set: 0, delete: 1, append: 2, subtract: 3 } as const;

export type ConfigOp = { name: string; op: typeof CONFIG_OP.delete } | { name: string; op: Exclude<(typeof CONFIG_OP)[keyof typeof CONFIG_OP], 1>; value: string };

export interface AlterResource {
  type: 'topic' | 'broker';
  /** Topic name; broker id as a string, or '' for the cluster-wide broker default. */
  name: string;
  ops: ConfigOp[];
}

export interface AlterResult {
  errorCode: number;
  errorMessage: string | null;
}

const CANDIDATES = [incrementalAlterConfigsV1.api, incrementalAlterConfigsV0.api];

export async function incrementalAlterConfigs(clusterId: string, resource: AlterResource, counter?: RequestCounter): Promise<AlterResult> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('IncrementalAlterConfigs', CANDIDATES);
  const request = [
    {
      resourceType: resource.type === 'topic' ? RESOURCE_TYPE.topic : RESOURCE_TYPE.broker,
      resourceName: resource.name,
      configs: resource.ops.map((o) => (o.op === CONFIG_OP.delete ? { name: o.name, configOperation: o.op } : { name: o.name, configOperation: o.op, value: o.value })),
    },
  ];
  // A broker's own settings go to that broker; everything else to the admin node.
  const target = resource.type === 'broker' && resource.name !== '' ? Number(resource.name) : 'admin';
  const res = await conn.send(target, (c) => answerOf(api.async(c, request as never, false)), counter);
  const r = res.responses[0];
  return { errorCode: r?.errorCode ?? 0, errorMessage: r?.errorMessage || null };
}
