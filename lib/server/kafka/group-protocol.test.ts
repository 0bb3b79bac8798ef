import { describe, expect, it } from 'vitest';
import {
  batchedFindCoordinatorVersion,
  batchedOffsetFetchVersion,
  decodeFindCoordinatorResponse,
  decodeOffsetFetchResponse,
  encodeFindCoordinatorRequest,
  encodeOffsetFetchRequest,
} from './group-protocol';

// Expected bytes are written out from the protocol's grammar (kafka.apache.org/protocol), not
// produced by the encoder under test. Flexible versions: compact strings and arrays carry
// length + 1 as an unsigned varint (0 = null), and every struct ends with a tag buffer (0x00
// when empty).

const str = (s: string) => [s.length + 1, ...Buffer.from(s)];
const int16 = (n: number) => [...Buffer.from([(n >> 8) & 0xff, n & 0xff])];
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return [...b];
};
const int64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return [...b];
};
const TAGS = 0x00;
const NULL = 0x00;

describe('OffsetFetch v8+ (many groups per request)', () => {
  it('encodes v8: groups with null topics, require_stable false', () => {
    const bytes = encodeOffsetFetchRequest(['g1', 'grp'], 8).buffer;
    expect([...bytes]).toEqual([
      TAGS, // completes KafkaJS's v1 request header into v2
      3, // two groups
      ...str('g1'), NULL /* topics: all */, TAGS,
      ...str('grp'), NULL, TAGS,
      0, // require_stable
      TAGS,
    ]);
  });

  it('encodes v9 with member id null and member epoch -1 (an admin read, not a member)', () => {
    const bytes = encodeOffsetFetchRequest(['g'], 9).buffer;
    expect([...bytes]).toEqual([TAGS, 2, ...str('g'), NULL, 0xff, 0xff, 0xff, 0xff, NULL, TAGS, 0, TAGS]);
  });

  it('writes a group count above 127 as a two-byte varint', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `g${i}`);
    const bytes = encodeOffsetFetchRequest(ids, 8).buffer;
    // 201 = 0b1_1001001 → 0xc9 0x01
    expect([...bytes.subarray(0, 3)]).toEqual([TAGS, 0xc9, 0x01]);
    expect([...bytes.subarray(3, 3 + 5)]).toEqual([...str('g0'), NULL, TAGS]);
  });

  it('refuses versions it cannot encode (v10 names topics by id)', () => {
    expect(() => encodeOffsetFetchRequest(['g'], 7)).toThrow(/v7/);
    expect(() => encodeOffsetFetchRequest(['g'], 10)).toThrow(/v10/);
  });

  it('decodes groups, topics, partitions, metadata and error codes', () => {
    const raw = Buffer.from([
      TAGS, // response header v1
      ...int32(7), // throttle_time_ms
      4, // three groups
      // "orders": one topic, two partitions
      ...str('orders'),
      2,
      ...str('t1'),
      3,
      ...int32(0), ...int64(42n), ...int32(5), ...str('meta'), ...int16(0), TAGS,
      ...int32(1), ...int64(-1n), ...int32(-1), NULL, ...int16(0), TAGS,
      TAGS, // topic tags
      ...int16(0), // group error
      TAGS,
      // "empty": no commits
      ...str('empty'), 1, ...int16(0), TAGS,
      // "moved": NOT_COORDINATOR
      ...str('moved'), 1, ...int16(16), TAGS,
      TAGS,
    ]);
    expect(decodeOffsetFetchResponse(raw, 8)).toEqual({
      throttleTimeMs: 7,
      groups: [
        {
          groupId: 'orders',
          errorCode: 0,
          topics: [
            {
              topic: 't1',
              partitions: [
                { partition: 0, offset: 42, leaderEpoch: 5, metadata: 'meta', errorCode: 0 },
                { partition: 1, offset: -1, leaderEpoch: -1, metadata: null, errorCode: 0 },
              ],
            },
          ],
        },
        { groupId: 'empty', errorCode: 0, topics: [] },
        { groupId: 'moved', errorCode: 16, topics: [] },
      ],
    });
  });

  it('skips tagged fields it does not know', () => {
    // A partition carrying one tagged field (tag 3, 2 bytes) must not shift what follows.
    const raw = Buffer.from([
      TAGS, ...int32(0), 2,
      ...str('g'), 2, ...str('t'), 2,
      ...int32(4), ...int64(9_007_199_254_740_991n), ...int32(0), NULL, ...int16(0), 1, 3, 3, 0xab, 0xcd,
      TAGS, ...int16(0), TAGS, TAGS,
    ]);
    const { groups } = decodeOffsetFetchResponse(raw, 9);
    expect(groups[0]!.topics[0]!.partitions[0]).toEqual({ partition: 4, offset: Number.MAX_SAFE_INTEGER, leaderEpoch: 0, metadata: null, errorCode: 0 });
    expect(groups[0]!.errorCode).toBe(0);
  });

  it('uses v8 or v9 where the broker advertises them, and nothing below v8', () => {
    expect(batchedOffsetFetchVersion({ versions: { 9: { minVersion: 1, maxVersion: 10 } } })).toBe(9); // Kafka 4.x
    expect(batchedOffsetFetchVersion({ versions: { 9: { minVersion: 0, maxVersion: 8 } } })).toBe(8); // Kafka 3.0–3.6
    expect(batchedOffsetFetchVersion({ versions: { 9: { minVersion: 0, maxVersion: 7 } } })).toBeNull(); // Kafka 2.x
    expect(batchedOffsetFetchVersion({ versions: {} })).toBeNull();
    expect(batchedOffsetFetchVersion({ versions: null })).toBeNull();
  });
});

describe('FindCoordinator v4 (many keys per request)', () => {
  it('encodes the key type and the keys', () => {
    expect([...encodeFindCoordinatorRequest(['a', 'bc'], 4).buffer]).toEqual([TAGS, 0 /* group */, 3, ...str('a'), ...str('bc'), TAGS]);
  });

  it('decodes coordinators with their errors', () => {
    const raw = Buffer.from([
      TAGS, ...int32(0), 3,
      ...str('a'), ...int32(2), ...str('broker-2'), ...int32(9094), ...int16(0), NULL, TAGS,
      ...str('bc'), ...int32(-1), ...str(''), ...int32(-1), ...int16(15), ...str('not available'), TAGS,
      TAGS,
    ]);
    expect(decodeFindCoordinatorResponse(raw, 4)).toEqual({
      throttleTimeMs: 0,
      coordinators: [
        { key: 'a', nodeId: 2, host: 'broker-2', port: 9094, errorCode: 0, errorMessage: null },
        { key: 'bc', nodeId: -1, host: '', port: -1, errorCode: 15, errorMessage: 'not available' },
      ],
    });
  });

  it('uses v4 where advertised, nothing below', () => {
    expect(batchedFindCoordinatorVersion({ versions: { 10: { minVersion: 0, maxVersion: 6 } } })).toBe(4);
    expect(batchedFindCoordinatorVersion({ versions: { 10: { minVersion: 0, maxVersion: 3 } } })).toBeNull();
  });
});
