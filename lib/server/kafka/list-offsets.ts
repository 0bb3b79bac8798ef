import 'server-only';
import {
  listOffsetsV1,
  listOffsetsV2,
  listOffsetsV3,
  listOffsetsV4,
  listOffsetsV5,
  listOffsetsV6,
  listOffsetsV7,
  listOffsetsV8,
  listOffsetsV9,
} from '@platformatic/kafka';
import { answerOf, type ClusterConn, type RequestCounter } from './client';

/**
 * The only ListOffsets in the codebase: one request per partition leader, sent in parallel.
 * A partition the leader answers with an error (a leader moving, a topic being deleted) is left
 * out of the answer instead of failing the whole call; callers show it as unknown.
 */

/** Where to look: the log start, the log end (high watermark), or the first offset at or after a timestamp (ms). */
export type OffsetSpec = 'earliest' | 'latest' | number;
export type Isolation = 'read_uncommitted' | 'read_committed';

export interface LeaderPartitions {
  topic: string;
  partitions: { partition: number; leader: number }[];
}

/** topic → partition → offset (-1 for a timestamp past every record) */
export type OffsetMap = Map<string, Map<number, number>>;

const CANDIDATES = [listOffsetsV9.api, listOffsetsV8.api, listOffsetsV7.api, listOffsetsV6.api, listOffsetsV5.api, listOffsetsV4.api, listOffsetsV3.api, listOffsetsV2.api, listOffsetsV1.api];
const EARLIEST = -2n;
const LATEST = -1n;

interface RawAnswer {
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number; offset: bigint }[] }[];
}

export async function listOffsets(conn: ClusterConn, targets: LeaderPartitions[], at: OffsetSpec, counter?: RequestCounter, isolation: Isolation = 'read_uncommitted'): Promise<OffsetMap> {
  const out: OffsetMap = new Map();
  const byLeader = new Map<number, Map<string, number[]>>();
  for (const t of targets) {
    for (const p of t.partitions) {
      if (p.leader < 0) continue; // nobody can answer for a partition without a leader
      let topics = byLeader.get(p.leader);
      if (!topics) byLeader.set(p.leader, (topics = new Map()));
      let parts = topics.get(t.topic);
      if (!parts) topics.set(t.topic, (parts = []));
      parts.push(p.partition);
    }
  }
  if (byLeader.size === 0) return out;
  const api = await conn.api('ListOffsets', CANDIDATES);
  const timestamp = at === 'earliest' ? EARLIEST : at === 'latest' ? LATEST : BigInt(at);
  const isolationLevel = isolation === 'read_committed' ? 1 : 0;
  await Promise.all(
    [...byLeader].map(async ([leader, topics]) => {
      const request = [...topics].map(([name, partitions]) => ({ name, partitions: partitions.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp })) }));
      // A partition with an error is left out below; the rest of the answer still counts.
      const answer: RawAnswer = await conn.send(leader, (c) => answerOf(api.async(c, -1, isolationLevel, request)), counter);
      for (const t of answer.topics) {
        let parts = out.get(t.name);
        for (const p of t.partitions) {
          if (p.errorCode !== 0) continue;
          if (!parts) out.set(t.name, (parts = new Map()));
          parts.set(p.partitionIndex, Number(p.offset));
        }
      }
    }),
  );
  return out;
}
