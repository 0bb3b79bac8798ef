import { describe, expect, it } from 'vitest';
import { decodeMuxId, encodeMuxId, muxData, parseMuxData } from '@/lib/contracts/streams';
import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('returns whole events however the text is split, and drops comments and retry', () => {
    const text = 'retry: 1000\n: station "x"\n\nevent: ready\nid: t1\ndata: {"a":1}\n\n: heartbeat\n\nevent: messages\nid: t2\ndata: [1,\ndata: 2]\n\ndata: plain\n\n';
    for (const step of [1, 3, 7, text.length]) {
      const p = new SseParser();
      const got = [];
      for (let i = 0; i < text.length; i += step) got.push(...p.push(text.slice(i, i + step)));
      expect(got).toEqual([
        { event: 'ready', data: '{"a":1}', id: 't1' },
        { event: 'messages', data: '[1,\n2]', id: 't2' },
        { event: 'message', data: 'plain', id: null },
      ]);
    }
  });

  it('accepts CRLF line ends', () => {
    expect(new SseParser().push('event: x\r\nid: 9\r\ndata: y\r\n\r\n')).toEqual([{ event: 'x', data: 'y', id: '9' }]);
  });
});

describe('multiplexed event data', () => {
  it('is a tag line then the data unchanged, surviving SSE framing', () => {
    const data = '[{"a":"x\\ny"}]\nsecond line';
    const framed = `event: messages\ndata: ${muxData('s1', 'tok', data).replace(/\n/g, '\ndata: ')}\n\n`;
    const [ev] = new SseParser().push(framed);
    expect(parseMuxData(ev!.data)).toEqual({ s: 's1', id: 'tok', data });
    expect(parseMuxData('no tag')).toBeNull();
    expect(parseMuxData('{"s":1}\nx')).toBeNull();
  });
});

describe('multiplexed event ids', () => {
  it('round-trip every sub-stream id, and reject anything else', () => {
    const ids = new Map([
      ['s1', 'orders@0:15,1:22|payments#a.b.0'],
      ['w', '2026-11-25T10:00:00.000Z|temperature'],
    ]);
    const plain = encodeMuxId(ids);
    expect(plain).toBe('s1~orders@0:15,1:22|payments#a.b.0 w~2026-11-25T10:00:00.000Z|temperature');
    expect(decodeMuxId(plain)).toEqual(ids);
    // ids a space or a '~' would break go as base64 JSON, which still reads back
    const odd = new Map([
      ['s1', 'a b'],
      ['s2', 'x~y'],
      ['ü', 'ä'],
    ]);
    expect(encodeMuxId(odd)).not.toContain(' ');
    expect(decodeMuxId(encodeMuxId(odd))).toEqual(odd);
    expect(decodeMuxId(encodeMuxId(new Map())!)).toEqual(new Map());
    for (const bad of ['not a token', btoa('[1,2]'), 'a~1 a~2', 'k~', '~x', 'bad key~1', 's1~1  s2~2']) expect(decodeMuxId(bad), bad).toBeNull();
  });
});
