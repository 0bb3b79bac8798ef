import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowseResult } from '@/lib/contracts/messages';
import type { ReplayRun } from '@/lib/contracts/replays';
import { toExportJson } from '@/lib/messages/export';
import { api, waitFor } from '../helpers/api';
import { TestAdmin } from '../helpers/kafka-admin';
import { BOOTSTRAP, kcat } from '../helpers/kcat';

/**
 * Replay and redrive against the real cluster, with kcat as the oracle: a filtered selection
 * writes exactly the matching messages (keys, values, headers, partitions), a cancelled run
 * stops and says how many it sent (which is what the target holds), and an export → import
 * round trip reproduces the messages byte for byte.
 */
const run = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
const T = {
  dlq: `t21-dlq-${run}`,
  raw: `t21-raw-${run}`,
  big: `t21-big-${run}`,
  bigOut: `t21-big-out-${run}`,
  copy: `t21-copy-${run}`,
};
let admin: TestAdmin;

interface KcatRecord {
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

async function kcatJson(topic: string): Promise<KcatRecord[]> {
  const out = await kcat(['-C', '-t', topic, '-e', '-J', '-q']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as KcatRecord)
    .sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** Key and value bytes as kcat reads them (its raw output, split on control characters no test message holds). */
function kcatRaw(topic: string): Promise<{ partition: number; key: Buffer; value: Buffer }[]> {
  return new Promise((resolve, reject) => {
    execFile('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-e', '-q', '-f', '%p\\x1d%k\\x1d%s\\x1e'], { encoding: 'buffer', maxBuffer: 64 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      const out: { partition: number; key: Buffer; value: Buffer }[] = [];
      let start = 0;
      for (let i = 0; i < stdout.length; i++) {
        if (stdout[i] !== 0x1e) continue;
        const rec = stdout.subarray(start, i);
        start = i + 1;
        const a = rec.indexOf(0x1d);
        const b = rec.indexOf(0x1d, a + 1);
        out.push({ partition: Number(rec.subarray(0, a).toString()), key: Buffer.from(rec.subarray(a + 1, b)), value: Buffer.from(rec.subarray(b + 1)) });
      }
      resolve(out);
    });
  });
}

const headerPairs = (h: string[] | undefined) => {
  const out: [string, string][] = [];
  for (let i = 0; h && i < h.length; i += 2) out.push([h[i]!, h[i + 1]!]);
  return out;
};
const withoutProvenance = (h: string[] | undefined) => headerPairs(h).filter(([k]) => !k.startsWith('riffle.replay.'));

async function finished(id: string, timeoutMs = 90_000): Promise<ReplayRun> {
  return waitFor(
    async () => {
      const r = await api<ReplayRun>('GET', `/api/clusters/local/replays/${id}`, undefined, {}, 'operator');
      return r.status === 200 && r.body.state !== 'running' ? r.body : undefined;
    },
    { timeoutMs, what: `replay ${id} to finish` },
  );
}

beforeAll(async () => {
  admin = new TestAdmin('t21-replay-test');
  await admin.createTopics([
    { topic: T.dlq, numPartitions: 2 },
    { topic: T.raw, numPartitions: 2 },
    { topic: T.big, numPartitions: 1 },
    { topic: T.bigOut, numPartitions: 1 },
    { topic: T.copy, numPartitions: 2 },
  ]);
  // A DLQ as the weather processor writes it: the reason in a header. 5 out-of-range, 4 schema errors.
  await kcat(['-P', '-t', T.dlq, '-p', '0', '-K', ':', '-H', 'riffle.dlq.reason=temperature out of range', '-H', 'trace=a'], Array.from({ length: 3 }, (_, i) => `st-${i}:{"t":${90 + i}}`).join('\n') + '\n');
  await kcat(['-P', '-t', T.dlq, '-p', '1', '-K', ':', '-H', 'riffle.dlq.reason=temperature out of range'], 'st-7:{"t":99}\nst-8:{"t":98}\n');
  await kcat(['-P', '-t', T.dlq, '-p', '1', '-K', ':', '-H', 'riffle.dlq.reason=schema: missing station'], Array.from({ length: 4 }, (_, i) => `bad-${i}:{"x":${i}}`).join('\n') + '\n');
  await kcat(['-P', '-t', T.big, '-p', '0'], Array.from({ length: 2000 }, (_, i) => `big-${i}`).join('\n') + '\n');
}, 120_000);

afterAll(async () => {
  await admin?.deleteTopics(Object.values(T)).catch(() => {});
  await admin?.close();
});

describe('replay', () => {
  it('refuses a viewer, bad input with a 400 naming the field, and a missing target with a 404', async () => {
    const body = { selection: { kind: 'range', topic: T.dlq }, target: { topic: T.raw }, dryRun: true };
    expect((await api('POST', '/api/clusters/local/replays', body, {}, 'viewer')).status).toBe(403);
    const cases: [unknown, string][] = [
      [{ ...body, selection: { kind: 'range', topic: T.dlq, from: 'yesterday' } }, 'selection.from'],
      [{ ...body, selection: { kind: 'messages', topic: T.dlq, messages: [] } }, 'selection.messages'],
      [{ ...body, target: { topic: 'bad name!' } }, 'target.topic'],
      [{ ...body, ratePerSecond: 0 }, 'ratePerSecond'],
      [{ ...body, selection: { kind: 'range', topic: T.dlq, filter: { where: '$.t >>> 3' } } }, 'where'],
    ];
    for (const [b, field] of cases) {
      const res = await api<{ error: { field?: string } }>('POST', '/api/clusters/local/replays', b, {}, 'operator');
      expect(res.status, JSON.stringify(b)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    const missing = await api('POST', '/api/clusters/local/replays', { ...body, target: { topic: `t21-none-${run}` } }, {}, 'operator');
    expect(missing.status).toBe(404);
  });

  it('redrives exactly the DLQ messages whose reason matches, with key, headers, partition and provenance (dry run first)', async () => {
    const body = {
      selection: { kind: 'range', topic: T.dlq, filter: { headerContains: 'out of range' } },
      target: { topic: T.raw, keepPartition: true },
    };
    const dry = await api<ReplayRun>('POST', '/api/clusters/local/replays', { ...body, dryRun: true }, {}, 'operator');
    expect(dry.status).toBe(202);
    const dryDone = await finished(dry.body.id);
    expect(dryDone).toMatchObject({ state: 'done', dryRun: true, matched: 5, sent: 0, scanned: 9 });
    expect(await kcatJson(T.raw)).toEqual([]);

    const started = await api<ReplayRun>('POST', '/api/clusters/local/replays', body, {}, 'operator');
    expect(started.status).toBe(202);
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ state: 'done', matched: 5, sent: 5, skipped: 0, failed: 0 });

    const source = (await kcatJson(T.dlq)).filter((r) => headerPairs(r.headers).some(([k, v]) => k === 'riffle.dlq.reason' && v.includes('out of range')));
    const copies = await kcatJson(T.raw);
    expect(copies).toHaveLength(5);
    expect(copies.map((c) => [c.partition, c.key, c.payload, withoutProvenance(c.headers)])).toEqual(source.map((s) => [s.partition, s.key, s.payload, headerPairs(s.headers)]));
    for (const [i, c] of copies.entries()) {
      const h = new Map(headerPairs(c.headers));
      expect(h.get('riffle.replay.source')).toBe(`${T.dlq}/${source[i]!.partition}/${source[i]!.offset}`);
      expect(h.get('riffle.replay.run')).toBe(done.id);
      expect(h.get('riffle.replay.by')).toBe('token:test-operator');
    }
    const audit = await api<{ entries: { action: string; detail: string | null; outcome: string }[] }>('GET', '/api/clusters/local/audit?limit=200');
    const entries = audit.body.entries.filter((e) => e.detail?.includes(done.id));
    expect(entries.map((e) => e.action).sort()).toEqual(['replay.finished', 'replay.start']);
    expect(entries.find((e) => e.action === 'replay.start')!.detail).toContain('headerContains="out of range"');
  });

  it('replays messages chosen one by one, and skips offsets that are not in the log with the reason', async () => {
    const res = await api<ReplayRun>(
      'POST',
      '/api/clusters/local/replays',
      {
        selection: { kind: 'messages', topic: T.dlq, messages: [{ partition: 1, offset: 3 }, { partition: 0, offset: 1 }, { partition: 1, offset: 500 }] },
        target: { topic: T.copy, keepPartition: true },
      },
      {},
      'operator',
    );
    expect(res.status).toBe(202);
    const done = await finished(res.body.id);
    expect(done).toMatchObject({ state: 'done', matched: 2, sent: 2, skipped: 1 });
    expect(done.reasons).toEqual([{ outcome: 'skipped', reason: 'beyond the end of the log', count: 1 }]);
    const copies = await kcatJson(T.copy);
    expect(copies.map((c) => [c.partition, c.key, c.payload])).toEqual([
      [0, 'st-1', '{"t":91}'],
      [1, 'bad-1', '{"x":1}'],
    ]);
  });

  it('stops when cancelled and reports how many it sent, which is what the target holds', async () => {
    const res = await api<ReplayRun>('POST', '/api/clusters/local/replays', { selection: { kind: 'range', topic: T.big }, target: { topic: T.bigOut }, ratePerSecond: 100 }, {}, 'operator');
    expect(res.status).toBe(202);
    await waitFor(async () => (await api<ReplayRun>('GET', `/api/clusters/local/replays/${res.body.id}`, undefined, {}, 'operator')).body.sent >= 50, { timeoutMs: 60_000, what: '50 sent' });
    const cancel = await api<ReplayRun>('POST', `/api/clusters/local/replays/${res.body.id}/cancel`, undefined, {}, 'operator');
    expect(cancel.status).toBe(200);
    const done = await finished(res.body.id);
    expect(done.state).toBe('cancelled');
    expect(done.sent).toBeGreaterThanOrEqual(50);
    expect(done.sent).toBeLessThan(2000);
    // Nothing more arrives after the run said it stopped.
    await new Promise((r) => setTimeout(r, 1500));
    const inTarget = await kcatJson(T.bigOut);
    expect(inTarget).toHaveLength(done.sent);
    expect(inTarget.map((r) => r.payload)).toEqual(Array.from({ length: done.sent }, (_, i) => `big-${i}`));
  });

  it('imports an export file: the round trip reproduces the messages byte for byte', async () => {
    const src = `t21-export-${run}`;
    const dst = `t21-import-${run}`;
    await admin.createTopics([
      { topic: src, numPartitions: 2 },
      { topic: dst, numPartitions: 2 },
    ]);
    try {
      await kcat(['-P', '-t', src, '-p', '0', '-K', ':', '-H', 'h1=one', '-H', 'h2=ünïcödé'], 'a:{"v":1}\nb:plain text ✓\n');
      // Bytes that are not UTF-8 (exported as base64:…), through the console's own produce.
      const bin = await api('POST', `/api/clusters/local/topics/${src}/messages`, { key: 'bin', value: Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x41]).toString('base64'), encoding: 'base64', partition: 1, headers: [{ key: 'kind', value: 'binary' }] }, {}, 'operator');
      expect(bin.status).toBe(201);
      const page = await api<BrowseResult>('GET', `/api/clusters/local/topics/${src}/messages?from=earliest&limit=100&sort=offset`, undefined, {}, 'operator');
      expect(page.body.messages).toHaveLength(3);
      const file = toExportJson(page.body.messages); // what the Export JSON button downloads
      expect(file).toContain('base64:');
      const res = await api<ReplayRun>('POST', '/api/clusters/local/replays', { selection: { kind: 'import', messages: JSON.parse(file) }, target: { topic: dst, keepPartition: true } }, {}, 'operator');
      expect(res.status).toBe(202);
      expect(await finished(res.body.id)).toMatchObject({ state: 'done', sent: 3, skipped: 0, failed: 0 });
      const [a, b] = await Promise.all([kcatRaw(src), kcatRaw(dst)]);
      const order = (x: { partition: number; key: Buffer; value: Buffer }[]) => [...x].sort((p, q) => p.partition - q.partition || Buffer.compare(p.key, q.key));
      expect(order(b).map((r) => [r.partition, r.key.toString('hex'), r.value.toString('hex')])).toEqual(order(a).map((r) => [r.partition, r.key.toString('hex'), r.value.toString('hex')]));
      const [ja, jb] = await Promise.all([kcatJson(src), kcatJson(dst)]);
      expect(jb.map((r) => withoutProvenance(r.headers))).toEqual(ja.map((r) => headerPairs(r.headers)));
      expect(new Map(headerPairs(jb[0]!.headers)).get('riffle.replay.source')).toBe(`import:${src}/0/0`);
    } finally {
      await admin.deleteTopics([src, dst]).catch(() => {});
    }
  });
});
