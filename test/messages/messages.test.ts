import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveBatch } from '@/lib/contracts/live-batch';
import type { BrowseResult, ProduceResult, WireMessage } from '@/lib/contracts/messages';
import { partitionForKey } from '@/lib/server/messages/partition-for-key';
import { api, rawFetch } from '../helpers/api';
import { createTestTopics, testAdmin, type TestAdmin } from '../helpers/kafka-admin';
import { BOOTSTRAP, kcat } from '../helpers/kcat';
import { SseClient } from './sse';

const run = promisify(execFile);
const RUN = `t4-${Date.now().toString(36)}`;
const T = {
  kcat: `${RUN}-kcat`,
  api: `${RUN}-api`,
  paging: `${RUN}-paging`,
  small: `${RUN}-small`,
  resume: `${RUN}-resume`,
  keys: `${RUN}-keys`,
  slow: `${RUN}-slow`,
};
let admin: TestAdmin;
const dir = mkdtempSync(path.join(tmpdir(), 't4-'));

/** kcat reads one record's field as raw bytes (`-f %s`, `%k`, `%h`). */
async function kcatField(topic: string, partition: number, offset: number, fmt: string): Promise<Buffer> {
  const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-p', String(partition), '-o', String(offset), '-c', '1', '-e', '-f', fmt], { encoding: 'buffer', maxBuffer: 16 << 20 });
  return stdout;
}

