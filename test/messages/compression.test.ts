import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowseResult, ProduceResult, WireMessage } from '@/lib/contracts/messages';
import { api } from '../helpers/api';
import { createTestTopics, testAdmin, type TestAdmin } from '../helpers/kafka-admin';
import { kafkaTool } from '../helpers/kafka-tools';
import { BOOTSTRAP, kcat } from '../helpers/kcat';
import { SseClient } from './sse';

const run = promisify(execFile);
const topic = `t4-codecs-${Date.now().toString(36)}`;
const fromApi = `${topic}-api`;
/** One partition per codec, so each partition holds one codec's batch. */
const CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
let admin: TestAdmin;

// Large and repetitive, so librdkafka does compress (it sends a batch plain when compressing doesn't pay).
const big = (codec: string) => JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ codec, reading: i % 7, station: 'KSEA', note: 'the same words again and again' })));
const binary = Buffer.from([0x00, 0xff, 0x80, 0xc3, 0x28, 0x7f, 0x0a]);
const sent = (codec: string) => [
  { key: `${codec}-0`, value: Buffer.from(`hello ${codec} ✓`) },
  { key: `${codec}-1`, value: Buffer.from(big(codec)) },
  { key: `${codec}-2`, value: binary },
];
const bytes = (m: WireMessage['value']) => (m ? (m.text !== null ? Buffer.from(m.text, 'utf8') : Buffer.from(m.b64!, 'base64')) : null);

/** Bytes on the broker's disk per partition (kafka-log-dirs.sh), to prove the batches are compressed. */
function partitionSizes(t: string): Map<number, number> {
  const out = kafkaTool('org.apache.kafka.tools.LogDirsCommand', ['--bootstrap-server', BOOTSTRAP, '--describe', '--topic-list', t]);
  const json = JSON.parse(out.split('\n').find((l) => l.startsWith('{'))!) as { brokers: { logDirs: { partitions: { partition: string; size: number }[] }[] }[] };
  const sizes = new Map<number, number>();
  for (const b of json.brokers) for (const d of b.logDirs) for (const p of d.partitions) sizes.set(Number(p.partition.slice(t.length + 1)), p.size);
  return sizes;
}

beforeAll(async () => {
  admin = await testAdmin();
  await createTestTopics(admin, [
    { topic, numPartitions: CODECS.length },
    { topic: fromApi, numPartitions: 1 },
  ]);
  // kcat (librdkafka) compresses each partition's batch with its codec: \x1f separates messages, \x1e key from value
  for (const [p, codec] of CODECS.entries()) {
    const input = Buffer.concat(sent(codec).flatMap((m) => [Buffer.from(m.key), Buffer.from([0x1e]), m.value, Buffer.from([0x1f])]));
    await kcat(['-P', '-t', topic, '-p', String(p), '-z', codec, '-K', '\u001e', '-D', '\u001f'], input);
  }
});

afterAll(async () => {
  await admin.deleteTopics([topic, fromApi]).catch(() => {});
  await admin.close();
});

describe('records compressed by other clients', () => {
  it('are stored compressed: each partition is far smaller than its payload', () => {
    const sizes = partitionSizes(topic);
    for (const [p, codec] of CODECS.entries()) {
      const payload = sent(codec).reduce((n, m) => n + m.value.length, 0);
      expect(payload).toBeGreaterThan(20_000);
      expect(sizes.get(p), codec).toBeLessThan(payload / 4);
    }
  });

  it('browse returns the exact messages for gzip, snappy, lz4 and zstd', async () => {
    const res = await api<BrowseResult>('GET', `/api/clusters/local/topics/${topic}/messages?from=earliest&limit=100`);
    expect(res.status).toBe(200);
    expect(res.body.messages).toHaveLength(CODECS.length * 3);
    for (const [p, codec] of CODECS.entries()) {
      const got = res.body.messages.filter((m) => m.partition === p).sort((a, b) => a.offset - b.offset);
      expect(got.map((m) => m.key?.text)).toEqual(sent(codec).map((m) => m.key));
      for (const [i, m] of sent(codec).entries()) expect(bytes(got[i]!.value)!.equals(m.value), `${codec} message ${i}`).toBe(true);
    }
  });

  it('the live tail returns the exact messages for gzip, snappy, lz4 and zstd', async () => {
    const sse = await new SseClient().open(`/api/clusters/local/topics/${topic}/live?from=earliest`);
    try {
      await sse.until(() => sse.messages().length >= CODECS.length * 3, 'every message');
      const got = sse.messages<WireMessage>();
      expect(got).toHaveLength(CODECS.length * 3);
      for (const codec of CODECS) {
        for (const m of sent(codec)) {
          const g = got.filter((x) => x.key?.text === m.key);
          expect(g, m.key).toHaveLength(1);
          expect(bytes(g[0]!.value)!.equals(m.value), m.key).toBe(true);
        }
      }
    } finally {
      await sse.cut();
    }
  });
});

describe('producing with compression', () => {
  it('writes batches other clients read (kcat) and the console reads back', async () => {
    for (const compression of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
      const value = `${compression}: ${big(compression)}`;
      const res = await api<ProduceResult>('POST', `/api/clusters/local/topics/${fromApi}/messages`, { key: compression, value, partition: 0, compression });
      expect(res.status, compression).toBe(201);
      const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', fromApi, '-p', '0', '-o', String(res.body.offset), '-c', '1', '-e', '-f', '%s'], { encoding: 'buffer', maxBuffer: 16 << 20 });
      expect(stdout.toString('utf8'), compression).toBe(value);
      const back = await api<BrowseResult>('GET', `/api/clusters/local/topics/${fromApi}/messages?partition=0&from=offset:${res.body.offset}&limit=1`);
      expect(back.body.messages[0]!.value!.text, compression).toBe(value);
    }
    // one uncompressed and four compressed copies of ~30 KB each
    expect(partitionSizes(fromApi).get(0)).toBeLessThan(2 * big('none').length);
  });

  it('refuses a codec it cannot write with a 400 naming the field', async () => {
    for (const compression of ['brotli', 'xz']) {
      const res = await api<{ error: { field?: string } }>('POST', `/api/clusters/local/topics/${fromApi}/messages`, { value: 'x', compression });
      expect(res.status, compression).toBe(400);
      expect(res.body.error.field).toBe('compression');
    }
  });
});
