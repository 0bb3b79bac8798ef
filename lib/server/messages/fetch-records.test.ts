import { describe, expect, it } from 'vitest';
import { decodeRecordSet, kafkaJsRecordToWire, type KafkaJsRecord } from './fetch-records';

/* eslint-disable @typescript-eslint/no-require-imports */
// KafkaJS's own encoders write the batches, and its own decoder is the reference.
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (o: object) => Promise<{ buffer: Buffer }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (o: object) => unknown;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number | string): unknown };
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
const Encoder = require('kafkajs/src/protocol/encoder') as new () => { writeInt32(n: number): { writeBuffer(b: Buffer): { buffer: Buffer } } };
const decodeMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages') as (d: unknown) => Promise<KafkaJsRecord[]>;
/* eslint-enable @typescript-eslint/no-require-imports */

interface Rec {
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[]>;
  timestampDelta?: number;
}

async function batch(firstOffset: number, firstTimestamp: number, recs: Rec[], extra: object = {}): Promise<Buffer> {
  const records = recs.map((r, i) => Record({ offsetDelta: i, timestampDelta: r.timestampDelta ?? i, key: r.key, value: r.value, headers: r.headers ?? {} }));
  const b = await RecordBatch({ firstOffset: Long.fromValue(firstOffset), firstTimestamp, maxTimestamp: firstTimestamp + recs.length, lastOffsetDelta: recs.length - 1, records, ...extra });
  return b.buffer;
}

/** What the reader produced before: KafkaJS's decoder, then the records at or after `from`. */
async function reference(set: Buffer, from: number) {
  const msgs = await decodeMessages(new Decoder(new Encoder().writeInt32(set.length).writeBuffer(set).buffer));
  return msgs.filter((m) => Number(m.offset) >= from && !m.isControlRecord).map((m) => kafkaJsRecordToWire('t', 0, m));
}

const text = (s: string) => Buffer.from(s, 'utf8');

describe('decodeRecordSet', () => {
  it('decodes what KafkaJS decodes: text, UTF-8, BOM, binary, null and empty, headers', async () => {
    const set = Buffer.concat([
      await batch(0, 1_700_000_000_000, [
        { key: null, value: text('{"a":1,"pad":"xxxx"}') },
        { key: text('k1'), value: text('grüße, 東京 🚀') },
        { key: text('\ufeffbom'), value: Buffer.from([0xff, 0xfe, 0x00, 0x80]) },
        { key: Buffer.alloc(0), value: null, headers: { h1: text('v1'), bin: Buffer.from([0xc3, 0x28]) } },
        // as long as its bytes once decoded, but not text: an invalid byte among ASCII
        { key: Buffer.from([0x61, 0x62, 0xff]), value: text('a real \ufffd is text') },
        // an encoded surrogate (CESU-8) is not UTF-8
        { key: Buffer.from([0xed, 0xa0, 0x80]), value: Buffer.from([0x22, 0x5c, 0x0a]) },
      ]),
      await batch(6, 1_700_000_100_000, [{ key: text('x'), value: text('second batch'), timestampDelta: -5 }]),
    ]);
    const got = decodeRecordSet(set, 't', 0, 0);
    expect(got).not.toBeNull();
    expect(got!.records).toEqual(await reference(set, 0));
    expect(got!.nextOffset).toBe(7);
    expect(got!.records[2]!.value).toEqual({ b64: '//4AgA==', text: null, size: 4 });
    expect(got!.records[2]!.key!.text).toBe('\ufeffbom');
    expect(got!.records[4]!.key).toEqual({ b64: 'YWL/', text: null, size: 3 });
    expect(got!.records[4]!.value).toEqual({ text: 'a real \ufffd is text', size: 18 });
    expect(got!.records[5]!.key).toEqual({ b64: '7aCA', text: null, size: 3 });
    expect(got!.records[5]!.value).toEqual({ text: '"\\\n', size: 3 });
    expect(got!.records[6]!.timestamp).toBe(1_700_000_100_000 - 5);
  });

  it('skips records before the requested offset and keeps offsets past 2^32 exact', async () => {
    const base = 2 ** 40 + 7;
    const set = await batch(base, 1_700_000_000_000, [0, 1, 2, 3].map((i) => ({ key: null, value: text(`v${i}`) })));
    const got = decodeRecordSet(set, 't', 0, base + 2)!;
    expect(got.records.map((r) => r.offset)).toEqual([base + 2, base + 3]);
    expect(got.records).toEqual(await reference(set, base + 2));
    expect(got.nextOffset).toBe(base + 4);
  });

  it('leaves a batch cut short at the end of the response for the next fetch', async () => {
    const first = await batch(0, 1, [{ key: null, value: text('a') }]);
    const second = await batch(1, 1, [{ key: null, value: text('b'.repeat(100)) }]);
    const got = decodeRecordSet(Buffer.concat([first, second.subarray(0, second.length - 10)]), 't', 0, 0)!;
    expect(got.records.map((r) => r.offset)).toEqual([0]);
    expect(got.nextOffset).toBe(1);
  });

  it('skips transaction markers but moves past them', async () => {
    const data = await batch(0, 1, [{ key: null, value: text('a') }]);
    const marker = await batch(1, 1, [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }]);
    marker.writeInt16BE(marker.readInt16BE(21) | 0x20, 21); // control batch bit (the CRC is not checked)
    const got = decodeRecordSet(Buffer.concat([data, marker]), 't', 0, 0)!;
    expect(got.records.map((r) => r.offset)).toEqual([0]);
    expect(got.nextOffset).toBe(2);
  });

  it('hands compressed batches back to KafkaJS', async () => {
    const gz = await batch(0, 1, [{ key: null, value: text('a') }], { compression: 1 });
    expect(decodeRecordSet(gz, 't', 0, 0)).toBeNull();
  });

  it('keeps headers in the order they were written, repeated keys included', async () => {
    // KafkaJS's encoder groups repeated keys; write [a, b, a] by hand via two batches' worth of checks
    const set = await batch(0, 1, [{ key: null, value: text('v'), headers: { a: [text('1'), text('3')], b: text('2') } }]);
    const got = decodeRecordSet(set, 't', 0, 0)!;
    expect(got.records[0]!.headers).toEqual([
      { key: 'a', value: { text: '1', size: 1 } },
      { key: 'a', value: { text: '3', size: 1 } },
      { key: 'b', value: { text: '2', size: 1 } },
    ]);
  });
});
