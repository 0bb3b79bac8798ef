// A search pool thread (search-pool.ts): decodes one partition's fetched record set and tests
// every record, so a whole-topic search uses more than the event loop's one core. Plain ESM that
// Node loads as it is, beside the bundle Next builds (that is why it is not TypeScript); the two
// modules it imports are TypeScript with erasable syntax only, which Node 24 strips on load.
import { parentPort } from 'node:worker_threads';
import { decodePlainBatches } from '../kafka/plain-record-batches.ts';
import { recordTest } from './record-test.ts';

/** The last filter's test: a search sends its filter with every job, and it rarely changes. */
let cached = { key: '', test: null };

parentPort.on('message', (job) => {
  try {
    const result = run(job);
    // a set this thread can't decode goes back, its memory transferred again
    parentPort.postMessage(result, result.plain ? [] : [result.bytes.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err?.stack ?? err) });
  }
});

/**
 * job: { id, bytes: Uint8Array (its buffer transferred), partition, from, end, filter, keep }.
 * Answers counts, the next offset and at most `keep` matched records (copies of their bytes), or
 * `plain: false` and the bytes when a batch is compressed or of an old format: the caller decodes
 * those with the library's decoder, which this thread does not load.
 */
function run(job) {
  const key = JSON.stringify(job.filter);
  if (cached.key !== key) cached = { key, test: recordTest(job.filter) };
  const test = cached.test;
  const buf = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  const counts = { id: job.id, plain: true, scanned: 0, matched: 0, notJson: 0, bytes: 0, nextOffset: job.from, matches: [] };
  const decoded = decodePlainBatches(buf, job.partition, job.from, (_p, offset, timestamp, k, v, headers) => {
    if (offset >= job.end) return null;
    counts.scanned++;
    counts.bytes += (k?.length ?? 0) + (v?.length ?? 0);
    const verdict = test(k, v, headers);
    if (verdict === 'match') {
      counts.matched++;
      // copies: the record set's buffer stays here and is dropped with the job
      if (counts.matches.length < job.keep) counts.matches.push({ offset, timestamp, key: k && Uint8Array.from(k), value: v && Uint8Array.from(v), headers: headers.map(([hk, hv]) => [Uint8Array.from(hk), hv && Uint8Array.from(hv)]) });
    } else if (verdict === 'not-json') counts.notJson++;
    return null;
  });
  if (!decoded) return { id: job.id, plain: false, bytes: job.bytes };
  counts.nextOffset = decoded.nextOffset;
  return counts;
}
