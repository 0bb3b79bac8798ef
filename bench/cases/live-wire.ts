import { encodeLiveBatch, expandLiveBatch, type LiveBatchWire } from '@/lib/contracts/live-batch';
import type { WireMessage } from '@/lib/contracts/messages';
import type { BenchCase } from '../harness';
import { fillLines } from '../lib/topics';
import { summarize } from '../stats';

const N = 50_000;
const PER_EVENT = 500;

/**
 * The live tail's wire form (lib/contracts/live-batch.ts) against browse's plain WireMessage
 * JSON, for the same events of the tail-throughput messages: bytes per message, the server's
 * encode and the client's decode back to WireMessages. No cluster: this is the serialisation
 * alone, in this process, so the two forms meet the same machine at the same moment.
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
    const bytes = (xs: string[]) => xs.reduce((s, x) => s + Buffer.byteLength(x), 0) / N;

    let sink = 0;
    const perMessageUs = (fn: () => void) => ctx.timed(async () => fn(), { warmup: 3, repeats: 15 }).then((ms) => ms.map((m) => (m * 1000) / N));
    const encodePlain = await perMessageUs(() => void events.forEach((e) => (sink += JSON.stringify(e).length)));
    const encodeCompact = await perMessageUs(() => void events.forEach((e) => (sink += encodeLiveBatch(e).length)));
    const decodePlain = await perMessageUs(() => void plain.forEach((d) => (sink += (JSON.parse(d) as WireMessage[]).length)));
    const decodeCompact = await perMessageUs(() => void compact.forEach((d) => (sink += expandLiveBatch(JSON.parse(d) as LiveBatchWire).length)));
    if (sink === 0) throw new Error('nothing was encoded');

    const m = (xs: number[]) => summarize(xs).median;
    return {
      metrics: [
        { name: 'plain JSON: bytes per message', unit: 'B', samples: [bytes(plain)], better: 'lower' },
        { name: 'live wire form: bytes per message', unit: 'B', samples: [bytes(compact)], better: 'lower' },
        { name: 'plain JSON: encode', unit: 'µs/msg', samples: encodePlain, better: 'lower' },
        { name: 'live wire form: encode', unit: 'µs/msg', samples: encodeCompact, better: 'lower' },
        { name: 'plain JSON: parse', unit: 'µs/msg', samples: decodePlain, better: 'lower' },
        { name: 'live wire form: parse and expand to WireMessage', unit: 'µs/msg', samples: decodeCompact, better: 'lower' },
      ],
      comparisons: [
        { name: 'bytes', subject: 'live wire', baseline: 'plain', ratio: bytes(compact) / bytes(plain) },
        { name: 'encode time', subject: 'live wire', baseline: 'plain', ratio: m(encodeCompact) / m(encodePlain) },
        { name: 'decode time', subject: 'live wire', baseline: 'plain', ratio: m(decodeCompact) / m(decodePlain), target: '< 1', met: m(decodeCompact) < m(decodePlain) },
      ],
    };
  },
};
export default benchCase;
