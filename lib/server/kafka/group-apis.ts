import 'server-only';
import { createAPI, ResponseError, Writer, type Reader } from '@platformatic/kafka';

/**
 * The requests Kafka 4 added for share groups (KIP-932) and streams groups (KIP-1071) that
 * @platformatic/kafka 2.12 does not have: the smallest encoders and decoders, on the library's
 * own Writer and Reader, in the field order of Kafka 4.4's message schemas (printed from
 * kafka-clients-4.4.0's generated classes). test/groups/group-apis-bytes.test.ts checks every
 * one against bytes Kafka's own classes write and read.
 *
 * All are flexible versions: compact strings and arrays, tagged fields after each struct.
 * Reader.readArray drops each entry's trailing tagged fields itself; nested structs that are not
 * array entries read theirs here.
 */

type ErrorEntry = [string, [number, string | null]];

function fail<T>(apiKey: number, version: number, errors: ErrorEntry[], response: T): T {
  if (errors.length) throw new ResponseError(apiKey, version, Object.fromEntries(errors), response);
  return response;
}

// ShareGroupDescribe (77) v1 ---------------------------------------------------------------

export interface ShareGroupDescribeAnswer {
  throttleTimeMs: number;
  groups: {
    errorCode: number;
    errorMessage: string | null;
    groupId: string;
    groupState: string;
    groupEpoch: number;
    assignmentEpoch: number;
    assignorName: string;
    members: {
      memberId: string;
      rackId: string | null;
      memberEpoch: number;
      clientId: string;
      clientHost: string;
      subscribedTopicNames: string[];
      assignment: { topicPartitions: { topicId: string; topicName: string; partitions: number[] }[] };
    }[];
    authorizedOperations: number;
  }[];
}

function parseShareGroupDescribe(_c: number, apiKey: number, version: number, r: Reader): ShareGroupDescribeAnswer {
  const errors: ErrorEntry[] = [];
  const answer: ShareGroupDescribeAnswer = {
    throttleTimeMs: r.readInt32(),
    groups: r.readArray((r, i) => {
      const errorCode = r.readInt16();
      const errorMessage = r.readNullableString();
      if (errorCode !== 0) errors.push([`/groups/${i}`, [errorCode, errorMessage]]);
      return {
        errorCode,
        errorMessage,
        groupId: r.readString(),
        groupState: r.readString(),
        groupEpoch: r.readInt32(),
        assignmentEpoch: r.readInt32(),
        assignorName: r.readString(),
        members: r.readArray((r) => {
          const member = {
            memberId: r.readString(),
            rackId: r.readNullableString(),
            memberEpoch: r.readInt32(),
            clientId: r.readString(),
            clientHost: r.readString(),
            subscribedTopicNames: r.readArray((r) => r.readString(), true, false),
            assignment: {
              topicPartitions: r.readArray((r) => ({ topicId: r.readUUID(), topicName: r.readString(), partitions: r.readArray((r) => r.readInt32(), true, false) })),
            },
          };
          r.readTaggedFields(); // the assignment struct's
          return member;
        }),
        authorizedOperations: r.readInt32(),
      };
    }),
  };
  r.readTaggedFields();
  return fail(apiKey, version, errors, answer);
}

export const shareGroupDescribeV1 = createAPI<[groupIds: string[], includeAuthorizedOperations: boolean], ShareGroupDescribeAnswer>(
  77,
  1,
  (groupIds: string[], includeAuthorizedOperations: boolean) =>
    Writer.create()
      .appendArray(groupIds, (w, id) => w.appendString(id), true, false)
      .appendBoolean(includeAuthorizedOperations)
      .appendTaggedFields(),
  parseShareGroupDescribe,
);

// DescribeShareGroupOffsets (90) v0, v1 (v1 adds each partition's lag, KIP-1226) -------------

export interface DescribeShareGroupOffsetsRequestGroup {
  groupId: string;
  /** null: every topic-partition the group has state for. */
  topics: { topicName: string; partitions: number[] }[] | null;
}

export interface DescribeShareGroupOffsetsAnswer {
  throttleTimeMs: number;
  groups: {
    groupId: string;
    topics: {
      topicName: string;
      topicId: string;
      partitions: { partitionIndex: number; startOffset: bigint; leaderEpoch: number; lag: bigint; errorCode: number; errorMessage: string | null }[];
    }[];
    errorCode: number;
    errorMessage: string | null;
  }[];
}

