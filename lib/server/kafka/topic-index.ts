import 'server-only';
import { z } from 'zod';
import { envSettings, parseEnv } from '../env-settings';
import { singleton } from '../singleton';
import { RequestCounter } from './client';
import { scanEveryTopic, type ScannedTopic } from './metadata';

/**
 * The topic index (issue 23): every topic's name, internal flag and partitions (leader, replicas,
 * ISR), kept in memory per cluster so a topics-list call need not ask Kafka about every topic.
 * At 50,000 topics that one Metadata answer takes a broker 15–19 s; the list then filters and
 * sorts names here and asks Kafka only about the page's topics.
 *
 * - One whole-cluster read at a time (single flight): callers arriving meanwhile share it.
 * - Younger than maxAge: served as it is. Older: served, and a read starts in the background
 *   (stale-while-revalidate). Older than maxStale, or none yet: the caller waits for a read.
 * - A cluster cheap to read (its last read under cheapReadMs) keeps an index 2 s at most and is
 *   never served stale: its list is as exact as a read on every call, at a few ms a call.
 * - The console's own create, delete and add-partitions patch it at once, so the person who made
 *   the change sees it in the list; other clients' changes show within maxAge (plus a read).
 */

const schema = z.object({
  /**
   * How old the index may be before a list call starts a background read. 30 s: the topics page
   * refetches every 15 s, so while someone watches it the cluster is read at most every 30 s
   * (at 50,000 topics a read keeps a broker busy 15–19 s; a 10 s age would read it non-stop),
   * and a topic another tool creates shows within half a minute.
   */
  RIFFLE_TOPIC_INDEX_MAX_AGE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Past this age the index is not served: the caller waits for a read (a failing cluster shows as failing). */
  RIFFLE_TOPIC_INDEX_MAX_STALE_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  /**
   * A cluster whose whole read took less than this is read again once the index is 2 s old, and
   * callers wait for that read instead of being served a stale index: a small cluster's list stays
   * as exact as it was before the index (a topic made by kcat shows on the next refetch), and the
   * 30 s age is kept for the clusters where a read costs something. 0: never.
   */
  RIFFLE_TOPIC_INDEX_CHEAP_READ_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  /** The whole-cluster Metadata read's own timeout: long enough for 50,000 topics on a busy broker. */
  RIFFLE_TOPIC_INDEX_READ_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(120_000),
});

export interface TopicIndexSettings {
  maxAgeMs: number;
  maxStaleMs: number;
  readTimeoutMs: number;
  /** Reads faster than this make the index short-lived and never served stale (see RIFFLE_TOPIC_INDEX_CHEAP_READ_MS); absent or 0: never. */
  cheapReadMs?: number;
}

/** How old the index of a cluster that is cheap to read may be. */
export const CHEAP_MAX_AGE_MS = 2_000;

export const topicIndexSettings = envSettings((env): TopicIndexSettings => {
  const e = parseEnv(schema, env);
  return {
    maxAgeMs: e.RIFFLE_TOPIC_INDEX_MAX_AGE_MS,
    maxStaleMs: Math.max(e.RIFFLE_TOPIC_INDEX_MAX_STALE_MS, e.RIFFLE_TOPIC_INDEX_MAX_AGE_MS),
    readTimeoutMs: e.RIFFLE_TOPIC_INDEX_READ_TIMEOUT_MS,
    cheapReadMs: e.RIFFLE_TOPIC_INDEX_CHEAP_READ_MS,
  };
});

/** What a list call may do with an index of this age (null: there is none). */
export type Freshness = 'fresh' | 'stale' | 'expired' | 'none';

export function freshness(ageMs: number | null, s: Pick<TopicIndexSettings, 'maxAgeMs' | 'maxStaleMs' | 'cheapReadMs'>, lastReadMs?: number): Freshness {
  if (ageMs === null) return 'none';
  const cheap = !!s.cheapReadMs && lastReadMs !== undefined && lastReadMs < s.cheapReadMs;
  if (ageMs <= (cheap ? Math.min(s.maxAgeMs, CHEAP_MAX_AGE_MS) : s.maxAgeMs)) return 'fresh';
  if (cheap) return 'expired';
  if (ageMs <= s.maxStaleMs) return 'stale';
  return 'expired';
}

export interface IndexSnapshot {
  /** Every topic by name. */
  topics: Map<string, ScannedTopic>;
  /** The names in byte order (Kafka names are ASCII), kept sorted through patches. */
  names: string[];
  /** When the read that made it was sent (epoch ms): the data is at least this old. */
  readAt: number;
  /** How long that read took. */
  readMs: number;
  liveBrokers: number;
}

/** How a call got its index: warm (fresh), stale (served while a read runs), or after waiting for a read. */
export type IndexRead = 'warm' | 'stale' | 'cold' | 'expired' | 'forced';

