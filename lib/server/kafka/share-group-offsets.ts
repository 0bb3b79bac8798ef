import 'server-only';
import { answerOf, clusterConn, type RequestCounter } from './client';
import { describeShareGroupOffsetsV0, describeShareGroupOffsetsV1 } from './group-apis';
import { errorFromCode, forgetCoordinator, forgetCoordinators, GROUP_ID_NOT_FOUND, groupCoordinators, retriableCoordinatorCode } from './group-coordinators';
import { isUnreachable } from './kafka-errors';

/**
 * Share groups' progress (KIP-932): per share-partition the start offset (below it every record
 * is acknowledged or archived) and, from Kafka 4.2's v1 (KIP-1226), the lag the broker counts
 * (records from the start offset to the end not yet acknowledged). One DescribeShareGroupOffsets
 * per coordinator for up to 500 groups. What kafka-share-groups.sh --describe prints.
 */

export interface SharePartitionState {
  /** null: the share-partition is not initialized yet (the tool prints "-"). */
  startOffset: number | null;
  leaderEpoch: number | null;
  /** As the broker reports it; null before v1 or while not initialized. */
  lag: number | null;
}

/** group → topic → partition → state. */
export type ShareGroupOffsets = Map<string, Map<string, Map<number, SharePartitionState>>>;

const CANDIDATES = [describeShareGroupOffsetsV1, describeShareGroupOffsetsV0];
const CHUNK = 500;
const MAX_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const orNull = (n: bigint | number) => (n < 0 ? null : Number(n));

export async function shareGroupOffsets(clusterId: string, groupIds: string[], counter?: RequestCounter): Promise<ShareGroupOffsets> {
  const out: ShareGroupOffsets = new Map();
  if (groupIds.length === 0) return out;
  const conn = clusterConn(clusterId);
  try {
    const api = await conn.api('DescribeShareGroupOffsets', CANDIDATES);
    let pending = [...new Set(groupIds)];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(150 * attempt);
      const retry: string[] = [];
      const requests: [number, string[]][] = [];
      for (const [nodeId, ids] of await groupCoordinators(conn, pending, counter)) for (let i = 0; i < ids.length; i += CHUNK) requests.push([nodeId, ids.slice(i, i + CHUNK)]);
      await Promise.all(
        requests.map(async ([nodeId, ids]) => {
          // topics null: every share-partition the group has state for
          const answer = await conn.send(nodeId, (c) => answerOf(api.async(c, ids.map((groupId) => ({ groupId, topics: null })))), counter);
          for (const g of answer.groups) {
            if (retriableCoordinatorCode(g.errorCode) && attempt < MAX_ATTEMPTS - 1) {
              forgetCoordinator(clusterId, g.groupId);
              retry.push(g.groupId);
              continue;
            }
            if (g.errorCode !== 0 && g.errorCode !== GROUP_ID_NOT_FOUND) throw errorFromCode(g.errorCode, g.errorMessage);
            const topics = new Map<string, Map<number, SharePartitionState>>();
            for (const t of g.topics) {
              const parts = new Map<number, SharePartitionState>();
              for (const p of t.partitions) {
                if (p.errorCode !== 0) throw errorFromCode(p.errorCode, p.errorMessage);
                const initialized = p.startOffset >= 0n;
                parts.set(p.partitionIndex, { startOffset: orNull(p.startOffset), leaderEpoch: initialized ? orNull(p.leaderEpoch) : null, lag: initialized ? orNull(p.lag) : null });
              }
              topics.set(t.topicName, parts);
            }
            out.set(g.groupId, topics);
          }
        }),
      );
      pending = retry;
    }
  } catch (err) {
    if (isUnreachable(err)) forgetCoordinators(clusterId);
    throw err;
  }
  for (const id of groupIds) if (!out.has(id)) out.set(id, new Map());
  return out;
}
