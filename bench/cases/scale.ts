import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Admin } from '@platformatic/kafka';
import type { BenchCase, Comparison, Metric } from '../harness';
import type { Curve } from '../lib/curves';
import { rawAdmin, rawMetadata, seedConnection } from '../lib/raw-kafka';
import { ensureFilled, SEARCH_NEEDLE, SEARCH_WHERE } from '../lib/scale-fill';
import { groupUsage } from '../lib/sse';
import { summarize } from '../stats';
import { browserPhase } from '../scale/browser-phase';

/**
 * Ten times the cluster (issue 23): how the console's cost grows with topics, groups and a
 * topic's size, each beside a baseline in the same run. Runs on the bench's own cluster
 * (scripts/bench.mjs starts it for this case: 3 nodes, data in .data/bench-scale-<offset>,
 * bench/scale/broker.properties), never on the demo's.
 *
 *   npm run bench -- scale                               every phase, points 1k, 5k, 20k, 50k topics
 *   npm run bench -- scale --points=1000,5000 --phases=topics,search
 *
 *   npm run bench -- scale --phases=browser              the browser with 100,000 rows alone (a few minutes)
 *
 * Options (or BENCH_ARG_* variables): --points (topic counts), --phases (topics, groups, search,
 * browser), --groups (5000), --group-topics (1000), --messages (10000000), --rows (100000, the
 * browser phase), --keep (keep the many topics and groups at the end; the search topic is always kept).
 * The console samples lag every 10 s, the product's default (BENCH_LAG_SAMPLE_MS to choose).
 */

const arg = (name: string, dflt: string) => process.env[`BENCH_ARG_${name.toUpperCase().replace(/-/g, '_')}`] ?? dflt;
const POINTS = arg('points', '1000,5000,20000,50000').split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
const PHASES = new Set(arg('phases', 'topics,groups,search,browser').split(','));
const GROUPS = Number(arg('groups', '5000'));
const GROUP_TOPICS = Number(arg('group-topics', '1000'));
const MESSAGES = Number(arg('messages', '10000000'));
const KEEP = arg('keep', '') !== '';
const TOPIC_PREFIX = 'bench-scale.t-';
const SEARCH_TOPIC = 'bench-scale.search-10m';
const CREATE_BATCH = 500;
const root = path.resolve(__dirname, '..', '..');

const median = (xs: number[]) => summarize(xs).median;
const p95 = (xs: number[]) => summarize(xs).p95;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bench cluster's broker processes (their pid files under the bench's data folder). */
function brokerPids(): number[] {
  const dir = process.env.BENCH_KAFKA_DATA_DIR;
  if (!dir) return [];
  return fs
    .readdirSync(dir)
    .filter((d) => d.startsWith('node-'))
    .map((d) => Number(fs.readFileSync(path.join(dir, d, 'kafka.pid'), 'utf8').trim()))
    .filter((pid) => fs.existsSync(`/proc/${pid}`));
}

/** Open files, memory maps and the open-file limit of a broker, from /proc. */
function brokerFacts(pid: number) {
  const fds = fs.readdirSync(`/proc/${pid}/fd`).length;
  const maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n').length - 1;
  const limit = Number(/Max open files\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1] ?? Infinity);
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { fds, maps, limit, rssKiB };
}

const maxMapCount = () => Number(fs.readFileSync('/proc/sys/vm/max_map_count', 'utf8').trim());

