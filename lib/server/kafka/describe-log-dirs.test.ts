import { describe, expect, it } from 'vitest';
import { decodeDescribeLogDirs, encodeDescribeLogDirs, logDirBytes } from './describe-log-dirs';

// Bytes written out by hand from Kafka's DescribeLogDirsRequest/Response.json (kafka-clients
// common/message): flexible versions use compact strings and arrays (length + 1 as an unsigned
// varint, 0 = null) and a tag buffer (0 = no tagged fields) after every struct.
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const i64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b.toString('hex');
};
const compact = (s: string) => (s.length + 1).toString(16).padStart(2, '0') + Buffer.from(s).toString('hex');

describe('DescribeLogDirs request', () => {
  it('v4: every topic is a null compact array, between the header and body tag buffers', () => {
    expect(encodeDescribeLogDirs({ topics: null }, 4).buffer).toEqual(hex('00 00 00'));
  });

  it('v4: named topics with a compact int32 array of partitions', () => {
    expect(encodeDescribeLogDirs({ topics: [{ topic: 'ab', partitions: [0, 2] }] }, 4).buffer).toEqual(
      hex(`00  02  ${compact('ab')} 03 00000000 00000002 00  00`),
    );
  });

  it('v1: classic INT32-length arrays and INT16-length strings, null as -1', () => {
    expect(encodeDescribeLogDirs({ topics: null }, 1).buffer).toEqual(hex('ffffffff'));
    expect(encodeDescribeLogDirs({ topics: [{ topic: 'ab', partitions: [7] }] }, 1).buffer).toEqual(hex('00000001 0002 6162 00000001 00000007'));
  });
});

describe('DescribeLogDirs response', () => {
  const partition = (index: number, size: number, lag: number, future: boolean) => `${index.toString(16).padStart(8, '0')} ${i64(size)} ${i64(lag)} ${future ? '01' : '00'} 00`;

  it('v4: dirs, topics, partition sizes, and the volume total and usable bytes', () => {
    const raw = hex(
      [
        '00', // response header tags
        '00000000', // throttle
        '0000', // error code (v3+)
        '03', // 2 results
        // dir 1: two topics
        `0000 ${compact('/data/a')} 03`,
        `${compact('t1')} 03 ${partition(0, 1000, 0, false)} ${partition(1, 24, 3, false)} 00`,
        `${compact('t2')} 02 ${partition(5, 500, 0, true)} 00`,
        `${i64(10_000_000_000)} ${i64(4_000_000_000)} 00`,
        // dir 2: offline (KAFKA_STORAGE_ERROR 57), no topics, sizes unknown (-1)
        `0039 ${compact('/data/b')} 01 ${i64(-1)} ${i64(-1)} 00`,
        '00', // body tags
      ].join(' '),
    );
    const dirs = decodeDescribeLogDirs(raw, 4);
    expect(dirs).toEqual([
      {
        path: '/data/a',
        errorCode: 0,
        totalBytes: 10_000_000_000,
        usableBytes: 4_000_000_000,
        topics: [
          {
            name: 't1',
            partitions: [
              { partition: 0, bytes: 1000, offsetLag: 0, isFuture: false },
              { partition: 1, bytes: 24, offsetLag: 3, isFuture: false },
            ],
          },
          { name: 't2', partitions: [{ partition: 5, bytes: 500, offsetLag: 0, isFuture: true }] },
        ],
      },
      { path: '/data/b', errorCode: 57, totalBytes: null, usableBytes: null, topics: [] },
    ]);
    // a future log (a move in progress) is not counted twice
    expect(logDirBytes(dirs[0]!)).toBe(1024);
  });

  it('v5: reads (and skips) the cordoned flag', () => {
    const raw = hex(`00 00000000 0000 02 0000 ${compact('/d')} 01 ${i64(1)} ${i64(2)} 01 00 00`);
    expect(decodeDescribeLogDirs(raw, 5)).toEqual([{ path: '/d', errorCode: 0, totalBytes: 1, usableBytes: 2, topics: [] }]);
  });

  it('v1: no header tags, no top-level error, no volume sizes', () => {
    const raw = hex(`00000000 00000001 0000 0002 2f64 00000001 0001 74 00000001 00000000 ${i64(77)} ${i64(0)} 00`);
    expect(decodeDescribeLogDirs(raw, 1)).toEqual([
      { path: '/d', errorCode: 0, totalBytes: null, usableBytes: null, topics: [{ name: 't', partitions: [{ partition: 0, bytes: 77, offsetLag: 0, isFuture: false }] }] },
    ]);
  });

  it('throws on a request-level error (v3+), e.g. CLUSTER_AUTHORIZATION_FAILED', () => {
    expect(() => decodeDescribeLogDirs(hex('00 00000000 001f 01 00'), 4)).toThrow(/error code 31/);
  });
});
