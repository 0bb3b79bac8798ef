import 'server-only';
import { topicOffsets } from '../kafka/log-offsets';
import { produceRecords } from '../kafka/produce';
import { snapshotGroups } from '../kafka/group-snapshot';
import { pipelineNames, type PipelineNames } from '@/lib/pipeline/names';
import { weatherTopology } from '@/lib/pipeline/weather-topology';
import { PRODUCER_COMMAND_KEY, type ProducerCommand } from '@/lib/pipeline/control';
import type { PipelineGroup, PipelineReport, ProcessStatusOut } from '@/lib/contracts/pipeline';
import { statusReader, type StatusReaderState } from './status-reader';
import { NotFound } from '../errors';
import { singleton } from '../singleton';

const STALE_MS = 5_000;
const RATE_WINDOW_MS = 10_000;

// End-offset samples per topic, for rates. Every request adds one; rates span up to 10 s.
const samples = singleton('riffle:weather/pipeline-status', () => new Map<string, { t: number; sum: number }[]>());

function rateOf(key: string, sum: number): number | null {
  const now = Date.now();
  const list = (samples.get(key) ?? []).filter((s) => now - s.t <= RATE_WINDOW_MS * 3);
  list.push({ t: now, sum });
  samples.set(key, list.slice(-60));
  const inWindow = list.filter((s) => now - s.t <= RATE_WINDOW_MS);
  const first = inWindow[0]!;
  if (now - first.t < 500) {
    // fall back to an older sample rather than answer nothing
    const older = list.find((s) => now - s.t >= 500);
    if (!older) return null;
    return Math.max(0, ((sum - older.sum) * 1000) / (now - older.t));
  }
  return Math.max(0, ((sum - first.sum) * 1000) / (now - first.t));
}

export function defaultPrefix(): string {
  return process.env.PIPELINE_PREFIX ?? '';
}

export function namesFor(prefix: string): PipelineNames {
  return pipelineNames(prefix, {}, prefix === defaultPrefix() ? process.env : {});
}

/**
 * The topics the weather API's data comes from (the pipeline's raw and processed topics): a
 * caller must be allowed to read both their messages (topicAccess) to read the readings.
 */
export function weatherSourceTopics(): string[] {
  const names = namesFor(defaultPrefix());
  return [names.raw, names.processed];
}

