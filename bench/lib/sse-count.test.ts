import { describe, expect, it } from 'vitest';
import { encodeLiveBatch } from '@/lib/contracts/live-batch';
import { SseCounter } from './sse-count';

// values that mention "count" must not be counted
const msg = (o: number) => ({ topic: 't', partition: 0, offset: o, timestamp: 1, key: null, value: { text: '{"count":9}', size: 11 }, headers: [] });
const batch = (...offsets: number[]) => encodeLiveBatch(offsets.map(msg));
const stream =
  'retry: 1000\nevent: ready\nid: a\ndata: {"topics":[{"topic":"t","partitions":3}]}\n\n' +
  `event: messages\nid: b\ndata: ${batch(0, 1)}\n\n` +
  ': heartbeat\n\n' +
  'event: dropped\nid: c\ndata: {"count":17}\n\n' +
  `event: messages\nid: d\ndata: ${batch(2)}\n\n` +
  'event: dropped\nid: e\ndata: {"count":3}\n\n';

describe('SseCounter', () => {
  it('counts messages, dropped counts and the ready event, ignoring counts inside values', () => {
    const c = new SseCounter();
    c.push(Buffer.from(stream));
    expect(c.counts).toEqual({ messages: 3, dropped: 20, ready: true });
  });
  it('gives the same counts however the bytes are cut', () => {
    const bytes = Buffer.from(stream);
    for (const size of [1, 2, 5, 7, 13, 64]) {
      const c = new SseCounter();
      for (let i = 0; i < bytes.length; i += size) c.push(bytes.subarray(i, i + size));
      expect(c.counts, `chunks of ${size}`).toEqual({ messages: 3, dropped: 20, ready: true });
    }
  });
  it('holds back an event until its end arrives', () => {
    const c = new SseCounter();
    c.push(Buffer.from(`event: messages\ndata: ${batch(0)}\n`));
    expect(c.counts.messages).toBe(0);
    c.push(Buffer.from('\n'));
    expect(c.counts.messages).toBe(1);
  });
});
