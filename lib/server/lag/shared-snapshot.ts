import 'server-only';
import { snapshotGroups, type GroupsSnapshot } from '../kafka/group-snapshot';
import { singleton } from '../singleton';

/**
 * One whole-cluster groups snapshot at a time per cluster, shared by the lag sampler and the
 * groups list. At 5,000 groups a snapshot is ListGroups, DescribeGroups and OffsetFetch for every
 * group and the end offsets of every partition they read (about 37 requests and a second or more
 * of decoding); the sampler takes one every interval and every list call took another, so on a
 * busy page they ran back to back on one event loop (issue 23).
 *
 * - A caller that finds a snapshot in flight waits for it instead of starting its own.
 * - The list (`recent`) also reuses a finished snapshot while it is younger than a fresh one
 *   would be old on arrival (the last snapshot's duration), so its answer is no staler than
 *   asking again; the list's fetchedAt is the snapshot's time, which says its age.
 * - Small clusters, where a snapshot takes tens of milliseconds, share nothing: below
 *   SHARE_FROM_MS every call asks Kafka itself, as before, and sees its own changes at once.
 * - The console's own changes (offsets reset, a group deleted) forget the shared snapshot.
 */

const SHARE_FROM_MS = 250;

interface Shared {
  inFlight?: { startedAt: number; promise: Promise<GroupsSnapshot> };
  last?: { snap: GroupsSnapshot; durationMs: number };
  /** Bumped by forget(): a snapshot started before it is not kept. */
  epoch: number;
}

const g = singleton('riffle:lag/shared-snapshot', () => new Map<string, Shared>());

function state(cluster: string): Shared {
  let s = g.get(cluster);
  if (!s) g.set(cluster, (s = { epoch: 0 }));
  return s;
}

function take(cluster: string, s: Shared): Promise<GroupsSnapshot> {
  const startedAt = performance.now();
  const epoch = s.epoch;
  const promise = snapshotGroups(cluster)
    .then((snap) => {
      if (s.epoch === epoch) s.last = { snap, durationMs: performance.now() - startedAt };
      return snap;
    })
    .finally(() => {
      if (s.inFlight?.promise === promise) s.inFlight = undefined;
    });
  s.inFlight = { startedAt, promise };
  return promise;
}

const worthSharing = (s: Shared) => (s.last?.durationMs ?? 0) >= SHARE_FROM_MS;

/** A snapshot taken now, or the one in flight (the sampler: its samples must be new). */
export function freshSnapshot(cluster: string): Promise<GroupsSnapshot> {
  const s = state(cluster);
  if (s.inFlight && worthSharing(s)) return s.inFlight.promise;
  return take(cluster, s);
}

/** A snapshot no older than a fresh one would be on arrival (the groups list). */
export function recentSnapshot(cluster: string): Promise<GroupsSnapshot> {
  const s = state(cluster);
  if (worthSharing(s)) {
    // A shared snapshot that fails (a coordinator still loading) is not this caller's answer: it asks itself.
    if (s.inFlight) return s.inFlight.promise.catch(() => take(cluster, s));
    const last = s.last!;
    if (Date.now() - last.snap.at < last.durationMs) return Promise.resolve(last.snap);
  }
  return take(cluster, s);
}

/** The console changed groups or offsets: the next reader asks Kafka. */
export function forgetSnapshot(cluster: string): void {
  const s = state(cluster);
  s.epoch++;
  s.last = undefined;
  s.inFlight = undefined;
}
