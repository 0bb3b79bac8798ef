import 'server-only';
import { consumerGroupDescribeV0, decodeConsumerProtocolAssignment, describeGroupsV4, describeGroupsV5 } from '@platformatic/kafka';
import { answerOf, clusterConn, UnsupportedApi, type ClusterConn, type RequestCounter } from './client';
import { shareGroupDescribeV1, streamsGroupDescribeV0, streamsGroupDescribeV1, type StreamsGroupDescribeAnswer } from './group-apis';
import { forgetCoordinator, groupCoordinators, GROUP_ID_NOT_FOUND, retriableCoordinatorCode, errorFromCode } from './group-coordinators';
import { listAllGroups, type GroupType } from './list-groups';

/**
 * Describes groups at their coordinators, one request per coordinator per 500 groups and kind:
 * DescribeGroups for classic groups, ConsumerGroupDescribe (KIP-848) for consumer groups,
 * ShareGroupDescribe (KIP-932) for share groups, StreamsGroupDescribe (KIP-1071) for streams
 * groups. A group whose type the caller doesn't know is asked as classic and consumer; when
 * neither knows it, ListGroups says what it is, and a share or streams group is asked its way.
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
  /** Streams groups only: what the broker knows of the application (KIP-1071). */
  streams?: StreamsGroupInfo;
}

export interface StreamsTaskSet {
  active: { subtopology: string; partitions: number[] }[];
  standby: { subtopology: string; partitions: number[] }[];
  warmup: { subtopology: string; partitions: number[] }[];
}

export interface StreamsMemberInfo {
  memberId: string;
  processId: string;
  clientId: string;
  host: string;
  instanceId: string | null;
  endpoint: string | null;
  memberEpoch: number;
  /** Whether this member still speaks the classic protocol inside the streams group. */
  isClassic: boolean;
  tasks: StreamsTaskSet;
  targetTasks: StreamsTaskSet;
}

export interface StreamsTopicInfo {
  name: string;
  partitions: number;
}

export interface StreamsNodeInfo {
  name: string;
  kind: 'source' | 'processor' | 'sink';
  sourceTopics: string[];
  sinkTopic: string | null;
  stores: string[];
  successors: string[];
}

export interface StreamsSubtopologyInfo {
  id: string;
  sourceTopics: string[];
  repartitionSinkTopics: string[];
  changelogTopics: StreamsTopicInfo[];
  repartitionSourceTopics: StreamsTopicInfo[];
  /** The processor nodes as the application described them (StreamsGroupDescribe v1); null when the broker has none. */
  nodes: StreamsNodeInfo[] | null;
}

export interface StreamsGroupInfo {
  groupEpoch: number;
  assignmentEpoch: number;
  topologyEpoch: number | null;
  subtopologies: StreamsSubtopologyInfo[];
  members: StreamsMemberInfo[];
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

type Kind = GroupType;

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
  if (kind === 'share') return describeShareAt(conn, nodeId, ids, counter);
  if (kind === 'streams') return describeStreamsAt(conn, nodeId, ids, counter);
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

const sortedAssignment = (tps: { topicName: string; partitions: number[] }[]): MemberAssignment[] =>
  tps.map((t) => ({ topic: t.topicName, partitions: [...t.partitions].sort((a, b) => a - b) })).sort((a, b) => a.topic.localeCompare(b.topic));

async function describeShareAt(conn: ClusterConn, nodeId: number, ids: string[], counter?: RequestCounter): Promise<Map<string, GroupDescription | null | 'retry'>> {
  const out = new Map<string, GroupDescription | null | 'retry'>();
  const api = await conn.api('ShareGroupDescribe', [shareGroupDescribeV1]);
  const answer = await conn.send(nodeId, (c) => answerOf(api.async(c, ids, false)), counter);
  for (const g of answer.groups) {
    if (retriableCoordinatorCode(g.errorCode)) out.set(g.groupId, 'retry');
    else if (g.errorCode === GROUP_ID_NOT_FOUND || (g.errorCode === 0 && g.groupState === 'Dead')) out.set(g.groupId, null);
    else if (g.errorCode !== 0) throw errorFromCode(g.errorCode, g.errorMessage);
    else
      out.set(g.groupId, {
        groupId: g.groupId,
        type: 'share',
        state: g.groupState,
        protocolType: 'share',
        protocol: g.assignorName,
        members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: host(m.clientHost), assignment: sortedAssignment(m.assignment.topicPartitions) })),
        exists: true,
      });
  }
  return out;
}

// Kafka's node_type codes (StreamsGroupTopologyDescriptionConverter): 1 source, 2 processor, 3 sink.
const NODE_KIND: Record<number, 'source' | 'processor' | 'sink'> = { 1: 'source', 2: 'processor', 3: 'sink' };
type StreamsAnswerGroup = StreamsGroupDescribeAnswer['groups'][number];
const taskSet = (t: StreamsAnswerGroup['members'][number]['assignment']): StreamsTaskSet => {
  const ids = (list: { subtopologyId: string; partitions: number[] }[]) =>
    list.map((x) => ({ subtopology: x.subtopologyId, partitions: [...x.partitions].sort((a, b) => a - b) })).sort((a, b) => a.subtopology.localeCompare(b.subtopology, 'en', { numeric: true }));
  return { active: ids(t.activeTasks), standby: ids(t.standbyTasks), warmup: ids(t.warmupTasks) };
};