export interface IndexView {
  snapshot: IndexSnapshot;
  ageMs: number;
  read: IndexRead;
  /** ms this call waited for a whole-cluster read (0 when it was served from memory). */
  waitedMs: number;
}

export type IndexLoader = (counter: RequestCounter) => Promise<{ topics: ScannedTopic[]; liveBrokers: number }>;

/** A patch made by this console (create, delete, add partitions): kept until a read started after it lands. */
interface Patch {
  at: number;
  name: string;
  topic: ScannedTopic | null;
}

// A read sent just before a create or delete may come back without it: patches this much older
// than a read's start are applied to its result again.
const PATCH_GRACE_MS = 2_000;

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Index of `name` in sorted `names`, or where it would go. */
export function sortedIndexOf(names: string[], name: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function applyPatch(s: IndexSnapshot, p: Patch) {
  const at = sortedIndexOf(s.names, p.name);
  const present = s.names[at] === p.name;
  if (p.topic) {
    s.topics.set(p.name, p.topic);
    if (!present) s.names.splice(at, 0, p.name);
  } else if (present) {
    s.topics.delete(p.name);
    s.names.splice(at, 1);
  }
}

export class TopicIndex {
  #snapshot: IndexSnapshot | null = null;
  #inflight: Promise<IndexSnapshot> | null = null;
  #patches: Patch[] = [];
  /** Whole-cluster reads started (the tests check that concurrent cold callers share one). */
  reads = 0;

  constructor(
    private readonly load: IndexLoader,
    private readonly settings: () => Pick<TopicIndexSettings, 'maxAgeMs' | 'maxStaleMs' | 'cheapReadMs'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The index for a list call; `force` waits for a read that starts no earlier than now (or is running). */
  async get(opts: { force?: boolean; counter?: RequestCounter } = {}): Promise<IndexView> {
    const started = this.now();
    const current = this.#snapshot;
    const f = opts.force ? null : freshness(current ? started - current.readAt : null, this.settings(), current?.readMs);
    if (current && (f === 'fresh' || f === 'stale')) {
      // a failed background read is not this caller's failure: the next call past maxStale waits and sees it
      if (f === 'stale') this.refresh().catch(() => {});
      return { snapshot: current, ageMs: started - current.readAt, read: f === 'fresh' ? 'warm' : 'stale', waitedMs: 0 };
    }
    const snapshot = await this.refresh(opts.counter);
    const done = this.now();
    return { snapshot, ageMs: Math.max(0, done - snapshot.readAt), read: opts.force ? 'forced' : f === 'none' ? 'cold' : 'expired', waitedMs: done - started };
  }

  /** One whole-cluster read, shared by everyone who asks while it runs. */
  refresh(counter?: RequestCounter): Promise<IndexSnapshot> {
    if (this.#inflight) return this.#inflight;
    const readAt = this.now();
    this.reads++;
    const read = (async () => {
      const loaded = await this.load(counter ?? new RequestCounter());
      const topics = new Map(loaded.topics.map((t) => [t.name, t]));
      const snapshot: IndexSnapshot = { topics, names: [...topics.keys()].sort(byteOrder), readAt, readMs: this.now() - readAt, liveBrokers: loaded.liveBrokers };
      this.#patches = this.#patches.filter((p) => p.at >= readAt - PATCH_GRACE_MS);
      for (const p of this.#patches) applyPatch(snapshot, p);
      this.#snapshot = snapshot;
      return snapshot;
    })();
    this.#inflight = read;
    read.then(
      () => (this.#inflight = null),
      () => (this.#inflight = null),
    );
    return read;
  }

  /** This console created a topic or changed its partitions: in the list at once. */
  upsert(topic: ScannedTopic): void {
    this.#patch({ at: this.now(), name: topic.name, topic });
  }

  /** This console deleted a topic (or a page found it gone): out of the list at once. */
  remove(name: string): void {
    this.#patch({ at: this.now(), name, topic: null });
  }

  #patch(p: Patch) {
    this.#patches.push(p);
    if (this.#snapshot) applyPatch(this.#snapshot, p);
  }
}

const indexes = singleton('riffle:kafka/topic-index', (): Map<string, TopicIndex> => new Map());

/** The cluster's topic index (one per cluster and process). */
export function topicIndex(clusterId: string): TopicIndex {
  let index = indexes.get(clusterId);
  if (!index) {
    index = new TopicIndex(async (counter) => {
      const scan = await scanEveryTopic(clusterId, topicIndexSettings().readTimeoutMs, counter);
      return { topics: scan.topics, liveBrokers: scan.brokers.length };
    }, topicIndexSettings);
    indexes.set(clusterId, index);
  }
  return index;
}
