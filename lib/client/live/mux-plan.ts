import type { LiveStreamQueryInput, SubStreamInput, WeatherStreamQueryInput } from '@/lib/contracts/streams';

/**
 * Which streams travel on the multiplexed connection (GET /api/clusters/{c}/streams), and how.
 * Pure: the leader tab plans its connections with it.
 */

/**
 * A live stream as the browser asks for it: what it is and its typed query (the sub-stream the
 * multiplexed route opens), never a URL. `cluster` is the cluster whose connection a topic tail
 * rides on; a weather stream rides on any (null).
 */
export type StreamDescription =
  | { kind: 'live'; cluster: string; query: LiveStreamQueryInput }
  | { kind: 'weather'; cluster: null; query: WeatherStreamQueryInput };

/** A stable identity for a description: the same stream asked for twice is one key (query order and unset fields do not count). */
export function streamKey(d: StreamDescription): string {
  const query = Object.entries(d.query)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([d.kind, d.cluster, query]);
}

/**
 * The connections to hold: one per cluster whose topics are tailed, and streams that need no
 * particular cluster (weather) ride on the first of them — one connection in all while the
 * browser watches one cluster. `via` is the cluster for those when nothing else is open.
 */
export function planConnections(targets: ReadonlyMap<string, StreamDescription & { via?: string }>): Map<string, string[]> {
  const plan = new Map<string, string[]>();
  const clusters = [...new Set([...targets.values()].flatMap((t) => (t.cluster === null ? [] : [t.cluster])))].sort();
  for (const [key, t] of [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const cluster = t.cluster ?? clusters[0] ?? t.via ?? 'local';
    const keys = plan.get(cluster) ?? [];
    keys.push(key);
    plan.set(cluster, keys);
  }
  return plan;
}

/** The sub-stream a description becomes on a connection: its key there, and the last event id to resume after. */
export function subStreamOf(d: StreamDescription, key: string, resume: string | undefined): SubStreamInput {
  return d.kind === 'live' ? { key, kind: 'live', query: d.query, ...(resume ? { resume } : {}) } : { key, kind: 'weather', query: d.query, ...(resume ? { resume } : {}) };
}

/** The multiplexed route's URL for these sub-streams: the one place a live URL is built. */
export function muxUrl(cluster: string, subs: SubStreamInput[]): string {
  return `/api/clusters/${encodeURIComponent(cluster)}/streams?${new URLSearchParams({ s: JSON.stringify(subs) })}`;
}
