import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchEvent, type SearchEvent } from '@/lib/contracts/messages';
import { matchesCondition, parseWhere } from '@/lib/messages/filter';
import { api, rawFetch, waitFor } from '../helpers/api';
import { createTestTopics, testAdmin, type TestAdmin } from '../helpers/kafka-admin';
import { BOOTSTRAP } from '../helpers/kcat';

/**
 * The whole-topic search (GET …/search, NDJSON) against what kcat reads from the same topic:
 * the same matches, at the same partitions and offsets, for a substring (ASCII and not) and a
 * JSON-path condition; progress before the end; the stream's resources released on cancel.
 */
const run = promisify(execFile);
const TOPIC = `search-${Date.now().toString(36)}`;
const N = 30_000;
/** Records with a key and a header, and values that are not JSON, produced after the N lines. */
const KEYED = 40;
const MALFORMED = 7;
const ALL = N + 1 + KEYED + MALFORMED;
let admin: TestAdmin;

function line(i: number): string {
  const note = i % 97 === 5 ? 'has needle-x here' : i % 211 === 3 ? 'grüße needle-ü' : 'nothing';
  return JSON.stringify({ i, temp: (i * 7) % 60 - 10, note });
}

interface Read {
  events: SearchEvent[];
  status: number;
}

async function search(query: string, opts: { abortAfterFirst?: boolean } = {}): Promise<Read> {
  const abort = new AbortController();
  const res = await rawFetch(`/api/clusters/local/topics/${TOPIC}/search?${query}`, { signal: abort.signal });
  if (!res.ok || !res.body) return { events: [], status: res.status };
  const events: SearchEvent[] = [];
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        events.push(searchEvent.parse(JSON.parse(buf.slice(0, nl))));
        buf = buf.slice(nl + 1);
        if (opts.abortAfterFirst) abort.abort();
      }
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  }
  return { events, status: res.status };
}

/** kcat's view of the topic: partition, offset and value of every record. */
async function kcatAll(): Promise<{ p: number; o: number; k: string; v: string }[]> {
  const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', TOPIC, '-o', 'beginning', '-e', '-q', '-f', '%p %o %k %s\n'], { maxBuffer: 64 << 20 });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [p, o, k, ...v] = l.split(' ');
      return { p: Number(p), o: Number(o), k: k!, v: v.join(' ') };
    });
}

const where = (events: SearchEvent[]) => events.flatMap((e) => (e.type === 'matches' ? e.messages.map((m) => `${m.partition}:${m.offset}`) : [])).sort();
const doneOf = (events: SearchEvent[]) => events.find((e) => e.type === 'done') as Extract<SearchEvent, { type: 'done' }> | undefined;

async function activeSearches(): Promise<number> {
  const text = await (await rawFetch('/api/metrics')).text();
  return Number(/riffle_sse_open_streams\{kind="search"\} (\d+)/.exec(text)?.[1] ?? 0);
}

beforeAll(async () => {
  admin = await testAdmin();
  await createTestTopics(admin, [{ topic: TOPIC, numPartitions: 3 }]);
  const dir = mkdtempSync(path.join(tmpdir(), 'search-'));
  const file = path.join(dir, 'lines');
  writeFileSync(file, Array.from({ length: N }, (_, i) => line(i)).join('\n') + '\n');
  await run('kcat', ['-b', BOOTSTRAP, '-P', '-t', TOPIC, '-l', file], { maxBuffer: 64 << 20 });
  // a value that holds the needle's bytes but is not UTF-8 text: never a substring match
  const bin = path.join(dir, 'bin');
  writeFileSync(bin, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('needle-x')]));
  await run('kcat', ['-b', BOOTSTRAP, '-P', '-t', TOPIC, '-p', '0', bin]);
  // keyed records with a header (key and header conditions), then values that are not JSON
  const keyed = path.join(dir, 'keyed');
  writeFileSync(keyed, Array.from({ length: KEYED }, (_, i) => `user-${i}:${JSON.stringify({ i, temp: 50, note: 'keyed' })}`).join('\n') + '\n');
  await run('kcat', ['-b', BOOTSTRAP, '-P', '-t', TOPIC, '-p', '1', '-K', ':', '-H', 'trace=needle-h', '-l', keyed]);
  const malformed = path.join(dir, 'malformed');
  writeFileSync(malformed, Array.from({ length: MALFORMED }, (_, i) => `{"temp": 49, broken ${i}`).join('\n') + '\n');
  await run('kcat', ['-b', BOOTSTRAP, '-P', '-t', TOPIC, '-p', '2', '-l', malformed]);
}, 120_000);

afterAll(async () => {
  await admin.deleteTopics([TOPIC]).catch(() => {});
  await admin.close();
});

