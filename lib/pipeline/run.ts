/**
 * `npm run pipeline`: the weather pipeline's processes in the foreground. Roles (default all):
 * producer, processor, writer. Start more processors with `--roles=processor --instance=2`:
 * the consumer group splits the partitions between them.
 *
 * Options (flags or environment):
 *   --prefix=P             PIPELINE_PREFIX      prefix of every topic and group id
 *   --roles=a,b            PIPELINE_ROLES       producer,processor,writer
 *   --instance=ID          PIPELINE_INSTANCE    this process's instance id (transactional id suffix)
 *   --speed=N              WEATHER_SPEED        replay speed in days per second (default 10)
 *   --loop                 WEATHER_LOOP=1       start over at the end
 *   --from=YYYY-MM-DD --to=YYYY-MM-DD           replay a range of dates
 *   --station-prefix=S     WEATHER_STATION_PREFIX
 *   --normals-every=H      WEATHER_NORMALS_EVERY_HOURS (default 3, 0 = none)
 *   --synthetic=N          WEATHER_SYNTHETIC_STATIONS (default 3)
 *   --partitions=N         WEATHER_PARTITIONS   partitions of new topics (default 4)
 *   --window-days=N        WEATHER_WINDOW_DAYS  (default 7)
 *   --sqlite-file=F        WEATHER_SQLITE_FILE  (DATABASE_URL wins when set)
 */
import { Admin } from '@platformatic/kafka';
import { openDatabase } from '@/lib/server/db/db';
import { DbWriter } from './db-writer';
import { ensureTopics, pipelineClientOptions, sleep } from './kafka';
import { namesFromEnv, pipelineNames } from './names';
import { StreamProcessor } from './processor';
import { ReplayProducer } from './producer';
import { StatusReporter } from './status-reporter';

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    out[m[1]!] = m[2] ?? 'true';
  }
  return out;
}

function numberOpt(v: string | undefined, fallback: number, what: string): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${what}: expected a non-negative number, got "${v}"`);
  return n;
}

async function main() {
  const a = args(process.argv.slice(2));
  const env = process.env;
  const names = a.prefix !== undefined ? pipelineNames(a.prefix, {}, env) : namesFromEnv(env);
  const roles = new Set((a.roles ?? env.PIPELINE_ROLES ?? 'producer,processor,writer').split(',').map((s) => s.trim()));
  for (const r of roles) if (!['producer', 'processor', 'writer'].includes(r)) throw new Error(`unknown role ${r}`);
  const instance = a.instance ?? env.PIPELINE_INSTANCE ?? '1';
  const client = pipelineClientOptions(`riffle-pipeline-${instance}`);

  // A fresh admin per attempt, so a failed one's connections and metadata go with it.
  const partitions = numberOpt(a.partitions ?? env.WEATHER_PARTITIONS, 4, 'partitions');
  for (let attempt = 1; ; attempt++) {
    const admin = new Admin({ ...client, clientId: `${client.clientId}-admin` });
    try {
      await ensureTopics(admin, names, { partitions });
      break;
    } catch (err) {
      if (attempt >= 5) throw err;
      console.warn(`pipeline: topics not ready (${(err as Error).message}); retrying`);
      await sleep(2_000);
    } finally {
      await admin.close().catch(() => {});
    }
  }

  const reporter = new StatusReporter(client, names.control);
  await reporter.start();
  const stops: (() => Promise<void> | void)[] = [];
  if (roles.has('writer')) {
    const writer = new DbWriter(client, names, instance, () => openDatabase({ url: env.DATABASE_URL || undefined, sqliteFile: a['sqlite-file'] ?? env.WEATHER_SQLITE_FILE }));
    reporter.add(writer);
    stops.push(async () => {
      await writer.stop();
      await writer.close();
    });
    await writer.start();
    console.log(`pipeline: db-writer ${instance} → ${writer.location} (group ${names.writerGroup})`);
  }
  if (roles.has('processor')) {
    const processor = new StreamProcessor(client, names, instance, numberOpt(a['window-days'] ?? env.WEATHER_WINDOW_DAYS, 7, 'window-days') || 7);
    reporter.add(processor);
    await processor.start();
    stops.push(() => processor.stop());
    console.log(`pipeline: processor ${instance} ${names.raw} → ${names.processed}, ${names.dlq} (group ${names.processorGroup})`);
  }
  if (roles.has('producer')) {
    const producer = new ReplayProducer(client, names, instance, {
      speedDaysPerSecond: numberOpt(a.speed ?? env.WEATHER_SPEED, 10, 'speed') || 10,
      loop: (a.loop ?? env.WEATHER_LOOP ?? '') === 'true' || env.WEATHER_LOOP === '1',
      from: a.from ?? env.WEATHER_FROM,
      to: a.to ?? env.WEATHER_TO,
      stationPrefix: a['station-prefix'] ?? env.WEATHER_STATION_PREFIX ?? '',
      normalsEveryHours: numberOpt(a['normals-every'] ?? env.WEATHER_NORMALS_EVERY_HOURS, 3, 'normals-every'),
      syntheticStations: numberOpt(a.synthetic ?? env.WEATHER_SYNTHETIC_STATIONS, 3, 'synthetic'),
    });
    reporter.add(producer);
    stops.push(() => producer.stop());
    console.log(`pipeline: producer ${instance} replaying into ${names.raw}`);
    producer.run().catch((err) => {
      console.error(`pipeline: producer failed: ${(err as Error).message}`);
      process.exit(1);
    });
  }

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    for (const s of stops.reverse()) await s();
    await reporter.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  console.error(`pipeline: ${(err as Error).stack ?? (err as Error).message}`);
  process.exit(1);
});