/** Topology, per-topic rates, per-group lag and status, process statuses, DLQ count. */
export async function getPipelineReport(cluster: string, prefix: string): Promise<PipelineReport> {
  const names = namesFor(prefix);
  const topicRoles = [
    ['raw', names.raw],
    ['processed', names.processed],
    ['dlq', names.dlq],
    ['changelog', names.changelog],
    ['control', names.control],
  ] as const;

  // Topics that don't exist (or have no leaders yet, just created by the pipeline) are left out: shown as absent or empty.
  const offsetsByTopic = await topicOffsets(cluster, topicRoles.map(([, name]) => name));
  // Read the control topic only where it exists: metadata never creates a topic, and a reader is
  // started only for a real pipeline, not for every prefix a caller makes up.
  const reader: StatusReaderState = offsetsByTopic.has(names.control)
    ? statusReader(cluster, names.control)
    : { state: 'error', error: `the pipeline's control topic ${names.control} does not exist: start the pipeline first (npm run pipeline)`, statuses: new Map(), command: null };
  const allTopics = topicRoles.map(([role, name]) => {
    const offsets = offsetsByTopic.get(name);
    if (!offsets) return { role, name, exists: false, partitions: 0, endOffset: 0, rate: null, offsets: [] as { partition: number; logStart: number; logEnd: number }[] };
    const endOffset = offsets.reduce((s, o) => s + o.logEnd, 0);
    return { role, name, exists: true, partitions: offsets.length, endOffset, rate: rateOf(`${cluster}/${name}`, endOffset), offsets };
  });
  const byRole = new Map(allTopics.map((t) => [t.role, t]));
  const groupDefs = [
    ['processor', names.processorGroup, byRole.get('raw')!],
    ['db-writer', names.writerGroup, byRole.get('processed')!],
  ] as const;
  const snap = await snapshotGroups(
    cluster,
    groupDefs.map(([, id]) => id),
  ).catch(() => null);
  const groups: PipelineGroup[] = groupDefs.map(([role, groupId, topic]) => {
    const d = snap?.groups.find((x) => x.groupId === groupId);
    let lag: number | null = null;
    if (topic.exists && d) {
      const parts = d.committed.get(topic.name);
      lag = topic.offsets.reduce((sum, o) => {
        const c = parts?.get(o.partition) ?? -1;
        return sum + Math.max(0, o.logEnd - (c >= 0 ? c : o.logStart));
      }, 0);
    }
    const members = d?.members.length ?? 0;
    const state = d?.state ?? 'Unknown';
    const status: PipelineGroup['status'] = !d || state === 'Dead' ? 'unknown' : members === 0 ? 'no-members' : (lag ?? 0) > 1_000 ? 'lagging' : 'ok';
    return { role, groupId, topic: topic.name, state, members, lag, status };
  });
  const topics = allTopics.map(({ offsets: _o, ...t }) => t);

  const now = Date.now();
  const processes: ProcessStatusOut[] = [...reader.statuses.values()]
    .map((s) => ({ ...s, detail: s.detail ?? {}, stale: now - Date.parse(s.updatedAt) > STALE_MS }))
    .sort((a, b) => a.role.localeCompare(b.role) || a.instance.localeCompare(b.instance));

  const topo = weatherTopology(names).describe();
  const graph: PipelineReport['graph'] = {
    nodes: [
      { id: 'producer', kind: 'process', name: 'replay producer', ref: 'producer' },
      { id: 'raw', kind: 'topic', name: names.raw, topic: names.raw, ref: 'raw' },
      { id: 'processor', kind: 'process', name: 'stream processor', ref: 'processor', detail: 'validate → enrich → 7-day windows, exactly once' },
      { id: 'processed', kind: 'topic', name: names.processed, topic: names.processed, ref: 'processed' },
      { id: 'dlq', kind: 'topic', name: names.dlq, topic: names.dlq, ref: 'dlq' },
      { id: 'changelog', kind: 'topic', name: names.changelog, topic: names.changelog, ref: 'changelog', detail: 'compacted window store' },
      { id: 'writer', kind: 'process', name: 'db writer', ref: 'db-writer' },
      { id: 'database', kind: 'database', name: 'database', detail: 'weather_readings, weather_windows' },
    ],
    edges: [
      { from: 'producer', to: 'raw', label: 'produce (idempotent)' },
      { from: 'raw', to: 'processor', label: 'consume', group: names.processorGroup },
      { from: 'processor', to: 'processed', label: 'transactional' },
      { from: 'processor', to: 'dlq', label: 'invalid' },
      { from: 'processor', to: 'changelog', label: 'state' },
      { from: 'processed', to: 'writer', label: 'consume (read_committed)', group: names.writerGroup },
      { from: 'writer', to: 'database', label: 'upsert, then commit offsets' },
    ],
  };
  return {
    cluster,
    prefix,
    fetchedAt: new Date().toISOString(),
    graph,
    topology: topo,
    topics,
    groups,
    processes,
    producerCommand: reader.command,
    dlqCount: topics.find((t) => t.role === 'dlq')?.endOffset ?? 0,
    statusReader: reader.state,
    statusError: reader.error,
  };
}

/** Writes a producer command to the control topic; unspecified fields keep the latest value. */
export async function controlProducer(cluster: string, prefix: string, input: { paused?: boolean; speedDaysPerSecond?: number }): Promise<ProducerCommand> {
  const names = namesFor(prefix);
  const exists = (await topicOffsets(cluster, [names.control])).has(names.control);
  if (!exists) {
    throw new NotFound(`the pipeline's control topic ${names.control} does not exist: start the pipeline first (npm run pipeline)`, 'prefix');
  }
  const reader = statusReader(cluster, names.control);
  const producerStatus = [...reader.statuses.values()].find((s) => s.role === 'producer');
  const currentSpeed = reader.command?.speedDaysPerSecond ?? (typeof producerStatus?.detail?.speedDaysPerSecond === 'number' ? producerStatus.detail.speedDaysPerSecond : 10);
  const command: ProducerCommand = {
    paused: input.paused ?? reader.command?.paused ?? false,
    speedDaysPerSecond: input.speedDaysPerSecond ?? currentSpeed,
    at: new Date().toISOString(),
  };
  // The control topic has one partition (lib/pipeline/kafka.ts creates it so): compaction keeps the latest command.
  await produceRecords(cluster, names.control, [{ partition: 0, key: Buffer.from(PRODUCER_COMMAND_KEY), value: Buffer.from(JSON.stringify(command)) }]);
  reader.command = command;
  return command;
}
