import 'server-only';
import { answerOf, clusterConn } from './client';
import { alterShareGroupOffsetsV0 } from './group-apis';
import { errorFromCode, forgetCoordinator, groupCoordinators, retriableCoordinatorCode } from './group-coordinators';

/**
 * Sets a share group's start offsets for one topic (AlterShareGroupOffsets, KIP-932), as
 * kafka-share-groups.sh --reset-offsets --execute does. The coordinator refuses while the group
 * has members (GROUP_NOT_EMPTY); the error comes back as the layer's KafkaProtocolError.
 */
const MAX_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function alterShareGroupOffsets(clusterId: string, groupId: string, topic: string, partitions: { partition: number; offset: number }[]): Promise<void> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('AlterShareGroupOffsets', [alterShareGroupOffsetsV0]);
  const request = [{ topicName: topic, partitions: partitions.map((p) => ({ partitionIndex: p.partition, startOffset: BigInt(p.offset) })) }];
  for (let attempt = 0; ; attempt++) {
    const [nodeId] = [...(await groupCoordinators(conn, [groupId])).keys()];
    const answer = await conn.send(nodeId!, (c) => answerOf(api.async(c, groupId, request)));
    const failed = answer.errorCode !== 0 ? answer : answer.responses.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
    if (!failed) return;
    if (retriableCoordinatorCode(failed.errorCode) && attempt < MAX_ATTEMPTS - 1) {
      forgetCoordinator(clusterId, groupId);
      await sleep(150 * (attempt + 1));
      continue;
    }
    throw errorFromCode(failed.errorCode, failed.errorMessage);
  }
}
