import { describe, expect, it } from 'vitest';
import { decodeRecordSet, libraryDecodeRecordSet } from './fetch';
import { decodePlainBatches } from './plain-record-batches';
import { wireMapper } from '../messages/wire-record';
import { encodeRecordSet } from './test-record-sets';

// The client's own encoder writes the batches (Kafka's v2 format); the bytes then go through the
// same decoding as a Fetch answer's records.

interface Rec {
  key: Buffer | null;
  value: Buffer | null;
  headers?: [string, Buffer][];
  timestamp?: number;
}

function batch(firstOffset: number, recs: Rec[], compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' = 'none'): Buffer {
  return encodeRecordSet(firstOffset, recs, compression);
}

const text = (s: string) => Buffer.from(s, 'utf8');
// Both decoders must agree on every case: the hand-written one for plain batches (with the
// library's as its fallback), and the library's alone.
describe.each([
  ['the console', decodeRecordSet],
  ["the library's decoder", libraryDecodeRecordSet],
] as const)('decoding a record set to the wire form with %s', (_name, decodeWith) => {
  const decode = (set: Buffer, from = 0) => decodeWith(set, 0, from, wireMapper('t'));

  it('text, UTF-8, BOM, binary, null and empty, headers, timestamps', () => {
    const set = Buffer.concat([
      batch(0, [
        { key: null, value: text('{"a":1,"pad":"xxxx"}') },
        { key: text('k1'), value: text('grüße, 東京 🚀') },
        { key: text('\ufeffbom'), value: Buffer.from([0xff, 0xfe, 0x00, 0x80]) },
        { key: Buffer.alloc(0), value: null, headers: [['h1', text('v1')], ['bin', Buffer.from([0xc3, 0x28])]] },
        // as long as its bytes once decoded, but not text: an invalid byte among ASCII
        { key: Buffer.from([0x61, 0x62, 0xff]), value: text('a real \ufffd is text') },
        // an encoded surrogate (CESU-8) is not UTF-8
        { key: Buffer.from([0xed, 0xa0, 0x80]), value: Buffer.from([0x22, 0x5c, 0x0a]) },
      ]),
      batch(6, [{ key: text('x'), value: text('second batch'), timestamp: 1_700_000_100_000 - 5 }]),
    ]);
    const got = decode(set);
    expect(got.nextOffset).toBe(7);
    expect(got.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(got.records[0]).toEqual({ topic: 't', partition: 0, offset: 0, timestamp: 1_700_000_000_000, key: null, value: { text: '{"a":1,"pad":"xxxx"}', size: 20 }, headers: [] });
    expect(got.records[1]!.value).toEqual({ text: 'grüße, 東京 🚀', size: Buffer.byteLength('grüße, 東京 🚀') });
    expect(got.records[2]!.value).toEqual({ b64: '//4AgA==', text: null, size: 4 });
    expect(got.records[2]!.key!.text).toBe('\ufeffbom');
    expect(got.records[3]!.key).toEqual({ text: '', size: 0 });
    expect(got.records[3]!.value).toBeNull();
    expect(got.records[3]!.headers).toEqual([
      { key: 'h1', value: { text: 'v1', size: 2 } },
      { key: 'bin', value: { b64: 'wyg=', text: null, size: 2 } },
    ]);
    expect(got.records[4]!.key).toEqual({ b64: 'YWL/', text: null, size: 3 });
    expect(got.records[4]!.value).toEqual({ text: 'a real \ufffd is text', size: 18 });
    expect(got.records[5]!.key).toEqual({ b64: '7aCA', text: null, size: 3 });
    expect(got.records[5]!.value).toEqual({ text: '"\\\n', size: 3 });
    expect(got.records[6]!.timestamp).toBe(1_700_000_100_000 - 5);
  });

  it('skips records before the requested offset and keeps offsets past 2^32 exact', () => {
    const base = 2 ** 40 + 7;
    const set = batch(base, [0, 1, 2, 3].map((i) => ({ key: null, value: text(`v${i}`) })));
    const got = decode(set, base + 2);
    expect(got.records.map((r) => r.offset)).toEqual([base + 2, base + 3]);
    expect(got.records.map((r) => r.value!.text)).toEqual(['v2', 'v3']);
    expect(got.nextOffset).toBe(base + 4);
  });

  it('leaves a batch cut short at the end of the response for the next fetch', () => {
    const first = batch(0, [{ key: null, value: text('a') }]);
    const second = batch(1, [{ key: null, value: text('b'.repeat(100)) }]);
    const got = decode(Buffer.concat([first, second.subarray(0, second.length - 10)]));
    expect(got.records.map((r) => r.offset)).toEqual([0]);
    expect(got.nextOffset).toBe(1);
  });

  it('skips transaction markers but moves past them', () => {
    const data = batch(0, [{ key: null, value: text('a') }]);
    const marker = batch(1, [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }]);
    marker.writeInt16BE(marker.readInt16BE(21) | 0x20, 21); // control batch bit (the CRC is not checked)
    const got = decode(Buffer.concat([data, marker]));
    expect(got.records.map((r) => r.offset)).toEqual([0]);
    expect(got.nextOffset).toBe(2);
  });

  it('moves past offsets compaction removed from a batch end', () => {
    const set = batch(10, [{ key: null, value: text('a') }, { key: null, value: text('b') }]);
    set.writeInt32BE(4, 23); // lastOffsetDelta 4: offsets 12 to 14 compacted away
    expect(decode(set, 10).nextOffset).toBe(15);
  });

  it('takes the log append time for every record of a batch that has it', () => {
    const set = batch(0, [{ key: null, value: text('a'), timestamp: 5 }, { key: null, value: text('b'), timestamp: 6 }]);
    set.writeInt16BE(set.readInt16BE(21) | 0x08, 21);
    set.writeBigInt64BE(1_700_000_000_999n, 35); // maxTimestamp: the broker's append time
    expect(decode(set).records.map((r) => r.timestamp)).toEqual([1_700_000_000_999, 1_700_000_000_999]);
  });

  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)('decompresses %s batches', (codec) => {
    const recs = [0, 1, 2].map((i) => ({ key: text(`k${i}`), value: text(`${codec} ${'x'.repeat(200)} ${i}`) }));
    const set = batch(3, recs, codec);
    expect(set.readInt16BE(21) & 0x07).not.toBe(0);
    const got = decode(set);
    expect(got.records.map((r) => [r.offset, r.key!.text, r.value!.text])).toEqual(recs.map((r, i) => [3 + i, r.key.toString(), r.value.toString()]));
    expect(got.nextOffset).toBe(6);
  });

  it('keeps headers in the order they were written, repeated keys included', () => {
    const set = batch(0, [{ key: null, value: text('v'), headers: [['a', text('1')], ['b', text('2')], ['a', text('3')]] }]);
    expect(decode(set).records[0]!.headers).toEqual([
      { key: 'a', value: { text: '1', size: 1 } },
      { key: 'b', value: { text: '2', size: 1 } },
      { key: 'a', value: { text: '3', size: 1 } },
    ]);
  });
});

describe('the hand-written decoder', () => {
  it('hands compressed batches to the library', () => {
    const gz = batch(0, [{ key: null, value: text('a'.repeat(100)) }], 'gzip');
    expect(decodePlainBatches(gz, 0, 0, wireMapper('t'))).toBeNull();
    expect(decodeRecordSet(gz, 0, 0, wireMapper('t')).records[0]!.value!.text).toBe('a'.repeat(100));
  });
});