function describeShareGroupOffsets(version: 0 | 1) {
  return createAPI<[groups: DescribeShareGroupOffsetsRequestGroup[]], DescribeShareGroupOffsetsAnswer>(
    90,
    version,
    (groups: DescribeShareGroupOffsetsRequestGroup[]) =>
      Writer.create()
        .appendArray(groups, (w, g) => {
          w.appendString(g.groupId).appendArray(g.topics, (w, t) => {
            w.appendString(t.topicName).appendArray(t.partitions, (w, p) => w.appendInt32(p), true, false);
          });
        })
        .appendTaggedFields(),
    (_c, apiKey, v, r) => {
      const errors: ErrorEntry[] = [];
      const answer: DescribeShareGroupOffsetsAnswer = {
        throttleTimeMs: r.readInt32(),
        groups: r.readArray((r, i) => {
          const groupId = r.readString();
          const topics = r.readArray((r, j) => ({
            topicName: r.readString(),
            topicId: r.readUUID(),
            partitions: r.readArray((r, k) => {
              const partitionIndex = r.readInt32();
              const startOffset = r.readInt64();
              const leaderEpoch = r.readInt32();
              const lag = v >= 1 ? r.readInt64() : -1n; // v0 does not report it
              const errorCode = r.readInt16();
              const errorMessage = r.readNullableString();
              if (errorCode !== 0) errors.push([`/groups/${i}/topics/${j}/partitions/${k}`, [errorCode, errorMessage]]);
              return { partitionIndex, startOffset, leaderEpoch, lag, errorCode, errorMessage };
            }),
          }));
          const errorCode = r.readInt16();
          const errorMessage = r.readNullableString();
          if (errorCode !== 0) errors.push([`/groups/${i}`, [errorCode, errorMessage]]);
          return { groupId, topics, errorCode, errorMessage };
        }),
      };
      r.readTaggedFields();
      return fail(apiKey, v, errors, answer);
    },
  );
}

export const describeShareGroupOffsetsV0 = describeShareGroupOffsets(0);
export const describeShareGroupOffsetsV1 = describeShareGroupOffsets(1);

// AlterShareGroupOffsets (91) v0 ------------------------------------------------------------

export interface AlterShareGroupOffsetsAnswer {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  responses: { topicName: string; topicId: string; partitions: { partitionIndex: number; errorCode: number; errorMessage: string | null }[] }[];
}

export const alterShareGroupOffsetsV0 = createAPI<[groupId: string, topics: { topicName: string; partitions: { partitionIndex: number; startOffset: bigint }[] }[]], AlterShareGroupOffsetsAnswer>(
  91,
  0,
  (groupId: string, topics: { topicName: string; partitions: { partitionIndex: number; startOffset: bigint }[] }[]) =>
    Writer.create()
      .appendString(groupId)
      .appendArray(topics, (w, t) => {
        w.appendString(t.topicName).appendArray(t.partitions, (w, p) => w.appendInt32(p.partitionIndex).appendInt64(p.startOffset));
      })
      .appendTaggedFields(),
  (_c, apiKey, v, r) => {
    const errors: ErrorEntry[] = [];
    const throttleTimeMs = r.readInt32();
    const errorCode = r.readInt16();
    const errorMessage = r.readNullableString();
    if (errorCode !== 0) errors.push(['', [errorCode, errorMessage]]);
    const responses = r.readArray((r, i) => ({
      topicName: r.readString(),
      topicId: r.readUUID(),
      partitions: r.readArray((r, j) => {
        const p = { partitionIndex: r.readInt32(), errorCode: r.readInt16(), errorMessage: r.readNullableString() };
        if (p.errorCode !== 0) errors.push([`/responses/${i}/partitions/${j}`, [p.errorCode, p.errorMessage]]);
        return p;
      }),
    }));
    r.readTaggedFields();
    return fail(apiKey, v, errors, { throttleTimeMs, errorCode, errorMessage, responses });
  },
);

// DeleteShareGroupOffsets (92) v0 -----------------------------------------------------------

export interface DeleteShareGroupOffsetsAnswer {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  responses: { topicName: string; topicId: string; errorCode: number; errorMessage: string | null }[];
}

