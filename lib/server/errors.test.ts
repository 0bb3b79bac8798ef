import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromZodError, mapKafkaError, NotFound } from './errors';

describe('mapKafkaError', () => {
  it('maps broker error types to statuses and fields', () => {
    expect(mapKafkaError({ name: 'KafkaJSProtocolError', type: 'TOPIC_ALREADY_EXISTS' }, { topic: 't' })?.toBody()).toEqual({
      error: { code: 'TOPIC_ALREADY_EXISTS', message: 'topic "t" already exists', field: 'name' },
    });
    expect(mapKafkaError({ type: 'UNKNOWN_TOPIC_OR_PARTITION' }, { topic: 't' })?.status).toBe(404);
    expect(mapKafkaError({ type: 'INVALID_REPLICATION_FACTOR', message: 'rf 3 > 1 broker' })?.field).toBe('replicationFactor');
    expect(mapKafkaError({ type: 'NON_EMPTY_GROUP' }, { group: 'g' })?.status).toBe(409);
    // a partition between leaders is a moment's unavailability, never a 500
    expect(mapKafkaError({ name: 'KafkaJSProtocolError', type: 'NOT_LEADER_FOR_PARTITION', message: 'This server is not the leader for that topic-partition' }, { topic: 't' })?.toBody()).toEqual({
      error: { code: 'LEADER_MOVING', message: 'a partition of "t" is changing leaders: This server is not the leader for that topic-partition' },
    });
  });

  it('finds the cause inside KafkaJS retry wrappers', () => {
    const err = { name: 'KafkaJSNumberOfRetriesExceeded', message: 'retries', originalError: { name: 'KafkaJSConnectionError', message: 'connect ECONNREFUSED 127.0.0.1:9092' } };
    const mapped = mapKafkaError(err)!;
    expect(mapped.status).toBe(503);
    expect(mapped.message).toBe('Kafka is unreachable: connect ECONNREFUSED 127.0.0.1:9092');
  });

  it('passes AppErrors through and leaves unknown errors unmapped', () => {
    const nf = new NotFound('x');
    expect(mapKafkaError(nf)).toBe(nf);
    expect(mapKafkaError(new TypeError('boom'))).toBeNull();
  });
});

describe('fromZodError', () => {
  it('names the field and the reason', () => {
    const r = z.object({ partitions: z.number().int().min(1) }).safeParse({ partitions: 0 });
    const err = fromZodError(r.error!);
    expect(err.status).toBe(400);
    expect(err.field).toBe('partitions');
    expect(err.message).toMatch(/^partitions: /);
  });
});
