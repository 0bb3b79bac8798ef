import { afterAll, describe, expect, it } from 'vitest';
import { buildFilter } from '@/lib/messages/filter';
import { decodeRecordSet } from '../kafka/fetch';
// record sets written by the client's own encoder, through the Kafka layer (this file never imports the client)
import { encodeRecordSet } from '../kafka/test-record-sets';
import { searchMapper } from './search';
import { SearchPool, type SearchJobResult } from './search-pool';

/**
 * The worker threads' test (search-worker.mjs, run here as the server runs it) must accept exactly
 * what the general path accepts: build the wire message, then matches() — for every condition
 * the contract allows, on the same encoded record set.
 */
interface Rec {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: [string, string][];
}
const recs: Rec[] = [
  { key: 'k1', value: '{"temp": 48, "note": "needle-x", "tags": ["a", "b"]}' },
  { key: 'k2', value: '{"temp": 47, "note": "needle-x"}', headers: [['trace', 'abc-123']] },
  { key: null, value: '{"temp": 49, "status": "ok"}' },
  { key: 'user-7', value: '\uFEFF{"temp": 49, "note": "needle-x"}' }, // a byte-order mark: text, but not JSON
  { key: 'k3', value: '{"temp": 50, "note": "grüße needle-x", "status": "late"}', headers: [['h-needle', 'v']] },
  { key: Buffer.from([0xff, 0x00]), value: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('needle-x {"temp": 49}')]) }, // not UTF-8
  { key: 'k4', value: 'needle-x' },
  { key: 'k5', value: '{"nested": {"temp": 60}, "tags": ["b"]}' },
  { key: 'k6', value: 'not json at all, temp 49 {' }, // malformed JSON
  { key: 'k7', value: null, headers: [['trace', 'needle-x']] },
  { key: 'user-8', value: '{"temp": "48", "status": null}' },
];

function recordSet(from: number): Buffer {
  return encodeRecordSet(
    from,
    recs.map((r) => ({
      key: r.key === null ? null : Buffer.from(r.key),
      value: r.value === null ? null : Buffer.from(r.value),
      timestamp: 1_700_000_000_000 + from,
      headers: (r.headers ?? []).map(([k, v]) => [k, Buffer.from(v)] as [string, Buffer]),
    })),
  );
}

const filters = [
  { valueContains: 'needle-x' },
  { valueContains: 'grüße' },
  { keyContains: 'user-' },
  { headerContains: 'needle' },
  { headerContains: 'abc', valueContains: 'needle-x' },
  { where: '$.temp == 48' },
  { where: '$.temp == "48"' },
  { where: '$.temp != 48' },
  { where: '$.temp > 48' },
  { where: '$.temp >= 48' },
  { where: '$.temp < 48' },
  { where: '$.temp <= 48' },
  { where: '$.note contains "needle"' },
  { where: '$.tags contains "b"' },
  { where: '$.status == null' },
  { where: '$.status > "m"' },
  { where: '$.nested.temp > 59' },
  { valueContains: 'grüße', where: '$.temp == 50' },
  { keyContains: 'k', where: '$.temp >= 48' },
];

const pool = new SearchPool(2);
afterAll(() => pool.close());

const general = (filter: NonNullable<ReturnType<typeof buildFilter>>, set: Buffer, from: number, end = Infinity) => {
  const counts = { scanned: 0, matched: 0, bytes: 0, notJson: 0 };
  const got = decodeRecordSet(set, 0, from, searchMapper('t', filter, (m) => m, () => end, counts));
  return { counts, offsets: got.records.filter((m) => m !== null).map((m) => m.offset), nextOffset: got.nextOffset };
};

// Threads take a while to load on a busy machine (seconds at a load of 25 on 2 cores).
describe('search worker threads', { timeout: 30_000 }, () => {
  for (const f of filters) {
    it(`find exactly what the general path finds for ${JSON.stringify(f)}`, async () => {
      const filter = buildFilter(f)!;
      const set = recordSet(100);
      const want = general(filter, set, 100);
      const r = (await pool.run({ bytes: Uint8Array.from(set), partition: 0, from: 100, end: Infinity, filter, keep: 1000 }, new AbortController().signal)) as Extract<SearchJobResult, { plain: true }>;
      expect(r.plain).toBe(true);
      expect(r.matches.map((m) => m.offset)).toEqual(want.offsets);
      expect(r).toMatchObject({ scanned: recs.length, matched: want.counts.matched, bytes: want.counts.bytes, nextOffset: want.nextOffset });
      // the event-loop path without masking (the same record test) agrees too
      const counts = { scanned: 0, matched: 0, bytes: 0, notJson: 0 };
      const fast = decodeRecordSet(set, 0, 100, searchMapper('t', filter, null, () => Infinity, counts));
      expect(fast.records.filter((m) => m !== null).map((m) => m.offset)).toEqual(want.offsets);
      expect(counts.notJson).toBe(r.notJson);
    });
  }

  it('sends back the bytes of matched records, at most `keep`, counting the rest', async () => {
    const r = (await pool.run({ bytes: Uint8Array.from(recordSet(0)), partition: 0, from: 0, end: Infinity, filter: buildFilter({ valueContains: 'needle-x' })!, keep: 2 }, new AbortController().signal)) as Extract<SearchJobResult, { plain: true }>;
    expect(r.matched).toBe(5);
    expect(r.matches.map((m) => Buffer.from(m.value!).toString())).toEqual([recs[0]!.value, recs[1]!.value]);
    expect(Buffer.from(r.matches[1]!.headers[0]![1]!).toString()).toBe('abc-123');
  });

  it('counts values that are not JSON under a JSON path and goes on (the thread survives)', async () => {
    const filter = buildFilter({ where: '$.temp >= 48' })!;
    for (let i = 0; i < 2; i++) {
      const r = (await pool.run({ bytes: Uint8Array.from(recordSet(0)), partition: 0, from: 0, end: Infinity, filter, keep: 10 }, new AbortController().signal)) as Extract<SearchJobResult, { plain: true }>;
      // the BOM-marked value, the binary one, the two plain text ones: skipped, counted
      expect(r.notJson).toBe(4);
      expect(r.matched).toBe(general(filter, recordSet(0), 0).counts.matched);
    }
  });

  it('leaves out records before `from` and at or past `end`', async () => {
    const filter = buildFilter({ valueContains: 'e' })!;
    const r = (await pool.run({ bytes: Uint8Array.from(recordSet(0)), partition: 0, from: 2, end: 6, filter, keep: 100 }, new AbortController().signal)) as Extract<SearchJobResult, { plain: true }>;
    expect(r.scanned).toBe(4);
    expect(r.matches.every((m) => m.offset >= 2 && m.offset < 6)).toBe(true);
  });

  it('hands a compressed record set back undecoded, and drops an aborted job', async () => {
    const gz = encodeRecordSet(0, [{ value: Buffer.from('needle-x'), timestamp: 1 }], 'gzip');
    const r = await pool.run({ bytes: Uint8Array.from(gz), partition: 0, from: 0, end: Infinity, filter: buildFilter({ valueContains: 'x' })!, keep: 1 }, new AbortController().signal);
    expect(r.plain).toBe(false);
    expect(Buffer.from((r as { bytes: Uint8Array }).bytes).equals(gz)).toBe(true);
    const abort = new AbortController();
    const job = pool.run({ bytes: Uint8Array.from(recordSet(0)), partition: 0, from: 0, end: Infinity, filter: buildFilter({ valueContains: 'x' })!, keep: 1 }, abort.signal);
    abort.abort();
    await expect(job).rejects.toThrow('aborted');
  });
});
