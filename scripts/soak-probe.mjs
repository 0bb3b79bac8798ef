// Preloaded into the console server by `npm run soak` (NODE_OPTIONS=--import ...): every 5 s it
// writes the process's own memory figures and live handle counts to
// $RIFFLE_SOAK_PROBE_DIR/<pid>.json, which the soak samples. Does nothing without that variable.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.RIFFLE_SOAK_PROBE_DIR;
if (dir) {
  const file = path.join(dir, `${process.pid}.json`);
  const write = () => {
    const m = process.memoryUsage();
    const resources = {};
    for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
    try {
      fs.writeFileSync(
        `${file}.tmp`,
        JSON.stringify({ pid: process.pid, argv: process.argv.slice(1, 3), at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, resources }),
      );
      fs.renameSync(`${file}.tmp`, file);
    } catch {
      // the soak removed the folder: nothing to report to
    }
  };
  const timer = setInterval(write, 5_000);
  timer.unref();
  write();
}
