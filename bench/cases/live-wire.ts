import { decodeLiveBatch, encodeLiveBatch } from '@/lib/contracts/live-batch';
import type { WireBytes } from '@/lib/contracts/messages';
import type { WireMessage } from '@/lib/contracts/messages';
import type { BenchCase } from '../harness';
import { fillLines } from '../lib/topics';
import { summarize } from '../stats';

const N = 50_000;
const PER_EVENT = 500;

/**
 * The live tail's wire form (lib/contracts/live-batch.ts: a JSON head of lengths, then the
 * texts back to back) against browse's plain WireMessage JSON and against the all-JSON compact
 * form it replaced (below, kept as the baseline), for the same events of the tail-throughput
 * messages: bytes per message, the server's encode and the client's decode back to
 * WireMessages. No cluster: this is the serialisation alone, in this process, so the forms meet
 * the same machine at the same moment.
 */
const benchCase: BenchCase = {
  name: 'live-wire',
  description: `Live tail wire form vs plain JSON: ${N.toLocaleString('en-US')} messages of ~200 B in events of ${PER_EVENT}`,
  target: 'smaller and faster to decode than plain JSON',
  async run(ctx) {
    const topic = `${ctx.tmpPrefix}-tail`;
    const now = Date.now();
    const messages: WireMessage[] = fillLines(N)
      .trimEnd()
      .split('\n')
      .map((text, i) => ({ topic, partition: i % 3, offset: i, timestamp: now + i, key: null, value: { text, size: text.length }, headers: [] }));
    const events: WireMessage[][] = [];
    for (let i = 0; i < N; i += PER_EVENT) events.push(messages.slice(i, i + PER_EVENT));
    const plain = events.map((e) => JSON.stringify(e));
    const compact = events.map((e) => encodeLiveBatch(e));
    const json = events.map((e) => encodeJsonBatch(e));
    const bytes = (xs: string[]) => xs.reduce((s, x) => s + Buffer.byteLength(x), 0) / N;

    let sink = 0;
    const perMessageUs = (fn: () => void) => ctx.timed(async () => fn(), { warmup: 3, repeats: 15 }).then((ms) => ms.map((m) => (m * 1000) / N));
    const encodePlain = await perMessageUs(() => void events.forEach((e) => (sink += JSON.stringify(e).length)));
    const encodeCompact = await perMessageUs(() => void events.forEach((e) => (sink += encodeLiveBatch(e).length)));
    const decodePlain = await perMessageUs(() => void plain.forEach((d) => (sink += (JSON.parse(d) as WireMessage[]).length)));
    const decodeCompact = await perMessageUs(() => void compact.forEach((d) => (sink += decodeLiveBatch(d).length)));
    const encodeJson = await perMessageUs(() => void events.forEach((e) => (sink += encodeJsonBatch(e).length)));
    const decodeJson = await perMessageUs(() => void json.forEach((d) => (sink += expandJsonBatch(JSON.parse(d) as JsonBatch).length)));
    if (sink === 0) throw new Error('nothing was encoded');

    const m = (xs: number[]) => summarize(xs).median;
    return {
      metrics: [
        { name: 'plain JSON: bytes per message', unit: 'B', samples: [bytes(plain)], better: 'lower' },
        { name: 'live wire form: bytes per message', unit: 'B', samples: [bytes(compact)], better: 'lower' },
        { name: 'all-JSON compact form (before): bytes per message', unit: 'B', samples: [bytes(json)], better: 'lower' },
        { name: 'all-JSON compact form (before): encode', unit: 'µs/msg', samples: encodeJson, better: 'lower' },
        { name: 'all-JSON compact form (before): parse and expand to WireMessage', unit: 'µs/msg', samples: decodeJson, better: 'lower' },
        { name: 'plain JSON: encode', unit: 'µs/msg', samples: encodePlain, better: 'lower' },
        { name: 'live wire form: encode', unit: 'µs/msg', samples: encodeCompact, better: 'lower' },
        { name: 'plain JSON: parse', unit: 'µs/msg', samples: decodePlain, better: 'lower' },
        { name: 'live wire form: parse and expand to WireMessage', unit: 'µs/msg', samples: decodeCompact, better: 'lower' },
      ],
      comparisons: [
        { name: 'bytes', subject: 'live wire', baseline: 'plain', ratio: bytes(compact) / bytes(plain) },
        { name: 'encode time', subject: 'live wire', baseline: 'plain', ratio: m(encodeCompact) / m(encodePlain) },
        { name: 'decode time', subject: 'live wire', baseline: 'plain', ratio: m(decodeCompact) / m(decodePlain), target: '< 1', met: m(decodeCompact) < m(decodePlain) },
        { name: 'encode time vs the all-JSON form', subject: 'live wire', baseline: 'all-JSON compact', ratio: m(encodeCompact) / m(encodeJson), target: '< 1', met: m(encodeCompact) < m(encodeJson) },
        { name: 'decode time vs the all-JSON form', subject: 'live wire', baseline: 'all-JSON compact', ratio: m(decodeCompact) / m(decodeJson), target: '< 1', met: m(decodeCompact) < m(decodeJson) },
      ],
    };
  },
};
export default benchCase;

// The all-JSON compact form the live tail sent before (every text a JSON string), as a baseline.
type JsonBytes = null | string | { text: string; size: number } | { b64: string; size: number };
type JsonRecord = [number, number, number, number, JsonBytes, JsonBytes, [string, JsonBytes][]?];
interface JsonBatch {
  count: number;
  topics: string[];
  messages: JsonRecord[];
}
const jsonBytes = (b: WireBytes | null): JsonBytes => (b === null ? null : b.text === null ? { b64: b.b64 ?? '', size: b.size } : b.text.length === b.size ? b.text : { text: b.text, size: b.size });
const fullBytes = (b: JsonBytes): WireBytes | null => (b === null ? null : typeof b === 'string' ? { text: b, size: b.length } : 'b64' in b ? { text: null, b64: b.b64, size: b.size } : { text: b.text, size: b.size });
function encodeJsonBatch(messages: WireMessage[]): string {
  const topics: string[] = [];
  const records = messages.map((m): JsonRecord => {
    let t = topics.indexOf(m.topic);
    if (t < 0) t = topics.push(m.topic) - 1;
    const r: JsonRecord = [t, m.partition, m.offset, m.timestamp, jsonBytes(m.key), jsonBytes(m.value)];
    if (m.headers.length) r.push(m.headers.map((h) => [h.key, jsonBytes(h.value)] as [string, JsonBytes]));
    return r;
  });
  return JSON.stringify({ count: messages.length, topics, messages: records } satisfies JsonBatch);
}
function expandJsonBatch(b: JsonBatch): WireMessage[] {
  return b.messages.map((r) => ({ topic: b.topics[r[0]]!, partition: r[1], offset: r[2], timestamp: r[3], key: fullBytes(r[4]), value: fullBytes(r[5]), headers: r[6] ? r[6].map(([key, v]) => ({ key, value: fullBytes(v) })) : [] }));
}
