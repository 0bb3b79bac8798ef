import 'server-only';
import { answerOf, clusterConn } from './client';
import { deleteShareGroupOffsetsV0 } from './group-apis';
import { errorFromCode, forgetCoordinator, groupCoordinators, retriableCoordinatorCode } from './group-coordinators';

/**
 * Deletes a share group's state for whole topics (DeleteShareGroupOffsets, KIP-932), as
 * kafka-share-groups.sh --delete-offsets does: the group forgets its start offsets there and
 * begins again per share.auto.offset.reset. Refused while members subscribe to the topic.
 */
const MAX_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function deleteShareGroupOffsets(clusterId: string, groupId: string, topics: string[]): Promise<void> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('DeleteShareGroupOffsets', [deleteShareGroupOffsetsV0]);
  for (let attempt = 0; ; attempt++) {
    const [nodeId] = [...(await groupCoordinators(conn, [groupId])).keys()];
    const answer = await conn.send(nodeId!, (c) => answerOf(api.async(c, groupId, topics)));
    const failed = answer.errorCode !== 0 ? answer : answer.responses.find((t) => t.errorCode !== 0);
    if (!failed) return;
    if (retriableCoordinatorCode(failed.errorCode) && attempt < MAX_ATTEMPTS - 1) {
      forgetCoordinator(clusterId, groupId);
      await sleep(150 * (attempt + 1));
      continue;
    }
    throw errorFromCode(failed.errorCode, failed.errorMessage);
  }
}