/** Produces one record with kcat from a file, so any bytes survive (`kcat -P file` sends the file as one message). */
async function kcatProduce(topic: string, m: { partition: number; key: string; value: Buffer; headers: [string, string][] }) {
  const file = path.join(dir, `m-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, m.value);
  await run('kcat', ['-b', BOOTSTRAP, '-P', '-t', topic, '-p', String(m.partition), '-k', m.key, ...m.headers.flatMap(([k, v]) => ['-H', `${k}=${v}`]), file]);
}

// the exact bytes: text re-encoded as UTF-8, or base64 when the bytes are not UTF-8
const b = (m: WireMessage['value']) => (m ? (m.text !== null ? Buffer.from(m.text, 'utf8') : Buffer.from(m.b64!, 'base64')) : null);
const url = (topic: string, q = '') => `/api/clusters/local/topics/${topic}/messages${q}`;

beforeAll(async () => {
  admin = await testAdmin();
  await createTestTopics(admin, [
      { topic: T.kcat, numPartitions: 2 },
      { topic: T.api, numPartitions: 3 },
      { topic: T.paging, numPartitions: 1 },
      { topic: T.small, numPartitions: 1, configs: { 'max.message.bytes': '1024' } },
      { topic: T.resume, numPartitions: 3 },
      { topic: T.keys, numPartitions: 5 },
      { topic: T.slow, numPartitions: 1 },
  ]);
});

afterAll(async () => {
  await admin.deleteTopics(Object.values(T)).catch(() => {});
  await admin.close();
});

describe('messages produced by kcat', () => {
  const sent = [
    { partition: 0, key: 'car-7', value: Buffer.from('{"lat":52.37,"lon":4.89}'), headers: [['source', 'gps'], ['trace', 'a1']] as [string, string][] },
    { partition: 1, key: 'bin', value: Buffer.from([0x00, 0xff, 0x80, 0x0a, 0xc3, 0x28, 0x7f]), headers: [['kind', 'raw']] as [string, string][] },
    { partition: 0, key: 'xss', value: Buffer.from('<script>alert(1)</script><img src=x onerror=alert(2)>'), headers: [] as [string, string][] },
  ];

  beforeAll(async () => {
    for (const m of sent) await kcatProduce(T.kcat, m);
  });

  it('appear in browse exactly: keys, headers and binary values', async () => {
    const res = await api<BrowseResult>('GET', url(T.kcat, '?from=earliest&limit=50'));
    expect(res.status).toBe(200);
    expect(res.body.messages).toHaveLength(3);
    for (const m of sent) {
      const got = res.body.messages.find((x) => x.key?.text === m.key)!;
      expect(got.partition).toBe(m.partition);
      expect(b(got.value)!.equals(m.value)).toBe(true);
      expect(got.headers.map((h) => [h.key, h.value?.text])).toEqual(m.headers);
    }
    const bin = res.body.messages.find((x) => x.key?.text === 'bin')!;
    expect(bin.value!.text).toBeNull(); // invalid UTF-8: bytes only, never a mangled string
    expect(bin.value!.size).toBe(7);
  });

  it('appear in the live tail exactly', async () => {
    const sse = await new SseClient().open(`/api/clusters/local/topics/${T.kcat}/live?from=earliest`);
    try {
      expect(sse.headers!.get('content-type')).toMatch(/^text\/event-stream/);
      expect(sse.headers!.get('cache-control')).toBe('no-cache, no-transform');
      expect(sse.headers!.get('x-accel-buffering')).toBe('no');
      await sse.until(() => sse.messages().length >= 3, '3 messages');
      const got = sse.messages<WireMessage>();
      for (const m of sent) {
        const g = got.find((x) => x.key?.text === m.key)!;
        expect(b(g.value)!.equals(m.value)).toBe(true);
        expect(g.headers.map((h) => [h.key, h.value?.text])).toEqual(m.headers);
      }
      // and new ones as they are produced
      await kcatProduce(T.kcat, { partition: 1, key: 'later', value: Buffer.from('after the tail opened'), headers: [] });
      await sse.until(() => sse.messages<WireMessage>().some((x) => x.key?.text === 'later'), 'the later message');
    } finally {
      await sse.cut();
    }
  });
});

describe('messages produced through the API', () => {
  it('are read back byte-for-byte by kcat', async () => {
    const bytes = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x0a, 0xff]);
    const cases = [
      { body: { key: 'room-1', value: 'plain text ✓', encoding: 'text', partition: 0, headers: [{ key: 'h', value: 'v' }] }, expect: Buffer.from('plain text ✓') },
      { body: { key: 'p-9', value: '{ "systolic": 121, "diastolic": 79 }', encoding: 'json', partition: 1 }, expect: Buffer.from('{ "systolic": 121, "diastolic": 79 }') },
      { body: { key: null, value: bytes.toString('base64'), encoding: 'base64', partition: 2 }, expect: bytes },
    ];
    for (const c of cases) {
      const res = await api<ProduceResult>('POST', url(T.api), c.body);
      expect(res.status).toBe(201);
      expect(res.body.partition).toBe(c.body.partition);
      const value = await kcatField(T.api, res.body.partition, res.body.offset, '%s');
      expect(value.equals(c.expect)).toBe(true);
      const key = await kcatField(T.api, res.body.partition, res.body.offset, '%k');
      expect(key.toString()).toBe(c.body.key ?? '');
    }
    const hdr = await kcatField(T.api, 0, 0, '%h');
    expect(hdr.toString()).toBe('h=v');
  });

  it('sends N copies and answers each partition and offset', async () => {
    const res = await api<ProduceResult>('POST', url(T.api), { key: null, value: 'load', copies: 30 });
    expect(res.status).toBe(201);
    expect(res.body.count).toBe(30);
    const byPartition = new Map<number, number[]>();
    for (const r of res.body.records) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r.offset]);
    expect(byPartition.size).toBe(3); // spread round-robin without a key
    for (const [p, offs] of byPartition) {
      const out = await kcat(['-C', '-t', T.api, '-p', String(p), '-o', String(offs[0]), '-c', String(offs.length), '-e', '-f', '%o:%s\n']);
      expect(out.trim().split('\n')).toEqual(offs.map((o) => `${o}:load`));
    }
  });
});

describe('find by key', () => {
  it('hashes the key with murmur2 like the Java client and scans only that partition', async () => {
    // kcat with librdkafka's murmur2 partitioner is the independent check of our hash
    await kcat(['-P', '-t', T.keys, '-K', ':', '-X', 'partitioner=murmur2_random'], 'car-1:a\ncar-2:b\ncar-1:c\nroom-4:d\ncar-1:e\n');
    await api('POST', url(T.keys), { key: 'car-1', value: 'f' });
    const res = await api<BrowseResult>('GET', url(T.keys, '?from=earliest&key=car-1'));
    expect(res.status).toBe(200);
    expect(res.body.keyPartition).toBe(partitionForKey(Buffer.from('car-1'), 5));
    expect(res.body.partitions.map((p) => p.partition)).toEqual([res.body.keyPartition]);
    expect(res.body.messages.map((m) => m.value?.text)).toEqual(['a', 'c', 'e', 'f']);
    expect(res.body.messages.every((m) => m.partition === res.body.keyPartition)).toBe(true);
  });
});

describe('browse paging, filters and scan limits', () => {
  beforeAll(async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `k${i}:{"temperature":${i + 10},"room":"r${i % 3}"}`).join('\n') + '\n';
    await kcat(['-P', '-t', T.paging, '-K', ':', '-p', '0'], lines);
  });

  it('pages forward and back with the cursor, never skipping or repeating', async () => {
    const offs = (r: { body: BrowseResult }) => r.body.messages.map((m) => m.offset);
    const p1 = await api<BrowseResult>('GET', url(T.paging, '?from=earliest&limit=10'));
    expect(offs(p1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(p1.body.prevCursor).toBeNull();
    const p2 = await api<BrowseResult>('GET', url(T.paging, `?limit=10&cursor=${p1.body.nextCursor}`));
    expect(offs(p2)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const p3 = await api<BrowseResult>('GET', url(T.paging, `?limit=10&cursor=${p2.body.nextCursor}`));
    expect(offs(p3)).toEqual([20, 21, 22, 23, 24]);
    expect(p3.body.nextCursor).toBeNull();
    const back = await api<BrowseResult>('GET', url(T.paging, `?limit=10&cursor=${p3.body.prevCursor}`));
    expect(offs(back)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const latest = await api<BrowseResult>('GET', url(T.paging, '?from=latest&limit=5'));
    expect(offs(latest)).toEqual([20, 21, 22, 23, 24]);
    const at = await api<BrowseResult>('GET', url(T.paging, '?from=offset:7&limit=3&partition=0'));
    expect(offs(at)).toEqual([7, 8, 9]);
    const ts = at.body.messages[0]!.timestamp;
    const byTime = await api<BrowseResult>('GET', url(T.paging, `?from=timestamp:${ts}&limit=1`));
    expect(byTime.body.messages[0]!.timestamp).toBeGreaterThanOrEqual(ts);
  });

  it('filters are data: contains and JSON-path comparisons', async () => {
    const hot = await api<BrowseResult>('GET', url(T.paging, `?from=earliest&limit=100&where=${encodeURIComponent('$.temperature > 30')}`));
    expect(hot.body.messages.map((m) => m.offset)).toEqual([21, 22, 23, 24]);
    const r1 = await api<BrowseResult>('GET', url(T.paging, `?from=earliest&limit=100&valueContains=${encodeURIComponent('"r1"')}&keyContains=1`));
    expect(r1.body.messages.map((m) => m.key?.text)).toEqual(['k1', 'k10', 'k13', 'k16', 'k19']);
    const code = await api('GET', url(T.paging, `?where=${encodeURIComponent('$.a > require("child_process")')}`));
    expect(code.status).toBe(400);
  });

  it('says when a search stopped early and why, never a false "no messages"', async () => {
    const res = await api<BrowseResult>('GET', url(T.paging, `?from=earliest&limit=10&maxScan=8&where=${encodeURIComponent('$.temperature > 100')}`));
    expect(res.status).toBe(200);
    expect(res.body.messages).toEqual([]);
    expect(res.body.scan.stoppedEarly).toBe('scan-limit');
    expect(res.body.scan.exhausted).toBe(false);
    expect(res.body.scan.scanned).toBe(8);
    expect(res.body.nextCursor).not.toBeNull(); // the user can continue from where it stopped
    const done = await api<BrowseResult>('GET', url(T.paging, `?from=earliest&limit=10&where=${encodeURIComponent('$.temperature > 100')}`));
    expect(done.body.scan.stoppedEarly).toBeNull();
    expect(done.body.scan.exhausted).toBe(true);
  });
});

describe('bad input is a 4xx with a reason', () => {
  it.each([
    ['malformed from', url(`${RUN}-paging`, '?from=yesterday'), 400, 'from'],
    ['offset out of range', url(`${RUN}-paging`, '?from=offset:999&partition=0'), 400, 'from'],
    ['nonexistent partition', url(`${RUN}-paging`, '?partition=7'), 400, 'partition'],
    ['malformed cursor', url(`${RUN}-paging`, '?cursor=bm9wZQ'), 400, 'cursor'],
    ['bad filter', url(`${RUN}-paging`, '?where=temperature%3E3'), 400, 'where'],
    ['unknown topic', url(`${RUN}-nope`), 404, 'topic'],
  ])('browse: %s', async (_name, path, status, field) => {
    const res = await api<{ error: { field?: string; message: string } }>('GET', path);
    expect(res.status).toBe(status);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message.length).toBeGreaterThan(5);
  });

  it.each([
    ['oversized value (> max.message.bytes)', `${RUN}-small`, { value: 'x'.repeat(2000) }, 413, 'value'],
    ['invalid JSON in JSON mode', `${RUN}-small`, { value: '{"a":', encoding: 'json' }, 422, 'value'],
    ['nonexistent partition', `${RUN}-small`, { value: 'x', partition: 3 }, 400, 'partition'],
    ['invalid base64', `${RUN}-small`, { value: '!!!', encoding: 'base64' }, 400, 'value'],
    ['too many copies', `${RUN}-small`, { value: 'x', copies: 100000 }, 400, 'copies'],
  ])('produce: %s', async (_name, topic, body, status, field) => {
    const res = await api<{ error: { field?: string } }>('POST', url(topic), body);
    expect(res.status).toBe(status);
    expect(res.body.error.field).toBe(field);
  });

  it.each([
    ['malformed from', '?from=offset:x', {}, 'from'],
    ['malformed resume token', '', { 'last-event-id': 'not-a-token' }, 'resume'],
    ['token for another topic', '?resume=other@0:1', {}, 'resume'],
    ['token past the end', '', { 'last-event-id': `${RUN}-paging@0:99999` }, 'resume'],
    ['positional token with a bad offset', '', { 'last-event-id': `${RUN}-paging#1.Z` }, 'resume'],
    ['positional token past the end', '', { 'last-event-id': `${RUN}-paging#${(99999).toString(36)}` }, 'resume'],
  ])('live: %s', async (_name, q, headers, field) => {
    const res = await api<{ error: { field?: string } }>('GET', `/api/clusters/local/topics/${T.paging}/live${q}`, undefined, headers);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it('the read-only cluster refuses produce', async () => {
    const res = await api('POST', `/api/clusters/local-ro/topics/${T.small}/messages`, { value: 'x' });
    expect(res.status).toBe(403);
  });
});

