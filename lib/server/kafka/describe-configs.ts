import 'server-only';
import { describeConfigsV1, describeConfigsV2, describeConfigsV3, describeConfigsV4 } from '@platformatic/kafka';
import type { ConfigEntry, ConfigSourceName } from '@/lib/contracts/topics';
import { answerOf, clusterConn, type RequestCounter } from './client';
import { RESOURCE_TYPE } from './config-keys';

/**
 * DescribeConfigs. Topic resources go to the admin node in one request; a broker's own configs
 * go to that broker (a broker answers only for itself: "Unexpected broker id"). Values of
 * sensitive keys never leave this function.
 */

export interface ConfigResourceRef {
  type: 'topic' | 'broker';
  name: string;
  /** Only these keys; every key when absent. */
  configNames?: string[];
}

export interface DescribedResource {
  type: 'topic' | 'broker';
  name: string;
  /** 0 when the broker described it; else Kafka's error code, with errorName/errorMessage. */
  errorCode: number;
  errorMessage: string | null;
  entries: ConfigEntry[];
}

const SOURCES: Record<number, ConfigSourceName> = {
  0: 'unknown',
  1: 'topic',
  2: 'dynamic-broker',
  3: 'dynamic-default-broker',
  4: 'static-broker',
  5: 'default',
  6: 'broker-logger',
};

const CANDIDATES = [describeConfigsV4.api, describeConfigsV3.api, describeConfigsV2.api, describeConfigsV1.api];

interface RawResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: { name: string; value: string | null; readOnly: boolean; configSource: number; isSensitive: boolean }[];
}

export function toConfigEntries(configs: RawResult['configs']): ConfigEntry[] {
  return configs
    .map((e) => {
      const sensitive = e.isSensitive === true;
      return {
        name: e.name,
        // Brokers answer null for sensitive values already; never pass one on even if they don't.
        value: sensitive ? null : (e.value ?? null),
        source: SOURCES[e.configSource] ?? 'unknown',
        isDefault: e.configSource === 5,
        sensitive,
        readOnly: e.readOnly === true,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function describeConfigs(clusterId: string, resources: ConfigResourceRef[], counter?: RequestCounter): Promise<DescribedResource[]> {
  if (resources.length === 0) return [];
  const conn = clusterConn(clusterId);
  const api = await conn.api('DescribeConfigs', CANDIDATES);
  const toRequest = (r: ConfigResourceRef) => ({
    resourceType: r.type === 'topic' ? RESOURCE_TYPE.topic : RESOURCE_TYPE.broker,
    resourceName: r.name,
    configurationKeys: r.configNames ?? null, // null: every key
  });
  const batches = new Map<number | 'admin', ConfigResourceRef[]>();
  for (const r of resources) {
    // A broker answers for itself only; the cluster-wide broker default (name '') for anyone.
    const target = r.type === 'broker' && r.name !== '' ? Number(r.name) : 'admin';
    batches.set(target, [...(batches.get(target) ?? []), r]);
  }
  const answers = await Promise.all(
    [...batches].map(([target, list]) => conn.send(target, (c) => answerOf(api.async(c, list.map(toRequest), false, false)), counter)),
  );
  const out: DescribedResource[] = [];
  for (const answer of answers) {
    for (const r of answer.results as RawResult[]) {
      out.push({
        type: r.resourceType === RESOURCE_TYPE.broker ? 'broker' : 'topic',
        name: r.resourceName,
        errorCode: r.errorCode,
        errorMessage: r.errorMessage || null,
        entries: r.errorCode === 0 ? toConfigEntries(r.configs) : [],
      });
    }
  }
  return out;
}

/** Each broker's values of a few keys (roles, rack, quorum voters): broker id → key → value. */
export async function brokerConfigValues(clusterId: string, nodeIds: number[], names: string[], counter?: RequestCounter): Promise<Map<number, Map<string, string | null>>> {
  const described = await describeConfigs(clusterId, nodeIds.map((id) => ({ type: 'broker' as const, name: String(id), configNames: names })), counter);
  return new Map(described.filter((d) => d.errorCode === 0).map((d) => [Number(d.name), new Map(d.entries.map((e) => [e.name, e.value]))]));
}
