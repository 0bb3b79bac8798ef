import 'server-only';
import { NotFound } from '../errors';
import type { ClusterConn, MetadataResponse, RequestCounter } from './client';
import { kafkaErrorInfo } from './kafka-errors';

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
const caches = new WeakMap<ClusterConn, Map<string, { at: number; layout: TopicLayout }>>();

export async function topicLayout(conn: ClusterConn, topic: string, fresh = false, counter?: RequestCounter): Promise<TopicLayout> {
  let cache = caches.get(conn);
  if (!cache) caches.set(conn, (cache = new Map()));
  const cached = cache.get(topic);
  if (!fresh && cached && cached.at > Date.now() - MAX_AGE_MS) return cached.layout;
  let md: MetadataResponse;
  try {
    md = await conn.metadata([topic], counter);
  } catch (err) {
    // The client throws on any error code; a partition without a leader still leaves the rest usable.
    const response = (err as { response?: MetadataResponse }).response;
    const t = response?.topics?.find((x) => x.name === topic);
    if (!t || t.errorCode !== 0) {
      const type = kafkaErrorInfo(err).type;
      if (type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'UNKNOWN_TOPIC_ID' || type === 'INVALID_TOPIC_EXCEPTION') throw new NotFound(`topic "${topic}" does not exist`, 'topic');
      throw err;
    }
    md = response!;
  }
  const t = md.topics.find((x) => x.name === topic);
  if (!t || t.partitions.length === 0) throw new NotFound(`topic "${topic}" does not exist`, 'topic');
  const layout: TopicLayout = { topic, topicId: t.topicId, leaders: new Map(t.partitions.map((p) => [p.partitionIndex, p.leaderId])) };
  cache.set(topic, { at: Date.now(), layout });
  if (cache.size > 1000) cache.clear();
  return layout;
}

/** Forgets a topic's layout (deleted, or leaders known to have moved). */
export function forgetLayout(conn: ClusterConn, topic: string): void {
  caches.get(conn)?.delete(topic);
}
