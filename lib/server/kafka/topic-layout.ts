import 'server-only';
import { NotFound } from '../errors';
import { errorName, type ClusterConn, type RequestCounter } from './client';
import { KafkaProtocolError } from './kafka-errors';

/**
 * A topic's partitions and their leaders, from one Metadata request. Cached per cluster for a
 * few seconds: a browse page or a tail start asks several times in a row; after a leader error
 * the caller asks again with `fresh`.
 */

export interface TopicLayout {
  topic: string;
  /** The topic's id (Fetch v13+ names topics by id). */
  topicId: string;
  /** partition → leader node id (-1 while the partition has none) */
  leaders: Map<number, number>;
}

const MAX_AGE_MS = 10_000;
const NO_SUCH_TOPIC = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID', 'INVALID_TOPIC_EXCEPTION']);
const caches = new WeakMap<ClusterConn, Map<string, { at: number; layout: TopicLayout }>>();

export async function topicLayout(conn: ClusterConn, topic: string, fresh = false, counter?: RequestCounter): Promise<TopicLayout> {
  let cache = caches.get(conn);
  if (!cache) caches.set(conn, (cache = new Map()));
  const cached = cache.get(topic);
  if (!fresh && cached && cached.at > Date.now() - MAX_AGE_MS) return cached.layout;
  // A partition without a leader (-1) still leaves the rest usable; a topic-level error does not.
  const md = await conn.metadata([topic], counter);
  const t = md.topics.find((x) => x.name === topic);
  const type = t && t.errorCode !== 0 ? errorName(t.errorCode) : null;
  if (!t || t.partitions.length === 0 || (type && NO_SUCH_TOPIC.has(type))) throw new NotFound(`topic "${topic}" does not exist`, 'topic');
  if (type) throw new KafkaProtocolError(type, `metadata of "${topic}": ${type}`);
  const layout: TopicLayout = { topic, topicId: t.topicId, leaders: new Map(t.partitions.map((p) => [p.partitionIndex, p.leaderId])) };
  cache.set(topic, { at: Date.now(), layout });
  if (cache.size > 1000) cache.clear();
  return layout;
}

/** Forgets a topic's layout (deleted, or leaders known to have moved). */
export function forgetLayout(conn: ClusterConn, topic: string): void {
  caches.get(conn)?.delete(topic);
}