describe('live tail resume', () => {
  it('resumes after a cut through Last-Event-ID with no gap and no duplicate', async () => {
    const produce = (from: number, n: number) =>
      kcat(['-P', '-t', T.resume, '-K', ':'], Array.from({ length: n }, (_, i) => `k${from + i}:m${from + i}`).join('\n') + '\n');
    const first = await new SseClient().open(`/api/clusters/local/topics/${T.resume}/live`);
    await produce(0, 400);
    await first.until(() => first.messages().length >= 100, '100 messages');
    await first.cut(); // mid-stream
    const token = first.lastEventId!;
    const seen = first.messages<WireMessage>();
    expect(token).toMatch(new RegExp(`^${T.resume}@`));
    await produce(400, 200); // produced while disconnected

    const second = await new SseClient().open(`/api/clusters/local/topics/${T.resume}/live`, { 'last-event-id': token });
    try {
      await second.until(() => seen.length + second.messages().length >= 600, 'all 600 messages');
      await new Promise((r) => setTimeout(r, 1000)); // anything extra would be a duplicate
      const all = [...seen, ...second.messages<WireMessage>()];
      const ids = all.map((m) => `${m.partition}:${m.offset}`);
      expect(new Set(ids).size).toBe(ids.length);
      expect(all.map((m) => m.value!.text).sort()).toEqual(Array.from({ length: 600 }, (_, i) => `m${i}`).sort());
      // per partition, offsets are contiguous from 0
      for (const p of [0, 1, 2]) {
        const o = all.filter((m) => m.partition === p).map((m) => m.offset).sort((a, b) => a - b);
        expect(o).toEqual(o.map((_, i) => i));
      }
    } finally {
      await second.cut();
    }
  });

  it('one stream can watch several topics', async () => {
    const sse = await new SseClient().open(`/api/clusters/local/live?topic=${T.paging}&topic=${T.kcat}&from=tail:1`);
    try {
      await sse.until(() => new Set(sse.messages().map((m) => m.topic)).size === 2, 'both topics');
      expect(sse.lastEventId).toContain(`${T.paging}@0:25`);
    } finally {
      await sse.cut();
    }
  });
});

