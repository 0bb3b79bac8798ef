// Profiling helper (docs/BENCHMARKS-LIVE-PATH.md): reads a filled topic from the beginning through a running console N times, decoding as the bench does.
// node --cpu-prof --conditions=react-server --import tsx bench/profile-tail.mts <base url> <topic> <messages> [rounds]
import { decodeLiveBatch } from '../lib/contracts/live-batch.ts';
import { readEvents } from './lib/sse.ts';

const [base, topic, total, rounds] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4]), Number(process.argv[5] ?? 3)];
for (let r = 0; r < rounds; r++) {
  let got = 0;
  const t = performance.now();
  await readEvents(`${base}/api/clusters/local/topics/${topic}/live?from=earliest`, { authorization: 'Bearer rfl_test_admin_token_0123456789abcdef' }, (e) => {
    if (e.event === 'messages') got += decodeLiveBatch(e.data).length;
    return got >= total;
  });
  console.log(`round ${r}: ${Math.round((total / (performance.now() - t)) * 1000)} msg/s`);
}
