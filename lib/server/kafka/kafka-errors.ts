import 'server-only';
import { AppError, BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unavailable, Unprocessable } from '../errors';

/**
 * The one place that reads the Kafka client's errors. @platformatic/kafka nests them: an
 * operation that failed after retries is a MultipleErrors holding one error per attempt, a
 * response with errors is a ResponseError holding one ProtocolError per failed resource, and a
 * ProtocolError carries the broker's error name (`apiId`, e.g. "UNKNOWN_TOPIC_OR_PARTITION") and
 * its own message. Errors Riffle throws itself may carry `type` (the same names).
 */
export interface KafkaErrorInfo {
  /** Kafka's protocol error name, when the broker answered with one. */
  type: string | null;
  /** The broker's own message when it gave one, else the client's. */
  message: string;
  /** No broker could be reached, or a request timed out or lost its connection. */
  unreachable: boolean;
}

interface ClientErrorLike {
  name?: string;
  code?: string;
  type?: string;
  apiId?: string;
  serverErrorMessage?: string | null;
  message?: string;
  errors?: unknown[];
  cause?: unknown;
}

const UNREACHABLE_CODES = new Set(['PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT']);
const UNREACHABLE_TEXT = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|socket hang up|Connection closed|closed connection|Cannot connect to any broker/i;

/** Every error in the tree, depth first: the attempt errors, then what each one holds. */
function* walk(err: unknown, depth = 0): Generator<ClientErrorLike> {
  if (!err || typeof err !== 'object' || depth > 6) return;
  const e = err as ClientErrorLike;
  yield e;
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* walk(inner, depth + 1);
  if (e.cause) yield* walk(e.cause, depth + 1);
}

export function kafkaErrorInfo(err: unknown): KafkaErrorInfo {
  let type: string | null = null;
  let message: string | null = null;
  let unreachable = false;
  let firstMessage: string | null = null;
  for (const e of walk(err)) {
    firstMessage ??= e.message ?? null;
    const t = e.apiId ?? e.type;
    if (!type && typeof t === 'string' && /^[A-Z][A-Z_]+$/.test(t)) {
      type = t;
      message = e.serverErrorMessage || e.message || t;
    }
    if ((e.code && UNREACHABLE_CODES.has(e.code)) || UNREACHABLE_TEXT.test(e.message ?? '')) unreachable = true;
  }
  if (type) unreachable = false; // a broker answered
  // The deepest network error says why ("connect ECONNREFUSED 127.0.0.1:9092"); the outer ones only that retries ran out.
  if (!message && unreachable) for (const e of walk(err)) if (e.message && UNREACHABLE_TEXT.test(e.message)) message = e.message;
  return { type, message: message ?? firstMessage ?? String(err), unreachable };
}

const LEADER_TYPES = new Set(['NOT_LEADER_OR_FOLLOWER', 'NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH', 'REPLICA_NOT_AVAILABLE']);
const COORDINATOR_TYPES = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);

/** A partition between leaders, or a leader we could not reach: ask again with fresh metadata. */
export function isLeaderError(err: unknown): boolean {
  const info = kafkaErrorInfo(err);
  return info.type ? LEADER_TYPES.has(info.type) : info.unreachable;
}

/** A group's coordinator moved or is loading: look it up again. */
export function isCoordinatorError(err: unknown): boolean {
  const type = kafkaErrorInfo(err).type;
  return type !== null && COORDINATOR_TYPES.has(type);
}

export function isUnreachable(err: unknown): boolean {
  return kafkaErrorInfo(err).unreachable;
}

/** An error the layer raises itself, shaped like the broker's (type = Kafka's error name). */
export class KafkaProtocolError extends Error {
  constructor(
    readonly type: string,
    message?: string | null,
  ) {
    super(message || type);
    this.name = 'KafkaProtocolError';
  }
}

/** A short human reason ("connect ECONNREFUSED 127.0.0.1:9092"). */
export function describeCause(err: unknown): string {
  if (!err || typeof err !== 'object') return String(err);
  return kafkaErrorInfo(err).message || 'unknown error';
}