describe('whole-topic search', () => {
  it('finds every record kcat shows holding an ASCII substring, at the same partitions and offsets, scanning the whole topic', async () => {
    const all = await kcatAll();
    expect(all.length).toBe(ALL);
    const expected = all.filter((r) => r.v.includes('needle-x') && r.v.startsWith('{')).map((r) => `${r.p}:${r.o}`).sort();
    expect(expected.length).toBeGreaterThan(300);
    const { events, status } = await search('valueContains=needle-x&limit=1000');
    expect(status).toBe(200);
    expect(events[0]).toMatchObject({ type: 'started', total: ALL });
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    expect(where(events)).toEqual(expected);
    expect(doneOf(events)).toMatchObject({ reason: 'end', scanned: ALL, matched: expected.length });
  });

  it('matches a non-ASCII substring as text', async () => {
    const expected = (await kcatAll()).filter((r) => r.v.includes('grüße needle-ü')).map((r) => `${r.p}:${r.o}`).sort();
    expect(expected.length).toBeGreaterThan(50);
    const { events } = await search(`valueContains=${encodeURIComponent('grüße needle-ü')}&limit=1000`);
    expect(where(events)).toEqual(expected);
  });

  it('evaluates a JSON-path condition on every record as kcat reads them', async () => {
    const expected = (await kcatAll())
      .filter((r) => {
        try {
          return (JSON.parse(r.v) as { temp: number }).temp >= 48;
        } catch {
          return false;
        }
      })
      .map((r) => `${r.p}:${r.o}`);
    const { events } = await search(`where=${encodeURIComponent('$.temp >= 48')}&limit=1000`);
    expect(doneOf(events)?.matched).toBe(expected.length);
    // the first 1000 sent are among them
    const sent = where(events);
    expect(sent.length).toBe(Math.min(1000, expected.length));
    const set = new Set(expected);
    expect(sent.every((k) => set.has(k))).toBe(true);
  });

  it('evaluates every comparison the contract allows as the filter module does on what kcat reads, counting values that are not JSON', async () => {
    const all = await kcatAll();
    for (const expr of ['$.temp == 48', '$.temp != 48', '$.temp > 45', '$.temp >= 48', '$.temp < -5', '$.temp <= -9', '$.note contains "needle"', '$.note == "keyed"']) {
      const cond = parseWhere(expr);
      const expected = all
        .filter((r) => {
          try {
            return matchesCondition(JSON.parse(r.v), cond);
          } catch {
            return false;
          }
        })
        .map((r) => `${r.p}:${r.o}`)
        .sort();
      const { events } = await search(`where=${encodeURIComponent(expr)}&limit=1000`);
      const done = doneOf(events);
      expect(done?.matched, expr).toBe(expected.length);
      if (expected.length <= 1000) expect(where(events), expr).toEqual(expected);
      // the malformed values and the binary one: skipped, counted, and the scan read everything
      expect(done, expr).toMatchObject({ reason: 'end', scanned: ALL, notJson: MALFORMED + 1 });
    }
  });

  it('matches a key substring and a header substring', async () => {
    const all = await kcatAll();
    const keyed = all.filter((r) => r.k.startsWith('user-')).map((r) => `${r.p}:${r.o}`).sort();
    expect(keyed).toHaveLength(KEYED);
    expect(where((await search('keyContains=user-&limit=1000')).events)).toEqual(keyed);
    expect(where((await search('headerContains=needle-h&limit=1000')).events)).toEqual(keyed);
    expect(where((await search(`headerContains=trace&where=${encodeURIComponent('$.i < 10')}&limit=1000`)).events)).toHaveLength(10);
  });

  it('stops at the limit when asked', async () => {
    const { events } = await search('valueContains=needle-x&limit=5&stopAtLimit=true');
    expect(where(events)).toHaveLength(5);
    // the scan stops between fetches: on this small topic one fetch per partition already read it all
    expect(doneOf(events)?.reason).toBe('limit');
  });

  it('releases the search when the client goes away', async () => {
    const { events } = await search('valueContains=needle-x', { abortAfterFirst: true });
    expect(events[0]?.type).toBe('started');
    expect(doneOf(events)).toBeUndefined();
    await waitFor(async () => (await activeSearches()) === 0, { timeoutMs: 5_000, what: 'no search active' });
    // its stream slot is free again: another search runs to the end
    expect(doneOf((await search('valueContains=needle-x')).events)?.reason).toBe('end');
  });

  it('answers bad input with 4xx naming the field', async () => {
    const none = await api<{ error: { field: string } }>('GET', `/api/clusters/local/topics/${TOPIC}/search`);
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('valueContains');
    const badWhere = await api<{ error: { field: string } }>('GET', `/api/clusters/local/topics/${TOPIC}/search?where=${encodeURIComponent('temp > 3')}`);
    expect(badWhere.status).toBe(400);
    expect(badWhere.body.error.field).toBe('where');
    const badPartition = await api<{ error: { field: string } }>('GET', `/api/clusters/local/topics/${TOPIC}/search?valueContains=x&partition=9`);
    expect(badPartition.status).toBe(400);
    expect(badPartition.body.error.field).toBe('partition');
    const badLimit = await api<{ error: { field: string } }>('GET', `/api/clusters/local/topics/${TOPIC}/search?valueContains=x&limit=0`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.field).toBe('limit');
    const missing = await api('GET', `/api/clusters/local/topics/${TOPIC}-missing/search?valueContains=x`);
    expect(missing.status).toBe(404);
  });
});
