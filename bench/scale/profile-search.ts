/**
 * Where a search's time goes, without Kafka: the search's record test (searchMapper) over the
 * scale bench's payloads, a million records, for each condition, through its fast path and its
 * general one (build the message, then matches()). Run with a CPU profile:
 *   node --conditions=react-server --import tsx --cpu-prof --cpu-prof-dir=/tmp/riffle-prof bench/scale/profile-search.ts
 * and it prints records per second and, from the profile it finds there, the top self-time functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildFilter } from '@/lib/messages/filter';
import { searchMapper } from '@/lib/server/messages/search';
import { payloadLines, SEARCH_NEEDLE, SEARCH_WHERE } from '../lib/scale-fill';

const N = Number(process.env.PROFILE_RECORDS ?? 1_000_000);
const lines = payloadLines().map((l) => Buffer.from(l));
const records = Array.from({ length: N }, (_, i) => lines[(i * 7919) % lines.length]!);
// three rounds, alternating, so neither path has the warmer JIT or the quieter machine
for (const [name, f] of [['value substring', { valueContains: SEARCH_NEEDLE }], ['JSON path', { where: SEARCH_WHERE }]] as const) {
  for (const general of [true, false, true, false, true, false]) {
    const counts = { scanned: 0, matched: 0, bytes: 0, notJson: 0 };
    const map = searchMapper('t', buildFilter(f)!, general ? (m) => m : null, () => Infinity, counts);
    const t = performance.now();
    for (let i = 0; i < N; i++) map(0, i, 0, null, records[i]!, []);
    const s = (performance.now() - t) / 1000;
    console.log(`${name}, ${general ? 'general path (message built, then matches())' : 'fast path'}: ${Math.round(N / s).toLocaleString('en-US')} records/s, ${counts.matched} matched`);
  }
}
process.on('exit', () => {
  const dir = process.execArgv.find((a) => a.startsWith('--cpu-prof-dir='))?.slice(15);
  if (!dir || !fs.existsSync(dir)) return;
  // the profile is written after 'exit' handlers: read it on the next run, or with the command below
  console.log(`profile in ${path.resolve(dir)}: node bench/scale/top-functions.mjs ${path.resolve(dir)}/*.cpuprofile`);
});
