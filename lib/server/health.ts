import 'server-only';
import type { ClusterHealth, HealthReport } from '@/lib/contracts/cluster';
import { listClusterConfigs } from './clusters';
import { clusterConn } from './kafka/client';
import { describeCause } from './kafka/kafka-errors';
import { singleton } from './singleton';

const PROBE_TIMEOUT_MS = 4_000;
const CACHE_MS = 1_500;

const cache = singleton('riffle:health', () => new Map<string, { at: number; value: Promise<ClusterHealth> }>());

async function probe(id: string, name: string, brokers: string[]): Promise<ClusterHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS);
  });
  try {
    const meta = await Promise.race([clusterConn(id).metadata([]), timeout]);
    return {
      id,
      name,
      brokers,
      reachable: true,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      brokerCount: meta.brokers.length,
      error: null,
      checkedAt: new Date().toISOString(),
    };
  } catch (err) {
    return { id, name, brokers, reachable: false, latencyMs: null, brokerCount: null, error: describeCause(err), checkedAt: new Date().toISOString() };
  } finally {
    clearTimeout(timer);
  }
}

/** Reachability of one cluster, probed at most every 1.5 s however many tabs ask. */
export function clusterHealth(id: string, name: string, brokers: string[]): Promise<ClusterHealth> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = probe(id, name, brokers);
  cache.set(id, { at: Date.now(), value });
  return value;
}

export async function healthReport(version: string): Promise<HealthReport> {
  const clusters = await Promise.all(listClusterConfigs().map((c) => clusterHealth(c.id, c.name, c.brokers)));
  return { status: clusters.every((c) => c.reachable) ? 'ok' : 'degraded', version, clusters };
}
