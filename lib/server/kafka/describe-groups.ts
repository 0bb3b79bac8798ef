import 'server-only';
import { consumerGroupDescribeV0, decodeConsumerProtocolAssignment, describeGroupsV4, describeGroupsV5 } from '@platformatic/kafka';
import { answerOf, clusterConn, UnsupportedApi, type ClusterConn, type RequestCounter } from './client';
import { forgetCoordinator, groupCoordinators, GROUP_ID_NOT_FOUND, retriableCoordinatorCode, errorFromCode } from './group-coordinators';
import { listAllGroups, type GroupType } from './list-groups';

/**
 * Describes groups at their coordinators, one request per coordinator per 500 groups and kind:
 * DescribeGroups for classic groups, ConsumerGroupDescribe (KIP-848) for consumer groups. A
 * group whose type the caller doesn't know is asked both ways; when neither knows it (a share
 * or streams group, or none at all), ListGroups says what it is.
 */

export interface MemberAssignment {
  topic: string;
  partitions: number[];
}

export interface DescribedMember {
  memberId: string;
  clientId: string;
  host: string;
  assignment: MemberAssignment[];
}

export interface GroupDescription {
  groupId: string;
  type: GroupType;
  state: string;
  protocolType: string;
  /** The assignor (classic: the protocol the members agreed on; consumer: the broker's assignor). */
  protocol: string;
  members: DescribedMember[];
  /** false: the coordinator does not know the group (Dead, no members, no type). */
  exists: boolean;
}

const CLASSIC = [describeGroupsV5.api, describeGroupsV4.api];
const CHUNK = 500;
const MAX_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A classic member's assignment: the consumer protocol's bytes, or nothing for other protocols (Connect). */
export function decodeAssignment(buf: Buffer | null | undefined): MemberAssignment[] {
  if (!buf || buf.length === 0) return [];
  try {
    return decodeConsumerProtocolAssignment(buf)
      .assignedPartitions.map(({ topic, partitions }) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } catch {
    return []; // not the standard consumer protocol (Connect, custom): show the member without partitions
  }
}

const host = (h: string) => h.replace(/^\//, '');

type Kind = 'classic' | 'consumer';

/** One kind of describe for some groups at one coordinator; null where that kind doesn't know the group. */
async function describeAt(conn: ClusterConn, kind: Kind, nodeId: number, ids: string[], counter?: RequestCounter): Promise<Map<string, GroupDescription | null | 'retry'>> {
  const out = new Map<string, GroupDescription | null | 'retry'>();
  if (kind === 'classic') {
    const api = await conn.api('DescribeGroups', CLASSIC);
    const answer = await conn.send(nodeId, (c) => answerOf(api.async(c, ids, false)), counter);
    for (const g of answer.groups) {
      if (retriableCoordinatorCode(g.errorCode)) out.set(g.groupId, 'retry');
      // Kafka 4 answers GROUP_ID_NOT_FOUND for a group of another type; Dead means unknown.
      else if (g.errorCode === GROUP_ID_NOT_FOUND || (g.errorCode === 0 && g.groupState === 'Dead')) out.set(g.groupId, null);
      else if (g.errorCode !== 0) throw errorFromCode(g.errorCode);
      else
        out.set(g.groupId, {
          groupId: g.groupId,
          type: 'classic',
          state: g.groupState,
          protocolType: g.protocolType,
          protocol: g.protocolData,
          members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: host(m.clientHost), assignment: decodeAssignment(m.memberAssignment) })),
          exists: true,
        });
    }
    return out;
  }
  const api = await conn.api('ConsumerGroupDescribe', [consumerGroupDescribeV0.api]);
  const answer = await conn.send(nodeId, (c) => answerOf(api.async(c, ids, false)), counter);
  for (const g of answer.groups) {
    if (retriableCoordinatorCode(g.errorCode)) out.set(g.groupId, 'retry');
    else if (g.errorCode === GROUP_ID_NOT_FOUND || (g.errorCode === 0 && g.groupState === 'Dead')) out.set(g.groupId, null);
    else if (g.errorCode !== 0) throw errorFromCode(g.errorCode, g.errorMessage);
    else
      out.set(g.groupId, {
        groupId: g.groupId,
        type: 'consumer',
        state: g.groupState,
        protocolType: 'consumer',
        protocol: g.assignorName,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          host: host(m.clientHost),
          assignment: m.assignment.topicPartitions
            .map((t) => ({ topic: t.topicName, partitions: [...t.partitions].sort((a, b) => a - b) }))
            .sort((a, b) => a.topic.localeCompare(b.topic)),
        })),
        exists: true,
      });
  }
  return out;
}

