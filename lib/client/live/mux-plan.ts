import type { SubStream } from '@/lib/contracts/streams';

/**
 * Which hub streams travel on the multiplexed connection (GET /api/clusters/{c}/streams), and
 * how. Pure: the leader tab plans its connections with it.
 */

/** A stream the multiplexed route can carry: the cluster whose route it rides on, and the sub-stream minus its key and resume. */
export interface MuxTarget {
  /** The cluster of a topic tail; null for a stream that rides on any cluster's connection (weather). */
  cluster: string | null;
  kind: SubStream['kind'];
  query: Record<string, string | string[]>;
}

/** The multiplexed form of a stream URL, or null when the stream has its own connection. */
export function muxTargetOf(url: string): MuxTarget | null {
  let u: URL;
  try {
    u = new URL(url, 'http://riffle.local');
  } catch {
    return null;
  }
  const query: Record<string, string | string[]> = {};
  for (const k of new Set(u.searchParams.keys())) {
    const all = u.searchParams.getAll(k);
    query[k] = all.length === 1 ? all[0]! : all;
  }
  const live = /^\/api\/clusters\/([^/]+)\/live$/.exec(u.pathname);
  if (live) {
    try {
      return { cluster: decodeURIComponent(live[1]!), kind: 'live', query };
    } catch {
      return null;
    }
  }
  if (u.pathname === '/api/weather/live') return { cluster: null, kind: 'weather', query };
  return null;
}

/**
 * The connections to hold: one per cluster whose topics are tailed, and streams that need no
 * particular cluster (weather) ride on the first of them — one connection in all while the
 * browser watches one cluster. `fallback` is the cluster for those when nothing else is open.
 */
export function planConnections(targets: ReadonlyMap<string, MuxTarget & { via?: string }>): Map<string, string[]> {
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

/** The multiplexed route's URL for these sub-streams. */
export function muxUrl(cluster: string, subs: SubStream[]): string {
  return `/api/clusters/${encodeURIComponent(cluster)}/streams?${new URLSearchParams({ s: JSON.stringify(subs) })}`;
}