/** Reads an NDJSON search to its end; the first progress event's arrival and the done event. */
async function runSearch(baseUrl: string, auth: string, topic: string, query: string, abortAfterMs?: number) {
  const abort = new AbortController();
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/clusters/local/topics/${encodeURIComponent(topic)}/search?${query}`, { headers: { authorization: auth }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`search answered ${res.status}: ${await res.text()}`);
  let firstProgressMs: number | null = null;
  let progressEvents = 0;
  let done: { scanned: number; matched: number; elapsedMs: number; reason: string } | null = null;
  let last: { scanned: number } = { scanned: 0 };
  let abortedAt: number | null = null;
  if (abortAfterMs !== undefined) {
    setTimeout(() => {
      abortedAt = performance.now();
      abort.abort();
    }, abortAfterMs);
  }
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line) continue;
        const e = JSON.parse(line) as { type: string; scanned: number; matched: number; elapsedMs: number; reason: string; message?: string };
        if (e.type === 'progress') {
          progressEvents++;
          // the first progress with something scanned: what a person sees move
          if (firstProgressMs === null && e.scanned > 0) firstProgressMs = performance.now() - started;
          last = e;
        } else if (e.type === 'done') done = e;
        else if (e.type === 'failure') throw new Error(`search failed: ${e.message}`);
      }
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  }
  return { wallMs: performance.now() - started, firstProgressMs, progressEvents, done, last, abortedAt };
}

/** The oracle: kcat reads the whole topic (to its end, -e) into grep -c, timed as one pipeline. */
function kcatGrep(brokers: string, topic: string, grepArgs: string[]): Promise<{ ms: number; count: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const kcat = spawn('kcat', ['-b', brokers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\n'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const grep = spawn('grep', ['-c', ...grepArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
    kcat.stdout.pipe(grep.stdin);
    let out = '';
    let err = '';
    kcat.stderr.on('data', (d) => (err += d));
    grep.stdout.on('data', (d) => (out += d));
    kcat.on('error', reject);
    grep.on('close', (code) => {
      if (code !== 0 && code !== 1) return reject(new Error(`grep exited ${code}; kcat: ${err.slice(-300)}`));
      resolve({ ms: performance.now() - started, count: Number(out.trim()) });
    });
  });
}

/** Active searches, from the console's own /api/metrics (the gauge drops when a search's loops end). */
async function activeSearches(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/api/metrics`)).text();
  return Number(/riffle_sse_open_streams\{kind="search"\} (\d+)/.exec(text)?.[1] ?? 0);
}