/** Maps an error from the Kafka client (or anything else) to an AppError; unknown errors become null. */
export function mapKafkaError(err: unknown, context: { topic?: string; group?: string } = {}): AppError | null {
  if (err instanceof AppError) return err;
  if (!err || typeof err !== 'object') return null;
  const { type, message, unreachable } = kafkaErrorInfo(err);
  switch (type) {
    case 'TOPIC_ALREADY_EXISTS':
      return new Conflict(`topic "${context.topic ?? ''}" already exists`, 'name', 'TOPIC_ALREADY_EXISTS');
    case 'UNKNOWN_TOPIC_OR_PARTITION':
    case 'UNKNOWN_TOPIC_ID':
      return new NotFound(context.topic ? `topic "${context.topic}" does not exist` : 'unknown topic or partition', 'topic');
    case 'INVALID_TOPIC_EXCEPTION':
      return new BadRequest(message || 'invalid topic name', 'name', 'INVALID_TOPIC');
    case 'INVALID_PARTITIONS':
      return new BadRequest(message || 'invalid partition count', 'partitions', 'INVALID_PARTITIONS');
    case 'INVALID_REPLICATION_FACTOR':
      return new BadRequest(message || 'invalid replication factor', 'replicationFactor', 'INVALID_REPLICATION_FACTOR');
    case 'INVALID_CONFIG':
      return new BadRequest(message || 'invalid config', 'configs', 'INVALID_CONFIG');
    case 'POLICY_VIOLATION':
      return new Unprocessable(message || 'rejected by the broker policy', undefined, 'POLICY_VIOLATION');
    case 'GROUP_ID_NOT_FOUND':
      return new NotFound(`consumer group "${context.group ?? ''}" does not exist`, 'group');
    case 'NON_EMPTY_GROUP':
      return new Conflict(`consumer group "${context.group ?? ''}" still has active members`, 'group', 'NON_EMPTY_GROUP');
    case 'UNKNOWN_MEMBER_ID':
    case 'STALE_MEMBER_EPOCH':
      return new Conflict(`consumer group "${context.group ?? ''}" is active: ${message}`, 'group', 'GROUP_ACTIVE');
    case 'OFFSET_OUT_OF_RANGE':
      return new BadRequest('offset out of range', 'offset', 'OFFSET_OUT_OF_RANGE');
    case 'MESSAGE_TOO_LARGE':
    case 'RECORD_LIST_TOO_LARGE':
      return new PayloadTooLarge("the message is larger than the topic's max.message.bytes", 'value');
    case 'TOPIC_AUTHORIZATION_FAILED':
    case 'GROUP_AUTHORIZATION_FAILED':
    case 'CLUSTER_AUTHORIZATION_FAILED':
    case 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED':
      return new Forbidden(`the cluster refused: ${message || type}`);
    // Security administration (ACLs, SCRAM credentials, client quotas)
    case 'SECURITY_DISABLED':
      return new Unprocessable(`the cluster has no authorizer configured, so it keeps no ACLs: ${message}`, undefined, 'SECURITY_DISABLED');
    case 'RESOURCE_NOT_FOUND':
      return new NotFound(message || 'no such resource');
    case 'UNACCEPTABLE_CREDENTIAL':
      return new BadRequest(message || 'the broker refused the credential', 'iterations', 'UNACCEPTABLE_CREDENTIAL');
    case 'UNSUPPORTED_SASL_MECHANISM':
      return new BadRequest(message || 'unsupported SASL mechanism', 'mechanism', 'UNSUPPORTED_SASL_MECHANISM');
    case 'DUPLICATE_RESOURCE':
      return new Conflict(message || 'already exists', undefined, 'DUPLICATE_RESOURCE');
    case 'INVALID_REQUEST':
      return new BadRequest(message || 'the broker refused the request as invalid', undefined, 'INVALID_REQUEST');
    case 'SASL_AUTHENTICATION_FAILED':
      return new Unavailable(`SASL authentication failed: ${message}`.trim(), 'KAFKA_AUTH_FAILED');
    // A partition between leaders (a broker stopping, a topic just created): try again shortly.
    case 'NOT_LEADER_FOR_PARTITION':
    case 'NOT_LEADER_OR_FOLLOWER':
    case 'LEADER_NOT_AVAILABLE':
    case 'FENCED_LEADER_EPOCH':
    case 'UNKNOWN_LEADER_EPOCH':
      return new Unavailable(`a partition${context.topic ? ` of "${context.topic}"` : ''} is changing leaders: ${message}`, 'LEADER_MOVING');
    case 'NOT_COORDINATOR':
    case 'COORDINATOR_NOT_AVAILABLE':
    case 'COORDINATOR_LOAD_IN_PROGRESS':
      return new Unavailable(`the group coordinator is moving or loading: ${message}`, 'COORDINATOR_MOVING');
  }
  if ((err as ClientErrorLike).code === 'PLT_KFK_AUTHENTICATION') return new Unavailable(`SASL authentication failed: ${message}`.trim(), 'KAFKA_AUTH_FAILED');
  if (unreachable) return new Unavailable(`Kafka is unreachable: ${message}`);
  return null;
}