/** A streams group's members, tasks and topology, and each member's active tasks as the topic partitions they read. */
function streamsDescription(g: StreamsAnswerGroup): GroupDescription {
  const nodes = new Map((g.topologyDescription?.subtopologies ?? []).map((s) => [s.subtopologyId, s.nodes]));
  const subtopologies: StreamsSubtopologyInfo[] = (g.topology?.subtopologies ?? [])
    .map((s) => ({
      id: s.subtopologyId,
      sourceTopics: [...s.sourceTopics].sort(),
      repartitionSinkTopics: [...s.repartitionSinkTopics].sort(),
      changelogTopics: s.stateChangelogTopics.map((t) => ({ name: t.name, partitions: t.partitions })).sort((a, b) => a.name.localeCompare(b.name)),
      repartitionSourceTopics: s.repartitionSourceTopics.map((t) => ({ name: t.name, partitions: t.partitions })).sort((a, b) => a.name.localeCompare(b.name)),
      nodes:
        nodes.get(s.subtopologyId)?.map((n) => ({ name: n.name, kind: NODE_KIND[n.nodeType] ?? 'processor', sourceTopics: n.sourceTopics, sinkTopic: n.sinkTopic, stores: n.stores, successors: n.successors })) ?? null,
    }))
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  // An active task (subtopology s, partition p) reads partition p of each of s's input topics.
  const inputs = new Map(subtopologies.map((s) => [s.id, [...s.sourceTopics, ...s.repartitionSourceTopics.map((t) => t.name)]]));
  const members: StreamsMemberInfo[] = g.members.map((m) => ({
    memberId: m.memberId,
    processId: m.processId,
    clientId: m.clientId,
    host: host(m.clientHost),
    instanceId: m.instanceId,
    endpoint: m.userEndpoint ? `${m.userEndpoint.host}:${m.userEndpoint.port}` : null,
    memberEpoch: m.memberEpoch,
    isClassic: m.isClassic,
    tasks: taskSet(m.assignment),
    targetTasks: taskSet(m.targetAssignment),
  }));
  return {
    groupId: g.groupId,
    type: 'streams',
    state: g.groupState,
    protocolType: 'streams',
    protocol: g.assignorName ?? '',
    members: members.map((m) => {
      const byTopic = new Map<string, Set<number>>();
      for (const t of m.tasks.active) for (const topic of inputs.get(t.subtopology) ?? []) for (const p of t.partitions) (byTopic.get(topic) ?? byTopic.set(topic, new Set()).get(topic)!).add(p);
      return { memberId: m.memberId, clientId: m.clientId, host: m.host, assignment: sortedAssignment([...byTopic].map(([topicName, ps]) => ({ topicName, partitions: [...ps] }))) };
    }),
    exists: true,
    streams: { groupEpoch: g.groupEpoch, assignmentEpoch: g.assignmentEpoch, topologyEpoch: g.topology?.epoch ?? null, subtopologies, members },
  };
}

async function describeStreamsAt(conn: ClusterConn, nodeId: number, ids: string[], counter?: RequestCounter): Promise<Map<string, GroupDescription | null | 'retry'>> {
  const out = new Map<string, GroupDescription | null | 'retry'>();
  const api = await conn.api('StreamsGroupDescribe', [streamsGroupDescribeV1, streamsGroupDescribeV0]);
  const answer = await conn.send(nodeId, (c) => answerOf(api.async(c, ids, false, true)), counter);
  for (const g of answer.groups) {
    if (retriableCoordinatorCode(g.errorCode)) out.set(g.groupId, 'retry');
    else if (g.errorCode === GROUP_ID_NOT_FOUND || (g.errorCode === 0 && g.groupState === 'Dead')) out.set(g.groupId, null);
    else if (g.errorCode !== 0) throw errorFromCode(g.errorCode, g.errorMessage);
    else out.set(g.groupId, streamsDescription(g));
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
 * without a type is asked as classic and consumer, then, if ListGroups calls it a share or
 * streams group, its own way.
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
  const ofType = (t: 'share' | 'streams') => ids.filter((id) => types.get(id)?.type === t);
  // Before Kafka 4 there are no such groups: a broker without the API has none to describe.
  const orNone = (kind: Kind, list: string[]) =>
    list.length === 0
      ? new Map<string, GroupDescription | null>()
      : describeKind(conn, kind, list, counter).catch((err: unknown) => {
          if (err instanceof UnsupportedApi) return new Map<string, GroupDescription | null>();
          throw err;
        });
  const described = await Promise.all([describeKind(conn, 'classic', classic, counter), orNone('consumer', consumer), orNone('share', ofType('share')), orNone('streams', ofType('streams'))]);
  const found = (id: string) => described.map((m) => m.get(id)).find((d) => d) ?? null;
  let listed: Map<string, { type: GroupType; state: string; protocolType: string }> | null = null;
  const late = new Map<string, GroupDescription | null>();
  const out: GroupDescription[] = [];
  for (const id of ids) {
    const known = types.get(id);
    const d = found(id);
    if (d) {
      out.push(d);
      continue;
    }
    if (known) {
      out.push(unknown(id, known.type, 'Dead', known.protocolType));
      continue;
    }
    // Neither classic nor consumer describe knows it: a share or streams group, or no group at all.
    listed ??= new Map((await listAllGroups(conn, counter)).map((g) => [g.groupId, g]));
    const l = listed.get(id);
    if (l && (l.type === 'share' || l.type === 'streams')) {
      if (!late.has(id)) for (const [k, v] of await orNone(l.type, [id])) late.set(k, v);
      const s = late.get(id);
      if (s) {
        out.push(s);
        continue;
      }
    }
    out.push(l ? unknown(id, l.type, l.state, l.protocolType) : unknown(id));
  }
  return out;
}
