import { Admin, MultipleErrors, ProtocolError, protocolErrors, ResponseError } from '@platformatic/kafka';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { NotFound } from '../errors';
import { isCoordinatorError, isLeaderError, kafkaErrorInfo, KafkaProtocolError, mapKafkaError } from './kafka-errors';

// Errors as @platformatic/kafka builds them: a ResponseError holds one ProtocolError per failed
// resource, and an operation that ran out of retries is a MultipleErrors of its attempts.
const protocol = (id: string, message?: string) => new ProtocolError(id, message);
const response = (...errors: [string, string | null][]) =>
  new ResponseError(19, 7, Object.fromEntries(errors.map(([id, msg], i) => [`/topics/${i}`, [codeOf(id), msg]])), { topics: [] });
const codeOf = (id: string) => protocolErrors[id]!.code;

describe('mapKafkaError', () => {
  it('maps broker error types to statuses and fields', () => {
    expect(mapKafkaError(protocol('TOPIC_ALREADY_EXISTS'), { topic: 't' })?.toBody()).toEqual({
      error: { code: 'TOPIC_ALREADY_EXISTS', message: 'topic "t" already exists', field: 'name' },
    });
    expect(mapKafkaError(protocol('UNKNOWN_TOPIC_OR_PARTITION'), { topic: 't' })?.status).toBe(404);
    expect(mapKafkaError(protocol('INVALID_REPLICATION_FACTOR', 'rf 3 > 1 broker'))?.field).toBe('replicationFactor');
    expect(mapKafkaError(protocol('NON_EMPTY_GROUP'), { group: 'g' })?.status).toBe(409);
    // a partition between leaders is a moment's unavailability, never a 500
    expect(mapKafkaError(protocol('NOT_LEADER_OR_FOLLOWER', 'This server is not the leader for that topic-partition'), { topic: 't' })?.toBody()).toEqual({
      error: { code: 'LEADER_MOVING', message: 'a partition of "t" is changing leaders: This server is not the leader for that topic-partition' },
    });
    // errors the layer raises itself read the same way
    expect(mapKafkaError(new KafkaProtocolError('GROUP_ID_NOT_FOUND'), { group: 'g' })?.status).toBe(404);
  });

  it("finds the broker's own message inside the client's wrappers", () => {
    const err = new MultipleErrors('Creating topics failed.', [response(['INVALID_CONFIG', 'Unknown topic config name: nope.x'])]);
    expect(kafkaErrorInfo(err)).toEqual({ type: 'INVALID_CONFIG', message: 'Unknown topic config name: nope.x', unreachable: false });
    expect(mapKafkaError(err)?.toBody()).toEqual({ error: { code: 'INVALID_CONFIG', message: 'Unknown topic config name: nope.x', field: 'configs' } });
  });

  it('says why the cluster is unreachable, from a real connection refused', async () => {
    // a port nothing listens on: bind one, close it, point a real client at it
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const admin = new Admin({ clientId: 'errors-test', bootstrapBrokers: [`127.0.0.1:${port}`], retries: 1, retryDelay: 10, connectTimeout: 500 });
    const err = await admin.listTopics().then(
      () => null,
      (e: unknown) => e,
    );
    await admin.close();
    const mapped = mapKafkaError(err)!;
    expect(mapped.status).toBe(503);
    expect(mapped.message).toMatch(new RegExp(`^Kafka is unreachable: .*(ECONNREFUSED|${port})`));
    expect(isLeaderError(err)).toBe(true); // unreachable leader: ask again with fresh metadata
  });

  it('tells leader and coordinator errors apart', () => {
    expect(isLeaderError(response(['NOT_LEADER_OR_FOLLOWER', null]))).toBe(true);
    expect(isLeaderError(protocol('TOPIC_ALREADY_EXISTS'))).toBe(false);
    expect(isCoordinatorError(new MultipleErrors('x', [response(['NOT_COORDINATOR', null])]))).toBe(true);
    expect(isCoordinatorError(protocol('NOT_LEADER_OR_FOLLOWER'))).toBe(false);
  });

  it('passes AppErrors through and leaves unknown errors unmapped', () => {
    const nf = new NotFound('x');
    expect(mapKafkaError(nf)).toBe(nf);
    expect(mapKafkaError(new TypeError('boom'))).toBeNull();
  });
});