/** Describes groups of one kind wherever their coordinators are; retries moved or loading coordinators. */
async function describeKind(conn: ClusterConn, kind: Kind, ids: string[], counter?: RequestCounter): Promise<Map<string, GroupDescription | null>> {
  const out = new Map<string, GroupDescription | null>();
  let pending = ids;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(150 * attempt);
    const byNode = await groupCoordinators(conn, pending, counter);
    const retry: string[] = [];
    const requests: [number, string[]][] = [];
    for (const [nodeId, list] of byNode) for (let i = 0; i < list.length; i += CHUNK) requests.push([nodeId, list.slice(i, i + CHUNK)]);
    const answers = await Promise.all(requests.map(([nodeId, list]) => describeAt(conn, kind, nodeId, list, counter)));
    for (const a of answers) {
      for (const [id, d] of a) {
        if (d !== 'retry') out.set(id, d);
        else if (attempt < MAX_ATTEMPTS - 1) {
          forgetCoordinator(conn.id, id);
          retry.push(id);
        } else throw errorFromCode(16);
      }
    }
    pending = retry;
  }
  return out;
}

const unknown = (groupId: string, type: GroupType = 'classic', state = 'Dead', protocolType = ''): GroupDescription => ({
  groupId,
  type,
  state,
  protocolType,
  protocol: '',
  members: [],
  exists: state !== 'Dead',
});

/**
 * Describes groups. `types` gives what ListGroups said of each (from a list call); a group
 * without a type is asked both ways. Share and streams groups get their type and state from
 * ListGroups and no members (describing them is for their own APIs).
 */
export async function describeGroups(
  clusterId: string,
  groupIds: string[],
  types: Map<string, { type: GroupType; state: string; protocolType: string }> = new Map(),
  counter?: RequestCounter,
): Promise<GroupDescription[]> {
  const conn = clusterConn(clusterId);
  const ids = [...new Set(groupIds)];
  if (ids.length === 0) return [];
  const classic = ids.filter((id) => (types.get(id)?.type ?? 'classic') === 'classic');
  const consumer = ids.filter((id) => !types.has(id) || types.get(id)!.type === 'consumer');
  const [c, k] = await Promise.all([
    describeKind(conn, 'classic', classic, counter),
    consumer.length === 0
      ? new Map<string, GroupDescription | null>()
      : describeKind(conn, 'consumer', consumer, counter).catch((err: unknown) => {
          if (err instanceof UnsupportedApi) return new Map<string, GroupDescription | null>(); // before Kafka 4: no such groups
          throw err;
        }),
  ]);
  let listed: Map<string, { type: GroupType; state: string; protocolType: string }> | null = null;
  const out: GroupDescription[] = [];
  for (const id of ids) {
    const known = types.get(id);
    const d = c.get(id) ?? k.get(id) ?? null;
    if (d) {
      out.push(d);
      continue;
    }
    if (known) {
      out.push(unknown(id, known.type, known.type === 'classic' || known.type === 'consumer' ? 'Dead' : known.state, known.protocolType));
      continue;
    }
    // Neither describe knows it: a share or streams group, or no group at all.
    listed ??= new Map((await listAllGroups(conn, counter)).map((g) => [g.groupId, g]));
    const l = listed.get(id);
    out.push(l ? unknown(id, l.type, l.state, l.protocolType) : unknown(id));
  }
  return out;
}