const benchCase: BenchCase = {
  name: 'scale',
  description: `Ten times the cluster: topics list at ${POINTS.join(', ')} topics; groups list at ${GROUPS} groups over ${GROUP_TOPICS} topics; searching ${MESSAGES.toLocaleString('en-US')} messages vs kcat | grep; the live tail and browse pages with ${Number(arg('rows', '100000')).toLocaleString('en-US')} messages scrolled in Chromium`,
  target: 'topics first page and search p50 < 1 s at every point; groups list p50 < 1 s and sampler cycle < its interval; search ≥ 1× kcat | grep, progress within 1 s, cancel stops within 1 s; no long task over 50 ms while the browser scrolls a big result',
  async run(ctx) {
    const metrics: Metric[] = [];
    const comparisons: Comparison[] = [];
    const notes: string[] = [];
    const latency: Curve = { title: 'Topics list p50 against the number of topics', xLabel: 'topics', unit: 'ms', series: [{ name: 'first page', points: [] }, { name: 'search', points: [] }, { name: 'sorted by messages', points: [] }, { name: 'floor: one bare Metadata request', points: [] }, { name: 'cold first page (waits for the index read)', points: [] }] };
    const latency95: Curve = { title: 'Topics list p95 against the number of topics', xLabel: 'topics', unit: 'ms', series: [{ name: 'first page', points: [] }, { name: 'search', points: [] }, { name: 'sorted by messages', points: [] }] };
    const kafkaRequests: Curve = { title: 'Kafka requests per topics-list call', xLabel: 'topics', unit: 'requests', series: [{ name: 'first page', points: [] }, { name: 'search', points: [] }, { name: 'sorted by messages', points: [] }] };
    const split: Curve = { title: 'Where a first-page call spends its time (p50)', xLabel: 'topics', unit: 'ms', series: [{ name: "Metadata requests (in the server: the page's, and the whole cluster's only when a call waits for the topic index)", points: [] }, { name: 'offsets, configs, filter and sort (in the server)', points: [] }, { name: 'the rest: HTTP, JSON, framework', points: [] }] };
    const memory: Curve = { title: 'Server and broker memory against the number of topics', xLabel: 'topics', unit: 'MiB', series: [{ name: 'console server RSS', points: [] }, { name: 'broker RSS (each, mean)', points: [] }] };
    const auth = process.env.BENCH_AUTH_HEADER ?? '';
    const pgid = Number(process.env.BENCH_SERVER_PGID ?? 0);
    const rss = async () => (pgid ? (await groupUsage(pgid)).rssKiB / 1024 : NaN);
    const admin = rawAdmin(ctx.brokers, 'bench-scale');
    const created: string[] = [];
    const groups: string[] = [];
    notes.push(`machine: ${os.cpus().length} cores shared with other engineers, load ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the start: read the ratios, not the absolutes`);
    try {
      // A phase that fails is reported and the next one still runs.
      const phase = async (name: string, fn: () => Promise<void>) => {
        if (!PHASES.has(name)) return;
        const t = performance.now();
        try {
          await fn();
          notes.push(`phase ${name}: ${((performance.now() - t) / 1000).toFixed(0)} s`);
        } catch (err) {
          notes.push(`phase ${name} failed after ${((performance.now() - t) / 1000).toFixed(0)} s: ${(err as Error).message}${(err as { errors?: Error[] }).errors ? ` (${JSON.stringify((err as { errors: unknown[] }).errors).slice(0, 400)})` : ''}`);
          ctx.log(notes[notes.length - 1]!);
        }
      };
      const topicsPhase = async () => {
        const connection = await seedConnection(admin, ctx.brokers);
        const existing = new Set(await admin.listTopics({ includeInternals: true }));
        const prior = [...existing].filter((t) => t.startsWith(TOPIC_PREFIX)).sort();
        created.push(...prior);
        for (const point of POINTS) {
          // Refuse a point the brokers can't hold rather than take the machine down with it.
          const pids = brokerPids();
          const facts = pids.map(brokerFacts);
          const others = existing.size - prior.length;
          const perBroker = Math.ceil((point + others) / Math.max(1, pids.length));
          const limit = Math.min(...facts.map((f) => f.limit));
          // a one-partition topic costs a broker one open segment file; 2,000 kept for sockets and jars
          if (pids.length && perBroker + 2_000 > limit) {
            notes.push(`refused ${point} topics: ${perBroker} partitions per broker need about ${perBroker + 2_000} open files, the brokers may have ${limit} (ulimit -Hn; raising it needs CAP_SYS_RESOURCE, which this machine's root lacks)`);
            ctx.log(notes[notes.length - 1]!);
            break;
          }
          const want = Array.from({ length: point }, (_, i) => `${TOPIC_PREFIX}${String(i).padStart(5, '0')}`).filter((t) => !created.includes(t));
          const t0 = performance.now();
          for (let i = 0; i < want.length; i += CREATE_BATCH) {
            await admin.createTopics({ topics: want.slice(i, i + CREATE_BATCH), partitions: 1, replicas: 1 }).catch((err: Error) => {
              if (!/already exists/i.test(err.message) && !JSON.stringify(err).includes('TOPIC_ALREADY_EXISTS')) throw err;
            });
            created.push(...want.slice(i, i + CREATE_BATCH));
          }
          for (let i = 0; ; i++) {
            const res = await ctx.fetch(`/api/clusters/local/topics?search=${encodeURIComponent(TOPIC_PREFIX)}&limit=1`);
            const body = (await res.json()) as { total?: number };
            if (body.total !== undefined && body.total >= point) break;
            if (i > 1200) throw new Error(`only ${body.total} of ${point} topics visible after 10 minutes`);
            await sleep(500);
          }
          const createMs = performance.now() - t0;
          const total = point + others;
          ctx.log(`${point} topics (${total} in the cluster): created ${want.length} in ${(createMs / 1000).toFixed(0)} s`);

          const requests: Record<string, number[]> = { first: [], search: [], messages: [], cold: [] };
          const inServer: { scanMs: number[]; restMs: number[] } = { scanMs: [], restMs: [] };
          // how each call got the topic index (issue 23): warm, stale (a read ran in the background), or waited for a read
          const reads: Record<string, Record<string, number>> = { first: {}, search: {}, messages: {}, cold: {} };
          const coldReadMs: number[] = [];
          type ListBody = { topics: unknown[]; total: number; indexAgeMs: number; stats: { kafkaRequests: number; scanMs: number; offsetsMs: number; indexRead: string; indexReadMs: number } };
          const call = (qs: string, key: string) => async () => {
            const res = await ctx.fetch(`/api/clusters/local/topics?${qs}`);
            if (!res.ok) throw new Error(`topics answered ${res.status}: ${await res.text()}`);
            const body = (await res.json()) as ListBody;
            if (key === 'first') {
              inServer.scanMs.push(body.stats.scanMs);
              inServer.restMs.push(body.stats.offsetsMs);
            }
            if (key === 'cold') coldReadMs.push(body.stats.indexReadMs);
            if (body.topics.length !== Math.min(100, body.total)) throw new Error(`a page of ${body.topics.length} rows for ${body.total} topics`);
            requests[key]!.push(body.stats.kafkaRequests);
            reads[key]![body.stats.indexRead] = (reads[key]![body.stats.indexRead] ?? 0) + 1;
          };
          // The cold call: the first page as the first visitor after a start sees it (no index yet), made
          // here by refresh=true, which waits for a whole-cluster read the same way. Measured apart, first.
          const cold = await ctx.timed(call('limit=100&refresh=true', 'cold'), { warmup: 0, repeats: 3 });
          // Then what a user sees after that first load: the index in memory (warm, or stale while
          // a background read runs when it passes its max age during the repeats).
          const first = await ctx.timed(call('limit=100', 'first'), { warmup: 2, repeats: 15 });
          const search = await ctx.timed(call(`limit=100&search=${encodeURIComponent(`t-${String(Math.floor(point / 2)).padStart(5, '0').slice(0, 4)}`)}`, 'search'), { warmup: 1, repeats: 10 });
          const byMessages = await ctx.timed(call('limit=100&sort=messages&dir=desc', 'messages'), { warmup: 1, repeats: 5 });
          const floor = await ctx.timed(() => rawMetadata(connection, null), { warmup: 2, repeats: 15 });
          const serverRss = await rss();
          const after = brokerPids().map(brokerFacts);
          const label = `${point.toLocaleString('en-US')} topics`;
          metrics.push(
            { name: `${label}: GET /topics first page (100 rows)`, unit: 'ms', samples: first, better: 'lower' },
            { name: `${label}: GET /topics with a search`, unit: 'ms', samples: search, better: 'lower' },
            { name: `${label}: GET /topics sorted by messages`, unit: 'ms', samples: byMessages, better: 'lower' },
            { name: `${label}: GET /topics first page, cold (waits for the whole-cluster read: refresh=true)`, unit: 'ms', samples: cold, better: 'lower' },
            { name: `${label}: floor, one Metadata request for every topic (raw client)`, unit: 'ms', samples: floor, better: 'lower' },
            { name: `${label}: Kafka requests per call (first page / search / by messages / cold)`, unit: 'requests', samples: [median(requests.first!), median(requests.search!), median(requests.messages!), median(requests.cold!)] },
            { name: `${label}: server RSS`, unit: 'MiB', samples: [serverRss], better: 'lower' },
          );
          comparisons.push(
            { name: `${label}: first page vs Metadata floor`, subject: 'riffle', baseline: 'raw metadata', ratio: median(first) / median(floor), target: 'p50 < 1 s', met: median(first) < 1000 },
            { name: `${label}: search vs Metadata floor`, subject: 'riffle', baseline: 'raw metadata', ratio: median(search) / median(floor), target: 'p50 < 1 s', met: median(search) < 1000 },
            { name: `${label}: sort by messages vs Metadata floor`, subject: 'riffle', baseline: 'raw metadata', ratio: median(byMessages) / median(floor) },
            { name: `${label}: cold first page vs Metadata floor`, subject: 'riffle', baseline: 'raw metadata', ratio: median(cold) / median(floor) },
          );
          const add = (c: Curve, ys: number[]) => ys.forEach((y, i) => c.series[i]!.points.push([point, y]));
          add(latency, [median(first), median(search), median(byMessages), median(floor), median(cold)]);
          add(latency95, [p95(first), p95(search), p95(byMessages)]);
          add(kafkaRequests, [median(requests.first!), median(requests.search!), median(requests.messages!)]);
          add(split, [median(inServer.scanMs), median(inServer.restMs), median(first) - median(inServer.scanMs) - median(inServer.restMs)]);
          add(memory, [serverRss, after.reduce((n, f) => n + f.rssKiB / 1024, 0) / Math.max(1, after.length)]);
          notes.push(
            `${label}: cold first page (waits for the whole-cluster read) p50 ${median(cold).toFixed(0)} ms, the read ${median(coldReadMs).toFixed(0)} ms, ${median(requests.cold!)} Kafka requests; index as the warm calls found it: ${['first', 'search', 'messages'].map((k) => `${k} ${Object.entries(reads[k]!).map(([r, n]) => `${n} ${r}`).join(', ')}`).join('; ')}`,
            `${label} (${total} in the cluster, created in ${(createMs / 1000).toFixed(0)} s): first page p50 ${median(first).toFixed(0)} / p95 ${p95(first).toFixed(0)} ms, ${median(requests.first!)} Kafka requests; search p50 ${median(search).toFixed(0)} / p95 ${p95(search).toFixed(0)} ms, ${median(requests.search!)} requests; by messages p50 ${median(byMessages).toFixed(0)} / p95 ${p95(byMessages).toFixed(0)} ms, ${median(requests.messages!)} requests; Metadata floor p50 ${median(floor).toFixed(0)} ms; server RSS ${serverRss.toFixed(0)} MiB; brokers: ${after.map((f) => `${f.fds} open files, ${f.maps} maps, RSS ${(f.rssKiB / 1024).toFixed(0)} MiB`).join('; ')} (limit ${limit} files, vm.max_map_count ${maxMapCount()})`,
          );
          ctx.log(notes[notes.length - 1]!);
        }
      };

      // ── groups ───────────────────────────────────────────────────────────────────────────
      const groupsPhase = async () => {
        const topics = Array.from({ length: GROUP_TOPICS }, (_, i) => `bench-scale.g-${String(i).padStart(5, '0')}`);
        const known = new Set(await admin.listTopics({ includeInternals: false }));
        const missing = topics.filter((t) => !known.has(t));
        for (let i = 0; i < missing.length; i += CREATE_BATCH) await admin.createTopics({ topics: missing.slice(i, i + CREATE_BATCH), partitions: 2, replicas: 1 });
        created.push(...topics);
        // every partition led before offsets are committed to it
        for (let i = 0; ; i++) {
          const md = await admin.metadata({ topics, forceUpdate: true }).catch(() => null);
          if (md && topics.every((t) => { const x = md.topics.get(t); return x && x.partitionsCount === 2 && [...x.partitions.values()].every((p) => p.leader >= 0); })) break;
          if (i > 240) throw new Error('the group phase\'s topics had no leaders after 2 minutes');
          await sleep(500);
        }
        const groupAdmin = new Admin({ clientId: 'bench-scale-groups', bootstrapBrokers: ctx.brokers.split(','), retries: 5 });
        const t0 = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            while (next < GROUPS) {
              const i = next++;
              const groupId = `bench-scale.group-${String(i).padStart(5, '0')}`;
              groups.push(groupId);
              for (let attempt = 1; ; attempt++) {
                try {
                  await groupAdmin.alterConsumerGroupOffsets({ groupId, topics: [{ name: topics[i % GROUP_TOPICS]!, partitionOffsets: [{ partition: 0, offset: 0n }, { partition: 1, offset: 0n }] }] });
                  break;
                } catch (err) {
                  if (attempt >= 10) throw err;
                  await sleep(500 * attempt);
                }
              }
            }
          }),
        );
        await groupAdmin.close();
        ctx.log(`committed offsets for ${GROUPS} groups in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        const dbFile = path.join(root, '.data', 'riffle.db');
        // SQLite in WAL mode: pages reach the main file at checkpoints; rows counted, bytes from the file's page use
        const dbSize = () => [dbFile, `${dbFile}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
        const dbBefore = dbSize();
        const requests: number[] = [];
        type Body = { groups: unknown[]; kafkaRequests: number; sampler: { intervalMs?: number; lastCycle?: { durationMs: number; groups: number; partitions: number; requests: number; at: string } | null } };
        let body: Body | null = null;
        const list = await ctx.timed(
          async () => {
            const res = await ctx.fetch('/api/clusters/local/consumer-groups');
            if (!res.ok) throw new Error(`groups list answered ${res.status}`);
            body = (await res.json()) as Body;
            requests.push(body.kafkaRequests);
          },
          { warmup: 2, repeats: 15 },
        );
        requests.splice(0, 2);
        const listed = (body as Body | null)?.groups.length ?? 0;
        if (listed < GROUPS) throw new Error(`the list holds ${listed} groups, fewer than the ${GROUPS} made`);
        // Sampler cycles that saw every group: their durations, and the database's growth between them.
        const cycles: { durationMs: number; partitions: number; at: string }[] = [];
        const until = Date.now() + 90_000;
        let dbAtFirst = 0;
        let firstAt = 0;
        while (Date.now() < until && cycles.length < 4) {
          const b = (await (await ctx.fetch('/api/clusters/local/consumer-groups')).json()) as Body;
          const c = b.sampler.lastCycle;
          if (c && c.groups >= GROUPS && !cycles.some((x) => x.at === c.at)) {
            cycles.push(c);
            if (cycles.length === 1) {
              dbAtFirst = dbSize();
              firstAt = Date.parse(c.at);
            }
          }
          await sleep(500);
        }
        const sampleMs = Number(process.env.RIFFLE_LAG_SAMPLE_MS || 10_000);
        const serverRss = await rss();
        metrics.push(
          { name: `${GROUPS} groups over ${GROUP_TOPICS} topics: GET /consumer-groups`, unit: 'ms', samples: list, better: 'lower' },
          { name: `${GROUPS} groups: Kafka requests per list call`, unit: 'requests', samples: requests },
          { name: `${GROUPS} groups: lag sampler cycle`, unit: 'ms', samples: cycles.map((c) => c.durationMs), better: 'lower' },
          { name: `${GROUPS} groups: server RSS`, unit: 'MiB', samples: [serverRss], better: 'lower' },
        );
        comparisons.push(
          { name: `groups list (${listed} groups)`, subject: 'riffle p50', baseline: '1 s target', ratio: median(list) / 1000, target: 'p50 < 1 s', met: median(list) < 1000 },
          { name: 'lag sampler cycle', subject: 'cycle', baseline: `interval ${sampleMs} ms`, ratio: median(cycles.map((c) => c.durationMs)) / sampleMs, target: '< 1', met: cycles.length > 0 && median(cycles.map((c) => c.durationMs)) < sampleMs },
        );
        if (cycles.length >= 2) {
          const grown = dbSize() - dbAtFirst;
          const spanMs = Date.parse(cycles[cycles.length - 1]!.at) - firstAt;
          const rowsPerCycle = cycles[0]!.partitions;
          const perCycle = grown / (cycles.length - 1);
          const perDay10s = (perCycle * 86_400_000) / 10_000;
          notes.push(
            `sampler at ${GROUPS} groups: cycles ${cycles.map((c) => c.durationMs).join(', ')} ms, ${rowsPerCycle} partition rows a cycle; the SQLite file and its WAL grew ${(grown / 1024).toFixed(0)} KiB over ${cycles.length - 1} cycles (${(spanMs / 1000).toFixed(0)} s): ${(perCycle / 1024).toFixed(0)} KiB a cycle, so ${(perDay10s / 2 ** 30).toFixed(2)} GiB a day at the default 10 s interval before retention trims it (${(perCycle / rowsPerCycle).toFixed(0)} B a row); file ${(dbBefore / 2 ** 20).toFixed(0)} MiB before`,
          );
        } else notes.push(`fewer than 2 sampler cycles saw all ${GROUPS} groups within 90 s (${cycles.length}): no database growth figure`);
        if (!KEEP) {
          for (let i = 0; i < groups.length; i += 200) await admin.deleteGroups({ groups: groups.slice(i, i + 200) }).catch(() => {});
          groups.length = 0;
        }
        notes.push(`${GROUPS} groups: list p50 ${median(list).toFixed(0)} / p95 ${p95(list).toFixed(0)} ms, ${median(requests)} Kafka requests a call; server RSS ${serverRss.toFixed(0)} MiB`);
        ctx.log(notes[notes.length - 1]!);
      };

      // ── search ───────────────────────────────────────────────────────────────────────────
      const searchPhase = async () => {
        const fillMs = await ensureFilled(root, ctx.brokers, SEARCH_TOPIC, MESSAGES, ctx.log);
        notes.push(fillMs ? `filled ${SEARCH_TOPIC} with ${MESSAGES.toLocaleString('en-US')} messages in ${(fillMs / 1000).toFixed(0)} s (Java producer perf tool)` : `${SEARCH_TOPIC} kept from an earlier run (the fill takes about 75 s)`);
        const cases = [
          { name: 'value substring', query: `valueContains=${encodeURIComponent(SEARCH_NEEDLE)}`, grep: ['-F', SEARCH_NEEDLE] },
          // the same condition as grep can state it on this data ("temp" is an integer from -10 to 49)
          { name: 'JSON path', query: `where=${encodeURIComponent(SEARCH_WHERE)}`, grep: ['-E', '"temp":4[89][,}]'] },
        ];
        for (const c of cases) {
          const oracle = await kcatGrep(ctx.brokers, SEARCH_TOPIC, c.grep);
          const riffleRssBefore = await rss();
          let peakRss = riffleRssBefore;
          const sampler = setInterval(() => void rss().then((r) => (peakRss = Math.max(peakRss, r))), 500);
          const got = await runSearch(ctx.baseUrl, auth, SEARCH_TOPIC, c.query).finally(() => clearInterval(sampler));
          if (!got.done) throw new Error(`${c.name}: the search ended without a done event`);
          if (got.done.matched !== oracle.count) throw new Error(`${c.name}: riffle matched ${got.done.matched}, kcat | grep counted ${oracle.count}`);
          const riffleRate = got.done.scanned / (got.wallMs / 1000);
          const oracleRate = MESSAGES / (oracle.ms / 1000);
          metrics.push(
            { name: `search ${c.name}: riffle scanned`, unit: 'msg/s', samples: [riffleRate], better: 'higher' },
            { name: `search ${c.name}: kcat -C -e | grep -c`, unit: 'msg/s', samples: [oracleRate], better: 'higher' },
            { name: `search ${c.name}: first progress with messages scanned`, unit: 'ms', samples: [got.firstProgressMs ?? NaN], better: 'lower' },
            { name: `search ${c.name}: server RSS peak`, unit: 'MiB', samples: [peakRss], better: 'lower' },
          );
          comparisons.push(
            { name: `search ${c.name} rate`, subject: 'riffle', baseline: 'kcat | grep', ratio: riffleRate / oracleRate, target: '≥ 1', met: riffleRate >= oracleRate },
            { name: `search ${c.name}: progress visible`, subject: 'first progress', baseline: '1 s', ratio: (got.firstProgressMs ?? Infinity) / 1000, target: '< 1', met: (got.firstProgressMs ?? Infinity) < 1000 },
          );
          notes.push(`search ${c.name}: ${got.done.scanned.toLocaleString('en-US')} scanned, ${got.done.matched.toLocaleString('en-US')} matched (kcat | grep: ${oracle.count.toLocaleString('en-US')}) in ${(got.wallMs / 1000).toFixed(1)} s vs ${(oracle.ms / 1000).toFixed(1)} s; ${got.progressEvents} progress events; server RSS ${riffleRssBefore.toFixed(0)} MiB before, ${peakRss.toFixed(0)} MiB peak`);
          ctx.log(notes[notes.length - 1]!);
        }
        // Cancel: abort a search after 2 s; how long until the server's search loops have ended.
        const cancelMs: number[] = [];
        for (let i = 0; i < 3; i++) {
          const got = await runSearch(ctx.baseUrl, auth, SEARCH_TOPIC, cases[1]!.query, 2_000);
          const abortedAt = got.abortedAt ?? performance.now();
          for (;;) {
            if ((await activeSearches(ctx.baseUrl)) === 0) break;
            if (performance.now() - abortedAt > 10_000) break;
            await sleep(20);
          }
          cancelMs.push(performance.now() - abortedAt);
        }
        metrics.push({ name: 'search cancel: abort to the server\'s scan ended (its active-search gauge at 0)', unit: 'ms', samples: cancelMs, better: 'lower' });
        comparisons.push({ name: 'search cancel', subject: 'stop time', baseline: '1 s', ratio: median(cancelMs) / 1000, target: '< 1', met: Math.max(...cancelMs) < 1000 });
      };

      // Topics first: the groups' lag sampler, once 5,000 groups exist, keeps the server busy and
      // would slow every call measured after it (the groups are deleted when their phase ends).
      await phase('topics', topicsPhase);
      if (!KEEP && created.length) {
        // Gone before the next phases: at 50,000 topics each broker holds ~17,000 of its 20,000 open
        // files, and the search topic's segments then took one past its limit (it died, 16:11 UTC).
        ctx.log(`deleting the topics phase's ${created.length} topics before the next phases`);
        for (let i = 0; i < created.length; i += CREATE_BATCH) await admin.deleteTopics({ topics: created.slice(i, i + CREATE_BATCH) }).catch(() => {});
        created.length = 0;
      }
      await phase('groups', groupsPhase);
      await phase('search', searchPhase);
      await phase('browser', () => browserPhase(ctx, { metrics, comparisons, notes }));
      const curves = PHASES.has('topics') && latency.series[0]!.points.length ? [latency, latency95, split, kafkaRequests, memory] : [];
      return { metrics, comparisons, notes, curves };
    } finally {
      if (!KEEP) {
        ctx.log(`cleaning up ${groups.length} groups and ${created.length} topics`);
        for (let i = 0; i < groups.length; i += 200) await admin.deleteGroups({ groups: groups.slice(i, i + 200) }).catch(() => {});
        for (let i = 0; i < created.length; i += CREATE_BATCH) await admin.deleteTopics({ topics: created.slice(i, i + CREATE_BATCH) }).catch(() => {});
      }
      await admin.close();
    }
  },
};
export default benchCase;
