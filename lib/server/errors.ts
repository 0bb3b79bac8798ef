import 'server-only';
import { ZodError } from 'zod';
import type { ApiErrorBody } from '@/lib/contracts/errors';

/** Every error a route can answer with. Thrown anywhere in lib/server, mapped once in http.ts. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export class BadRequest extends AppError {
  constructor(message: string, field?: string, code = 'BAD_REQUEST') {
    super(400, code, message, field);
  }
}
export class Unauthorized extends AppError {
  constructor(message = 'Sign in to use the console', code = 'UNAUTHORIZED') {
    super(401, code, message);
  }
}
export class Forbidden extends AppError {
  constructor(message: string, code = 'FORBIDDEN') {
    super(403, code, message);
  }
}
export class NotFound extends AppError {
  constructor(message: string, field?: string) {
    super(404, 'NOT_FOUND', message, field);
  }
}
export class Conflict extends AppError {
  constructor(message: string, field?: string, code = 'CONFLICT') {
    super(409, code, message, field);
  }
}
export class PayloadTooLarge extends AppError {
  constructor(message: string, field?: string) {
    super(413, 'PAYLOAD_TOO_LARGE', message, field);
  }
}
export class Unprocessable extends AppError {
  constructor(message: string, field?: string, code = 'UNPROCESSABLE') {
    super(422, code, message, field);
  }
}
export class TooManyRequests extends AppError {
  constructor(message: string) {
    super(429, 'TOO_MANY_REQUESTS', message);
  }
}
export class Unavailable extends AppError {
  constructor(message: string, code = 'KAFKA_UNAVAILABLE') {
    super(503, code, message);
  }
}

/** A ZodError becomes a 400 naming the first offending field and why. */
export function fromZodError(err: ZodError): BadRequest {
  const issue = err.issues[0];
  const field = issue && issue.path.length ? issue.path.join('.') : undefined;
  const message = issue ? `${field ?? 'body'}: ${issue.message}` : 'invalid input';
  return new BadRequest(message, field, 'VALIDATION_FAILED');
}

// KafkaJS error types (error.type) that mean "the cluster can't be reached right now".
const unreachableNames = new Set([
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSConnectionClosedError',
  'KafkaJSNonRetriableError',
]);

interface KafkaJsLikeError {
  name?: string;
  type?: string;
  message?: string;
  cause?: unknown;
  originalError?: unknown;
}

function rootCause(err: KafkaJsLikeError): KafkaJsLikeError {
  let current: KafkaJsLikeError = err;
  for (let i = 0; i < 5; i++) {
    const next = (current.originalError ?? current.cause) as KafkaJsLikeError | undefined;
    if (!next || typeof next !== 'object') break;
    current = next;
  }
  return current;
}

/** Maps an error from KafkaJS (or anything else) to an AppError; unknown errors become null. */
export function mapKafkaError(err: unknown, context: { topic?: string; group?: string } = {}): AppError | null {
  if (err instanceof AppError) return err;
  if (!err || typeof err !== 'object') return null;
  const e = err as KafkaJsLikeError;
  const root = rootCause(e);
  const type = root.type ?? e.type;
  switch (type) {
    case 'TOPIC_ALREADY_EXISTS':
      return new Conflict(`topic "${context.topic ?? ''}" already exists`, 'name', 'TOPIC_ALREADY_EXISTS');
    case 'UNKNOWN_TOPIC_OR_PARTITION':
      return new NotFound(context.topic ? `topic "${context.topic}" does not exist` : 'unknown topic or partition', 'topic');
    case 'INVALID_TOPIC_EXCEPTION':
      return new BadRequest(root.message ?? 'invalid topic name', 'name', 'INVALID_TOPIC');
    case 'INVALID_PARTITIONS':
      return new BadRequest(root.message ?? 'invalid partition count', 'partitions', 'INVALID_PARTITIONS');
    case 'INVALID_REPLICATION_FACTOR':
      return new BadRequest(root.message ?? 'invalid replication factor', 'replicationFactor', 'INVALID_REPLICATION_FACTOR');
    case 'INVALID_CONFIG':
      return new BadRequest(root.message ?? 'invalid config', 'configs', 'INVALID_CONFIG');
    case 'POLICY_VIOLATION':
      return new Unprocessable(root.message ?? 'rejected by the broker policy', undefined, 'POLICY_VIOLATION');
    case 'GROUP_ID_NOT_FOUND':
      return new NotFound(`consumer group "${context.group ?? ''}" does not exist`, 'group');
    case 'NON_EMPTY_GROUP':
      return new Conflict(`consumer group "${context.group ?? ''}" still has active members`, 'group', 'NON_EMPTY_GROUP');
    case 'OFFSET_OUT_OF_RANGE':
      return new BadRequest('offset out of range', 'offset', 'OFFSET_OUT_OF_RANGE');
    case 'MESSAGE_TOO_LARGE':
    case 'RECORD_LIST_TOO_LARGE':
      return new PayloadTooLarge("the message is larger than the topic's max.message.bytes", 'value');
    case 'TOPIC_AUTHORIZATION_FAILED':
    case 'GROUP_AUTHORIZATION_FAILED':
    case 'CLUSTER_AUTHORIZATION_FAILED':
      return new Forbidden(`the cluster refused: ${root.message ?? type}`);
    case 'SASL_AUTHENTICATION_FAILED':
      return new Unavailable(`SASL authentication failed: ${root.message ?? ''}`.trim(), 'KAFKA_AUTH_FAILED');
    // A partition between leaders (a broker stopping, a topic just created): try again shortly.
    case 'NOT_LEADER_FOR_PARTITION':
    case 'NOT_LEADER_OR_FOLLOWER':
    case 'LEADER_NOT_AVAILABLE':
    case 'FENCED_LEADER_EPOCH':
    case 'UNKNOWN_LEADER_EPOCH':
      return new Unavailable(`a partition${context.topic ? ` of "${context.topic}"` : ''} is changing leaders: ${root.message ?? type}`, 'LEADER_MOVING');
  }
  const name = root.name ?? e.name ?? '';
  if (unreachableNames.has(name) || unreachableNames.has(e.name ?? '') || /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Connection error|Closed connection/i.test(root.message ?? '')) {
    return new Unavailable(`Kafka is unreachable: ${describeCause(e)}`);
  }
  return null;
}

/** A short human reason from a KafkaJS error chain ("connect ECONNREFUSED 127.0.0.1:9092"). */
export function describeCause(err: unknown): string {
  if (!err || typeof err !== 'object') return String(err);
  const root = rootCause(err as KafkaJsLikeError);
  return root.message || (err as KafkaJsLikeError).message || 'unknown error';
}
