import 'server-only';
import { offsetCommitV8, offsetCommitV9 } from '@platformatic/kafka';
import { answerOf, clusterConn } from './client';
import { errorFromCode, forgetCoordinator, groupCoordinators, retriableCoordinatorCode } from './group-coordinators';

/**
 * Commits offsets for a group from outside it (generation -1, no member), as
 * kafka-consumer-groups.sh --reset-offsets does: the coordinator refuses while the group has
 * members (classic: UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION; consumer: STALE_MEMBER_EPOCH...).
 */
const CANDIDATES = [offsetCommitV9.api, offsetCommitV8.api];
const MAX_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}

export async function commitGroupOffsets(clusterId: string, groupId: string, topic: string, partitions: { partition: number; offset: number }[]): Promise<void> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('OffsetCommit', CANDIDATES);
  const request = [{ name: topic, partitions: partitions.map((p) => ({ partitionIndex: p.partition, committedOffset: BigInt(p.offset), committedLeaderEpoch: -1, committedMetadata: null })) }];
  for (let attempt = 0; ; attempt++) {
    const [nodeId] = [...(await groupCoordinators(conn, [groupId])).keys()];
    const answer: Answer = await conn.send(nodeId!, (c) => answerOf(api.async(c, groupId, -1, '', null, request)));
    const failed = answer.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
    if (!failed) return;
    if (retriableCoordinatorCode(failed.errorCode) && attempt < MAX_ATTEMPTS - 1) {
      forgetCoordinator(clusterId, groupId);
      await sleep(150 * (attempt + 1));
      continue;
    }
    throw errorFromCode(failed.errorCode);
  }
}