export const deleteShareGroupOffsetsV0 = createAPI<[groupId: string, topicNames: string[]], DeleteShareGroupOffsetsAnswer>(
  92,
  0,
  (groupId: string, topicNames: string[]) =>
    Writer.create()
      .appendString(groupId)
      .appendArray(topicNames, (w, t) => w.appendString(t))
      .appendTaggedFields(),
  (_c, apiKey, v, r) => {
    const errors: ErrorEntry[] = [];
    const throttleTimeMs = r.readInt32();
    const errorCode = r.readInt16();
    const errorMessage = r.readNullableString();
    if (errorCode !== 0) errors.push(['', [errorCode, errorMessage]]);
    const responses = r.readArray((r, i) => {
      const t = { topicName: r.readString(), topicId: r.readUUID(), errorCode: r.readInt16(), errorMessage: r.readNullableString() };
      if (t.errorCode !== 0) errors.push([`/responses/${i}`, [t.errorCode, t.errorMessage]]);
      return t;
    });
    r.readTaggedFields();
    return fail(apiKey, v, errors, { throttleTimeMs, errorCode, errorMessage, responses });
  },
);

// StreamsGroupDescribe (89) v0, v1 (v1 adds the topology's processor nodes) -------------------

export interface StreamsTopicInfo {
  name: string;
  partitions: number;
  replicationFactor: number;
  topicConfigs: { key: string; value: string }[];
}

export interface StreamsSubtopology {
  subtopologyId: string;
  sourceTopics: string[];
  repartitionSinkTopics: string[];
  stateChangelogTopics: StreamsTopicInfo[];
  repartitionSourceTopics: StreamsTopicInfo[];
}

export interface StreamsTasks {
  activeTasks: { subtopologyId: string; partitions: number[] }[];
  standbyTasks: { subtopologyId: string; partitions: number[] }[];
  warmupTasks: { subtopologyId: string; partitions: number[] }[];
}

export interface StreamsTopologyNode {
  name: string;
  /** 1 source, 2 processor, 3 sink (as Kafka 4.4's coordinator writes them). */
  nodeType: number;
  sourceTopics: string[];
  sinkTopic: string | null;
  stores: string[];
  successors: string[];
}

export interface StreamsGroupDescribeAnswer {
  throttleTimeMs: number;
  groups: {
    errorCode: number;
    errorMessage: string | null;
    groupId: string;
    groupState: string;
    groupEpoch: number;
    assignmentEpoch: number;
    topology: { epoch: number; subtopologies: StreamsSubtopology[] | null } | null;
    members: {
      memberId: string;
      memberEpoch: number;
      instanceId: string | null;
      rackId: string | null;
      clientId: string;
      clientHost: string;
      topologyEpoch: number;
      processId: string;
      userEndpoint: { host: string; port: number } | null;
      clientTags: { key: string; value: string }[];
      taskOffsets: { subtopologyId: string; partition: number; offset: bigint }[];
      taskEndOffsets: { subtopologyId: string; partition: number; offset: bigint }[];
      assignment: StreamsTasks;
      targetAssignment: StreamsTasks;
      isClassic: boolean;
    }[];
    authorizedOperations: number;
    /** v1: the nodes of each subtopology as the application described them; null when not asked or not known. */
    topologyDescription: { subtopologies: { subtopologyId: string; nodes: StreamsTopologyNode[] }[]; globalStores: { source: StreamsTopologyNode; processor: StreamsTopologyNode }[] } | null;
    /** v1: whether the broker has the description (Kafka's TopologyDescriptionStatus code). */
    topologyDescriptionStatus: number;
    assignorName: string | null;
  }[];
}

const readKeyValues = (r: Reader) => r.readArray((r) => ({ key: r.readString(), value: r.readString() }));
const readTopicInfo = (r: Reader): StreamsTopicInfo => ({ name: r.readString(), partitions: r.readInt32(), replicationFactor: r.readInt16(), topicConfigs: readKeyValues(r) });
const readTaskIds = (r: Reader) => r.readArray((r) => ({ subtopologyId: r.readString(), partitions: r.readArray((r) => r.readInt32(), true, false) }));
const readTaskOffsets = (r: Reader) => r.readArray((r) => ({ subtopologyId: r.readString(), partition: r.readInt32(), offset: r.readInt64() }));
function readTasks(r: Reader): StreamsTasks {
  const t = { activeTasks: readTaskIds(r), standbyTasks: readTaskIds(r), warmupTasks: readTaskIds(r) };
  r.readTaggedFields();
  return t;
}
const readNode = (r: Reader): StreamsTopologyNode => ({
  name: r.readString(),
  nodeType: r.readInt8(),
  sourceTopics: r.readArray((r) => r.readString(), true, false),
  sinkTopic: r.readNullableString(),
  stores: r.readArray((r) => r.readString(), true, false),
  successors: r.readArray((r) => r.readString(), true, false),
});
function readNodeStruct(r: Reader): StreamsTopologyNode {
  const n = readNode(r);
  r.readTaggedFields();
  return n;
}

