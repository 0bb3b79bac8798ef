import 'server-only';
import { deleteGroupsV1, deleteGroupsV2, protocolErrorsCodesById } from '@platformatic/kafka';
import { answerOf, clusterConn } from './client';
import { forgetCoordinator, groupCoordinators, retriableCoordinatorCode } from './group-coordinators';

/**
 * Deletes one group at its coordinator. Returns null when it is gone, or the broker's reason when
 * it isn't: NON_EMPTY_GROUP while it has members, GROUP_ID_NOT_FOUND when there was none.
 */
const CANDIDATES = [deleteGroupsV2.api, deleteGroupsV1.api];
const MAX_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  results: { groupId: string; errorCode: number }[];
}

export async function deleteGroupAtCoordinator(clusterId: string, groupId: string): Promise<string | null> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('DeleteGroups', CANDIDATES);
  for (let attempt = 0; ; attempt++) {
    const [nodeId] = [...(await groupCoordinators(conn, [groupId])).keys()];
    const answer: Answer = await conn.send(nodeId!, (c) => answerOf(api.async(c, [groupId])));
    const code = answer.results.find((r) => r.groupId === groupId)?.errorCode ?? 0;
    if (code === 0) return null;
    if (retriableCoordinatorCode(code) && attempt < MAX_ATTEMPTS - 1) {
      forgetCoordinator(clusterId, groupId);
      await sleep(150 * (attempt + 1));
      continue;
    }
    return protocolErrorsCodesById[code] ?? `KAFKA_ERROR_${code}`;
  }
}
