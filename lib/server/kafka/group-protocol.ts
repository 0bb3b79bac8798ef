import 'server-only';
import { Decoder, Encoder, type KafkaJsBroker, type KafkaJsDecoder, type KafkaJsEncoder } from './low-level';

// Two group APIs in the batched forms KafkaJS 2.2.4 doesn't speak, encoded by hand with KafkaJS's
// own Encoder/Decoder and sent over its broker connections (as describe-quorum.ts does):
// - OffsetFetch v8+ (KIP-709): the committed offsets of many groups in one request to their
//   coordinator. v10 names topics by id only, so at most v9 is used (v8 and v9 differ only in
//   the request's member id/epoch, left null/-1: an admin read).
// - FindCoordinator v4+ (KIP-699): the coordinators of many groups in one request.
// Both are flexible versions: compact strings/arrays and tagged fields. KafkaJS writes the v1
// request header, so each body starts with the empty tag buffer that completes it into v2, and
// each response starts with the v1 response header's tag buffer.

export const OFFSET_FETCH = 9;
export const FIND_COORDINATOR = 10;
export const OFFSET_FETCH_MIN_BATCHED = 8;
const OFFSET_FETCH_MAX_USED = 9;
export const FIND_COORDINATOR_MIN_BATCHED = 4;
const FIND_COORDINATOR_MAX_USED = 4;

/** Error codes a caller handles by looking the coordinator up again and retrying. */
export const COORDINATOR_LOAD_IN_PROGRESS = 14;
export const COORDINATOR_NOT_AVAILABLE = 15;
export const NOT_COORDINATOR = 16;
export const GROUP_ID_NOT_FOUND = 69;
export const retriableCoordinatorError = (code: number) => code === COORDINATOR_LOAD_IN_PROGRESS || code === COORDINATOR_NOT_AVAILABLE || code === NOT_COORDINATOR;

export interface FetchedPartition {
  partition: number;
  /** -1: no commit. */
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface FetchedGroup {
  groupId: string;
  errorCode: number;
  topics: { topic: string; partitions: FetchedPartition[] }[];
}

export interface OffsetFetchResponse {
  throttleTimeMs: number;
  groups: FetchedGroup[];
}

export interface FoundCoordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  throttleTimeMs: number;
  coordinators: FoundCoordinator[];
}

function checkVersion(api: string, version: number, min: number, max: number): void {
  if (!Number.isInteger(version) || version < min || version > max) throw new Error(`${api} v${version} is not supported here (v${min}–v${max})`);
}

/**
 * The OffsetFetch version to use with this broker for many groups at once, or null when it
 * only knows the one-group versions (Kafka before 3.0).
 */
export function batchedOffsetFetchVersion(broker: Pick<KafkaJsBroker, 'versions'>): number | null {
  const v = broker.versions?.[OFFSET_FETCH];
  if (!v || v.maxVersion < OFFSET_FETCH_MIN_BATCHED) return null;
  return Math.min(v.maxVersion, OFFSET_FETCH_MAX_USED);
}

/** The FindCoordinator version for many keys at once, or null (Kafka before 3.0). */
export function batchedFindCoordinatorVersion(broker: Pick<KafkaJsBroker, 'versions'>): number | null {
  const v = broker.versions?.[FIND_COORDINATOR];
  if (!v || v.maxVersion < FIND_COORDINATOR_MIN_BATCHED) return null;
  return Math.min(v.maxVersion, FIND_COORDINATOR_MAX_USED);
}

/**
 * OffsetFetch v8/v9 request body: every group with null topics (= every partition it committed
 * to), require_stable false (a console reads what is committed, it doesn't wait on
 * transactions).
 */
export function encodeOffsetFetchRequest(groupIds: string[], version: number): KafkaJsEncoder {
  checkVersion('OffsetFetch', version, OFFSET_FETCH_MIN_BATCHED, OFFSET_FETCH_MAX_USED);
  const groups = groupIds.map((groupId) => {
    const g = new Encoder().writeUVarIntString(groupId);
    if (version >= 9) g.writeUVarIntString(null).writeInt32(-1); // member_id, member_epoch: not a member
    return g.writeUVarIntArray(null).writeUVarIntBytes(); // topics: null; tagged fields
  });
  return new Encoder().writeUVarIntBytes().writeUVarIntArray(groups).writeBoolean(false).writeUVarIntBytes();
}