function streamsGroupDescribe(version: 0 | 1) {
  return createAPI<[groupIds: string[], includeAuthorizedOperations: boolean, includeTopologyDescription: boolean], StreamsGroupDescribeAnswer>(
    89,
    version,
    (groupIds: string[], includeAuthorizedOperations: boolean, includeTopologyDescription: boolean) => {
      const w = Writer.create()
        .appendArray(groupIds, (w, id) => w.appendString(id), true, false)
        .appendBoolean(includeAuthorizedOperations);
      if (version >= 1) w.appendBoolean(includeTopologyDescription);
      return w.appendTaggedFields();
    },
    (_c, apiKey, v, r) => {
      const errors: ErrorEntry[] = [];
      const answer: StreamsGroupDescribeAnswer = {
        throttleTimeMs: r.readInt32(),
        groups: r.readArray((r, i) => {
          const errorCode = r.readInt16();
          const errorMessage = r.readNullableString();
          if (errorCode !== 0) errors.push([`/groups/${i}`, [errorCode, errorMessage]]);
          const groupId = r.readString();
          const groupState = r.readString();
          const groupEpoch = r.readInt32();
          const assignmentEpoch = r.readInt32();
          const topology = r.readNullableStruct(() => {
            const t = {
              epoch: r.readInt32(),
              subtopologies: r.readNullableArray((r) => ({
                subtopologyId: r.readString(),
                sourceTopics: r.readArray((r) => r.readString(), true, false),
                repartitionSinkTopics: r.readArray((r) => r.readString(), true, false),
                stateChangelogTopics: r.readArray(readTopicInfo),
                repartitionSourceTopics: r.readArray(readTopicInfo),
              })),
            };
            r.readTaggedFields();
            return t;
          });
          const members = r.readArray((r) => ({
            memberId: r.readString(),
            memberEpoch: r.readInt32(),
            instanceId: r.readNullableString(),
            rackId: r.readNullableString(),
            clientId: r.readString(),
            clientHost: r.readString(),
            topologyEpoch: r.readInt32(),
            processId: r.readString(),
            userEndpoint: r.readNullableStruct(() => {
              const e = { host: r.readString(), port: r.readUnsignedInt16() };
              r.readTaggedFields();
              return e;
            }),
            clientTags: readKeyValues(r),
            taskOffsets: readTaskOffsets(r),
            taskEndOffsets: readTaskOffsets(r),
            assignment: readTasks(r),
            targetAssignment: readTasks(r),
            isClassic: r.readBoolean(),
          }));
          const authorizedOperations = r.readInt32();
          let topologyDescription: StreamsGroupDescribeAnswer['groups'][number]['topologyDescription'] = null;
          let topologyDescriptionStatus = -1;
          let assignorName: string | null = null;
          if (v >= 1) {
            topologyDescription = r.readNullableStruct(() => {
              const d = {
                subtopologies: r.readArray((r) => ({ subtopologyId: r.readString(), nodes: r.readArray(readNode) })),
                globalStores: r.readArray((r) => ({ source: readNodeStruct(r), processor: readNodeStruct(r) })),
              };
              r.readTaggedFields();
              return d;
            });
            topologyDescriptionStatus = r.readInt8();
            assignorName = r.readNullableString();
          }
          return { errorCode, errorMessage, groupId, groupState, groupEpoch, assignmentEpoch, topology, members, authorizedOperations, topologyDescription, topologyDescriptionStatus, assignorName };
        }),
      };
      r.readTaggedFields();
      return fail(apiKey, v, errors, answer);
    },
  );
}

export const streamsGroupDescribeV0 = streamsGroupDescribe(0);
export const streamsGroupDescribeV1 = streamsGroupDescribe(1);
