import { metricName, type TopicSort } from '@/lib/contracts/topics';
import type { ScannedTopic } from './metadata';

/**
 * Which topics a list call shows, in what order: the pure part of the topics list, run on the
 * topic index's names (no Kafka request). Sorting by messages needs offsets, so those come back
 * filtered in name order and the caller sorts them once it has the counts.
 */
export interface ListOrder {
  search: string;
  internal: boolean;
  sort: TopicSort;
  dir: 'asc' | 'desc';
  collidesWith?: string;
}

/** Byte order: Kafka names are ASCII, and localeCompare is ~10× slower on 5,000 names. */
export function byName(a: ScannedTopic, b: ScannedTopic): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function underReplicated(t: ScannedTopic): number {
  let n = 0;
  for (const p of t.partitions) if (p.isr.length < p.replicas.length) n++;
  return n;
}

/** `names` must be in byte order (the index keeps them so): sorting by name is then free. */
export function orderTopics(names: readonly string[], topics: ReadonlyMap<string, ScannedTopic>, q: ListOrder): ScannedTopic[] {
  const needle = q.search.toLowerCase();
  const collideKey = q.collidesWith ? metricName(q.collidesWith) : null;
  const matching: ScannedTopic[] = [];
  for (const name of names) {
    const t = topics.get(name);
    if (!t) continue;
    if (!q.internal && t.internal) continue;
    if (needle && !name.toLowerCase().includes(needle)) continue;
    if (collideKey && (name === q.collidesWith || metricName(name) !== collideKey)) continue;
    matching.push(t);
  }
  const dir = q.dir === 'asc' ? 1 : -1;
  if (q.sort === 'messages') return matching;
  if (q.sort === 'name') return dir === 1 ? matching : matching.reverse();
  const key = new Map(matching.map((t) => [t.name, q.sort === 'partitions' ? t.partitions.length : underReplicated(t)]));
  // ties by name ascending whatever the direction, as before the index
  return matching.sort((a, b) => (key.get(a.name)! - key.get(b.name)!) * dir || byName(a, b));
}