function decodePartition(d: KafkaJsDecoder): FetchedPartition {
  const partition = d.readInt32();
  const offset = Number(d.readInt64().toString());
  const leaderEpoch = d.readInt32();
  const metadata = d.readUVarIntString();
  const errorCode = d.readInt16();
  d.readTaggedFields();
  return { partition, offset, leaderEpoch, metadata, errorCode };
}

/** OffsetFetch v8/v9 response (response header v1 included). */
export function decodeOffsetFetchResponse(raw: Buffer, version: number): OffsetFetchResponse {
  checkVersion('OffsetFetch', version, OFFSET_FETCH_MIN_BATCHED, OFFSET_FETCH_MAX_USED);
  const d = new Decoder(raw);
  d.readTaggedFields(); // response header
  const throttleTimeMs = d.readInt32();
  const groups =
    d.readUVarIntArray((g) => {
      const groupId = g.readUVarIntString() ?? '';
      const topics =
        g.readUVarIntArray((t) => {
          const topic = t.readUVarIntString() ?? '';
          const partitions = t.readUVarIntArray(decodePartition) ?? [];
          t.readTaggedFields();
          return { topic, partitions };
        }) ?? [];
      const errorCode = g.readInt16();
      g.readTaggedFields();
      return { groupId, errorCode, topics };
    }) ?? [];
  d.readTaggedFields();
  return { throttleTimeMs, groups };
}

/** FindCoordinator v4 request body: key type (0 group, 1 transaction) and the keys. */
export function encodeFindCoordinatorRequest(keys: string[], version: number, keyType = 0): KafkaJsEncoder {
  checkVersion('FindCoordinator', version, FIND_COORDINATOR_MIN_BATCHED, FIND_COORDINATOR_MAX_USED);
  const e = new Encoder().writeUVarIntBytes().writeInt8(keyType).writeUVarInt(keys.length + 1);
  for (const k of keys) e.writeUVarIntString(k);
  return e.writeUVarIntBytes();
}

/** FindCoordinator v4 response (response header v1 included). */
export function decodeFindCoordinatorResponse(raw: Buffer, version: number): FindCoordinatorResponse {
  checkVersion('FindCoordinator', version, FIND_COORDINATOR_MIN_BATCHED, FIND_COORDINATOR_MAX_USED);
  const d = new Decoder(raw);
  d.readTaggedFields();
  const throttleTimeMs = d.readInt32();
  const coordinators =
    d.readUVarIntArray((c) => {
      const found: FoundCoordinator = {
        key: c.readUVarIntString() ?? '',
        nodeId: c.readInt32(),
        host: c.readUVarIntString() ?? '',
        port: c.readInt32(),
        errorCode: c.readInt16(),
        errorMessage: c.readUVarIntString(),
      };
      c.readTaggedFields();
      return found;
    }) ?? [];
  d.readTaggedFields();
  return { throttleTimeMs, coordinators };
}

/** Sends one hand-encoded request over the broker's KafkaJS connection and decodes the answer. */
async function send<T>(broker: KafkaJsBroker, apiKey: number, apiName: string, apiVersion: number, body: KafkaJsEncoder, decode: (raw: Buffer) => T): Promise<T> {
  let decoded: T | undefined;
  await broker.connectionPool.send({
    request: { apiKey, apiVersion, apiName, encode: async () => body },
    response: {
      decode: async (raw: Buffer) => (decoded = decode(raw)),
      parse: async (data: unknown) => data,
    },
  });
  if (decoded === undefined) throw new Error(`${apiName} returned no answer`);
  return decoded;
}

/** Committed offsets of many groups from their coordinator, in one request. */
export function sendOffsetFetch(broker: KafkaJsBroker, groupIds: string[], version: number): Promise<OffsetFetchResponse> {
  return send(broker, OFFSET_FETCH, 'OffsetFetch', version, encodeOffsetFetchRequest(groupIds, version), (raw) => decodeOffsetFetchResponse(raw, version));
}

/** The coordinators of many groups, from any broker, in one request. */
export function sendFindCoordinators(broker: KafkaJsBroker, groupIds: string[], version: number): Promise<FindCoordinatorResponse> {
  return send(broker, FIND_COORDINATOR, 'FindCoordinator', version, encodeFindCoordinatorRequest(groupIds, version), (raw) => decodeFindCoordinatorResponse(raw, version));
}
