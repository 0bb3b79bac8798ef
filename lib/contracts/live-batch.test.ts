import { describe, expect, it } from 'vitest';
import { decodeLiveBatch, encodeLiveBatch, liveBatch } from './live-batch';
import type { WireMessage } from './messages';

const text = (t: string) => ({ text: t, size: Buffer.byteLength(t) });
const messages: WireMessage[] = [
  { topic: 'orders', partition: 0, offset: 0, timestamp: 1764000000000, key: text('k1'), value: text('{"a":1}'), headers: [] },
  { topic: 'orders', partition: 2, offset: 2 ** 40, timestamp: 1, key: null, value: null, headers: [{ key: 'trace', value: text('x') }, { key: 'empty', value: null }] },
  { topic: 'payments', partition: 1, offset: 7, timestamp: 2, key: text('Zoë 🚗'), value: { text: null, b64: 'AP8=', size: 2 }, headers: [{ key: 'bin', value: { text: null, b64: '/w==', size: 1 } }] },
  { topic: 'orders', partition: 0, offset: 1, timestamp: 3, key: text(''), value: text('<script>alert(1)</script>'), headers: [] },
];

describe('the live tail wire form', () => {
  it('round-trips every kind of message exactly, across topics', () => {
    const data = encodeLiveBatch(messages);
    expect(liveBatch.parse(data)).toEqual(messages);
    expect(decodeLiveBatch(data)).toEqual(messages);
  });

  it('is smaller than the plain form and counts its messages up front', () => {
    const data = encodeLiveBatch(messages);
    expect(data.startsWith('{"count":4,')).toBe(true);
    expect(data.length).toBeLessThan(JSON.stringify(messages).length * 0.8);
    // two topics, each listed once, in the head; the texts after it, unescaped
    expect(data).toContain('"topics":["orders","payments"]');
    expect(data).toContain('<script>alert(1)</script>');
  });

  it('keeps sizes of non-ASCII text, which are not its length', () => {
    const [, , m] = liveBatch.parse(encodeLiveBatch(messages));
    expect(m!.key).toEqual({ text: 'Zoë 🚗', size: 9 }); // 1 + 1 + 2 + 1 + 4 bytes
  });

  it('never holds a line break (an SSE data line cannot), keeping such texts inline', () => {
    const odd: WireMessage[] = [
      { topic: 't', partition: 0, offset: 0, timestamp: 0, key: text('a\nb'), value: text('c\r\nd\re'), headers: [{ key: 'h\n', value: text('x\ny') }] },
      { topic: 't', partition: 0, offset: 1, timestamp: 0, key: text('plain'), value: text('{"count":99,"tail":0,'), headers: [] },
    ];
    const data = encodeLiveBatch(odd);
    expect(/[\r\n]/.test(data)).toBe(false);
    expect(liveBatch.parse(data)).toEqual(odd);
  });

  it('carries how a schema-framed value was decoded, or why not, even when its text is as long as its size', () => {
    const decoded: WireMessage = { topic: 'o', partition: 0, offset: 1, timestamp: 1, key: null, value: { text: '{"a":1}', size: 7, schema: { format: 'AVRO', id: 3, subject: 'o-value', version: 2 } }, headers: [] };
    const failed: WireMessage = { topic: 'o', partition: 0, offset: 2, timestamp: 1, key: null, value: { text: null, b64: 'AAAAAP8=', size: 5, schema: { format: null, id: 255, subject: null, version: null, error: 'schema id 255 is not in the registry' } }, headers: [] };
    expect(liveBatch.parse(encodeLiveBatch([decoded, failed]))).toEqual([decoded, failed]);
  });

  it('refuses malformed events', () => {
    const bad = [
      `${JSON.stringify({ count: 1, tail: 0, topics: [], messages: [[0, 0, 0, 0, null, null]] })}`, // topic index not listed
      `${JSON.stringify({ count: 1, tail: 0, topics: ['t'], messages: [[0, -1, 0, 0, null, null]] })}`,
      `${JSON.stringify({ count: 1, tail: 0, topics: ['t'], messages: [[0, 0, 0, 0, { text: 'x' }, null]] })}`, // no size
      `${JSON.stringify({ count: 1, tail: 0, topics: ['t'], messages: [[0, 0, 0, 0, null]] })}`,
      `${JSON.stringify({ count: 1, tail: 3, topics: ['t'], messages: [[0, 0, 0, 0, 2, null]] })}abc`, // lengths do not add up to the tail
      `${JSON.stringify({ count: 1, tail: 9, topics: ['t'], messages: [[0, 0, 0, 0, 9, null]] })}ab`, // tail longer than the data
      JSON.stringify([{ topic: 't', partition: 0, offset: 0, timestamp: 0, key: null, value: null, headers: [] }]), // the plain form
      JSON.stringify({ count: 1, topics: ['t'], messages: [[0, 0, 0, 0, 'k', 'v']] }), // the JSON form before
    ];
    for (const b of bad) expect(liveBatch.safeParse(b).success, b).toBe(false);
  });
});
