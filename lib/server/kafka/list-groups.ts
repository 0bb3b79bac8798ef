import 'server-only';
import { listGroupsV4, listGroupsV5 } from '@platformatic/kafka';
import { answerOf, clusterConn, type ClusterConn, type RequestCounter } from './client';
import { errorFromCode, knowBrokers } from './group-coordinators';

/**
 * Every group on every broker, with its type (ListGroups v5, KIP-848): one request per broker.
 * No type filter, so classic, consumer (KIP-848), share and streams groups all come back: the
 * client's own Admin.listGroups asks for consumer groups only by default.
 */

export type GroupType = 'classic' | 'consumer' | 'share' | 'streams';
const TYPES = new Set<string>(['classic', 'consumer', 'share', 'streams']);

export interface ListedGroup {
  groupId: string;
  type: GroupType;
  /** As the coordinator names it: Stable, Empty, PreparingRebalance, Assigning, Reconciling, NotReady, Dead... */
  state: string;
  /** "consumer" for consumer clients, "connect" for Connect workers, "" for a group only holding offsets. */
  protocolType: string;
}

const CANDIDATES = [listGroupsV5.api, listGroupsV4.api];

export async function listAllGroups(conn: ClusterConn, counter?: RequestCounter): Promise<ListedGroup[]> {
  await knowBrokers(conn);
  const api = await conn.api('ListGroups', CANDIDATES);
  const lists = await Promise.all(
    conn.knownBrokers().map(async (b) => {
      const answer = await conn.send(b.nodeId, (c) => answerOf(api.async(c, [], [])), counter);
      if (answer.errorCode !== 0) throw errorFromCode(answer.errorCode);
      return answer.groups;
    }),
  );
  const seen = new Map<string, ListedGroup>();
  for (const g of lists.flat()) {
    // Before v5 (Kafka < 3.8) every group is classic.
    const type = (TYPES.has(g.groupType ?? '') ? g.groupType : 'classic') as GroupType;
    seen.set(g.groupId, { groupId: g.groupId, type, state: g.groupState, protocolType: g.protocolType });
  }
  return [...seen.values()];
}

/** The same, by cluster id. */
export function listGroupsWithTypes(clusterId: string, counter?: RequestCounter): Promise<ListedGroup[]> {
  return listAllGroups(clusterConn(clusterId), counter);
}