describe('a slow client', () => {
  it('never grows server memory without bound: the server drops and says how many', async () => {
    const total = 20_000;
    // the client opens the stream and then reads nothing while ~20 MB arrive
    const res = await rawFetch(`/api/clusters/local/topics/${T.slow}/live`);
    expect(res.status).toBe(200);
    const pad = 'x'.repeat(1000);
    const batch = Array.from({ length: total }, (_, i) => `${i}-${pad}`).join('\n') + '\n';
    await kcat(['-P', '-t', T.slow, '-p', '0'], batch);
    await new Promise((r) => setTimeout(r, 3000)); // let the server fall far behind this client
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    let received = 0;
    let dropped = 0;
    const offsets = new Set<number>();
    while (received + dropped < total) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'messages') for (const m of liveBatch.parse(data!)) {
          offsets.add(m.offset);
          received++;
        }
        if (event === 'dropped') dropped += (JSON.parse(data!) as { count: number }).count;
      }
    }
    await reader.cancel();
    expect(dropped).toBeGreaterThan(0);
    expect(received + dropped).toBe(total); // every message is delivered or counted as dropped
    expect(offsets.size).toBe(received); // no duplicates
    expect(Math.max(...offsets)).toBe(total - 1); // the newest survive
  });
});

describe('no consumer group is left behind', () => {
  it('browse and tail create no group and commit nothing', async () => {
    const res = await api<BrowseResult>('GET', url(T.paging, '?from=earliest'));
    expect(res.status).toBe(200);
    const sse = await new SseClient().open(`/api/clusters/local/topics/${T.paging}/live?from=earliest`);
    await sse.until(() => sse.messages().length >= 25, '25 messages');
    await sse.cut();
    const groups = [...(await admin.admin.listGroups()).keys()];
    const described = groups.length ? [...(await admin.admin.describeGroups({ groups })).values()] : [];
    const ours = described.filter((g) => /^riffle-(tail|browse)/.test(g.id) || [...g.members.values()].some((m) => /^riffle-(tail|browse)/.test(m.clientId)));
    expect(ours).toEqual([]);
    // nothing committed for our topics by anyone
    for (const groupId of groups) {
      const answer = await admin.admin.listConsumerGroupOffsets({ groups: [{ groupId, topics: [{ name: T.paging, partitionIndexes: [0] }] }] }).catch(() => []);
      expect(answer.flatMap((g) => g.topics.flatMap((t) => t.partitions)).filter((p) => p.committedOffset !== -1n)).toEqual([]);
    }
  });
});
