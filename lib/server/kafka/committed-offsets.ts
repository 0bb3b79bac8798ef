import 'server-only';
import { offsetFetchV8, offsetFetchV9 } from '@platformatic/kafka';
import { answerOf, clusterConn, type RequestCounter } from './client';
import { errorFromCode, forgetCoordinator, forgetCoordinators, GROUP_ID_NOT_FOUND, groupCoordinators, retriableCoordinatorCode } from './group-coordinators';
import { isUnreachable } from './kafka-errors';

/**
 * Committed offsets of many groups: one OffsetFetch v8+ (KIP-709) per coordinator for up to 500
 * groups, after one batched FindCoordinator for the groups whose coordinator isn't cached. v10
 * names topics by id only, so v9 is the newest used. A group that doesn't exist comes back with
 * no offsets.
 */

/** group → topic → partition → offset (partitions without a commit are absent). */
export type CommittedOffsets = Map<string, Map<string, Map<number, number>>>;

export interface CommittedOffsetsOptions {
  /** One OffsetFetch per group instead of 500 per request; for comparisons. */
  perGroup?: boolean;
}

const CANDIDATES = [offsetFetchV9.api, offsetFetchV8.api];
const CHUNK = 500;
const MAX_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  groups: { groupId: string; errorCode: number; topics: { name: string; partitions: { partitionIndex: number; committedOffset: bigint; errorCode: number }[] }[] }[];
}

function byTopic(topics: Answer['groups'][number]['topics']): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const t of topics) {
    for (const p of t.partitions) {
      const offset = Number(p.committedOffset);
      if (offset < 0) continue; // -1: no commit for this partition
      let parts = out.get(t.name);
      if (!parts) out.set(t.name, (parts = new Map()));
      parts.set(p.partitionIndex, offset);
    }
  }
  return out;
}

export async function committedOffsets(clusterId: string, groupIds: string[], counter?: RequestCounter, options: CommittedOffsetsOptions = {}): Promise<CommittedOffsets> {
  const out: CommittedOffsets = new Map();
  if (groupIds.length === 0) return out;
  const conn = clusterConn(clusterId);
  try {
    const api = await conn.api('OffsetFetch (batched)', CANDIDATES);
    const size = options.perGroup ? 1 : CHUNK;
    let pending = [...new Set(groupIds)];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(150 * attempt);
      const retry: string[] = [];
      const byNode = await groupCoordinators(conn, pending, counter);
      const requests: [number, string[]][] = [];
      for (const [nodeId, ids] of byNode) for (let i = 0; i < ids.length; i += size) requests.push([nodeId, ids.slice(i, i + size)]);
      await Promise.all(
        requests.map(async ([nodeId, ids]) => {
          // topics null: every partition the group committed to; requireStable false: a console
          // reads what is committed, it doesn't wait on open transactions.
          const groups = ids.map((groupId) => ({ groupId, memberId: null, memberEpoch: -1, topics: null }));
          const answer = await conn.send(nodeId, (c) => answerOf(api.async(c, groups, false)), counter);
          for (const g of answer.groups) {
            if (g.errorCode === 0 || g.errorCode === GROUP_ID_NOT_FOUND) {
              const failed = g.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
              if (failed) throw errorFromCode(failed.errorCode);
              out.set(g.groupId, byTopic(g.topics));
            } else if (retriableCoordinatorCode(g.errorCode) && attempt < MAX_ATTEMPTS - 1) {
              forgetCoordinator(clusterId, g.groupId); // moved, or still loading: look it up again
              retry.push(g.groupId);
            } else {
              throw errorFromCode(g.errorCode);
            }
          }
        }),
      );
      pending = retry;
    }
  } catch (err) {
    if (isUnreachable(err)) forgetCoordinators(clusterId);
    throw err;
  }
  for (const id of groupIds) if (!out.has(id)) out.set(id, new Map()); // not in an answer: nothing committed
  return out;
}
