import 'server-only';
import {
  lagRangeMs,
  type GroupDetail,
  type GroupList,
  type GroupListQuery,
  type GroupSummary,
  type LagHistory,
  type LagPoint,
  type LagRange,
  type PartitionLag,
  type ResetOffsetsResult,
  type StreamsInternalTopic,
  type TopicConsumers,
  type TopicLagTotal,
} from '@/lib/contracts/groups';
import { z } from 'zod';
import { resetOffsetsInput } from '@/lib/contracts/groups';
import { database, type DbHandle } from '../db/db';
import { BadRequest, Conflict, NotFound } from '../errors';
import { alterShareGroupOffsets } from '../kafka/alter-share-group-offsets';
import { commitGroupOffsets } from '../kafka/commit-offsets';
import { deleteShareGroupOffsets } from '../kafka/delete-share-group-offsets';
import { scanTopics } from '../kafka/metadata';
import { deleteGroupAtCoordinator } from '../kafka/delete-groups';
import { describeGroups } from '../kafka/describe-groups';
import { offsetsForTimestamp, topicOffsets } from '../kafka/log-offsets';
import { catchUpSeconds, evaluateGroup, evaluatePartition, type LagSample, type PartitionVerdict } from '../lag/lag-evaluator';
import { lagSettings } from '../lag/lag-settings';
import { cyclesSince, groupTotalsAtCached, recentCycles, sampleKey, topicTotalsAt } from '../lag/lag-store';
import { windowSamples } from '../lag/lag-window';
import { forgetSnapshot, recentSnapshot } from '../lag/shared-snapshot';
import { electionGroup, instanceId, lastCycle, lastSampleAt, samplerRole } from '../lag/lag-sampler-state';
import { partitionsOf, snapshotGroups, type GroupState, type PartitionNow } from '../kafka/group-snapshot';

const SPARK_POINTS = 30;

async function db(): Promise<DbHandle | null> {
  try {
    return await database();
  } catch (err) {
    console.warn(`[riffle] lag history unavailable: ${(err as Error).message}`);
    return null;
  }
}

/** Window samples (from memory in the sampling process, else the database); judge() adds the live reading. */
async function windows(h: DbHandle | null, cluster: string, groupIds: string[] | undefined): Promise<Map<string, LagSample[]>> {
  if (!h) return new Map();
  return (await windowSamples(h, cluster, lagSettings().eval.windowSize, groupIds)).samples;
}

function judge(w: Map<string, LagSample[]>, groupId: string, p: PartitionNow, at: number): PartitionVerdict {
  const history = w.get(sampleKey(groupId, p.topic, p.partition)) ?? [];
  const live: LagSample = { ts: at, committed: p.position, end: p.logEnd };
  const last = history.at(-1);
  const samples = last && last.ts >= at ? history : [...history, live];
  return evaluatePartition(samples, lagSettings().eval);
}

function totalOf(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v != null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
}

function summarize(g: GroupState, parts: PartitionNow[], verdicts: PartitionVerdict[], spark: number[]): GroupSummary {
  const verdict = evaluateGroup(parts.map((p, i) => ({ topic: p.topic, partition: p.partition, verdict: verdicts[i]! })));
  return {
    groupId: g.groupId,
    type: g.type,
    state: g.state,
    protocolType: g.protocolType,
    protocol: g.protocol,
    members: g.members.length,
    topics: g.topics,
    totalLag: totalOf(parts.map((p) => p.lag)),
    partitionsWithoutCommit: parts.filter((p) => p.committed == null).length,
    status: verdict.status,
    statusReason: verdict.reason,
    sparkline: spark,
  };
}

export async function listGroups(cluster: string, query: GroupListQuery = {}): Promise<GroupList> {
  const started = performance.now();
  // Possibly the sampler's snapshot of a moment ago: fetchedAt below says when it was taken.
  const snap = await recentSnapshot(cluster);
  const h = await db();
  let w = new Map<string, LagSample[]>();
  let sparks = new Map<string, Map<number, number>>();
  let sparkTs: number[] = [];
  if (h) {
    try {
      w = await windows(h, cluster, undefined);
      sparkTs = await recentCycles(h, cluster, SPARK_POINTS);
      sparks = await groupTotalsAtCached(h, cluster, sparkTs);
    } catch (err) {
      console.warn(`[riffle] lag history query failed: ${(err as Error).message}`);
    }
  }
  const groups = snap.groups.filter((g) => !query.type || g.type === query.type).map((g) => {
    const parts = partitionsOf(g, snap.offsets);
    const verdicts = parts.map((p) => judge(w, g.groupId, p, snap.at));
    const s = sparks.get(g.groupId);
    const spark = s ? sparkTs.filter((t) => s.has(t)).map((t) => s.get(t)!) : [];
    return summarize(g, parts, verdicts, spark);
  });
  const { sampleMs } = lagSettings();
  return {
    groups,
    fetchedAt: new Date(snap.at).toISOString(),
    latencyMs: Math.round(performance.now() - started),
    kafkaRequests: snap.requests,
    sampler: {
      intervalMs: sampleMs,
      lastSampleAt: sparkTs.length ? new Date(sparkTs.at(-1)!).toISOString() : (lastSampleAt(cluster) ?? null),
      instance: instanceId,
      role: samplerRole(cluster),
      electionGroup: electionGroup(cluster),
      lastCycle: lastCycle(cluster),
    },
  };
}

/** The group's state, or 404 when the cluster does not know it. */
async function requireGroup(cluster: string, groupId: string) {
  const snap = await snapshotGroups(cluster, [groupId]);
  const g = snap.groups[0]!;
  // DescribeGroups answers "Dead" for an id it has never seen; a group that only has committed
  // offsets is "Empty", so Dead with no commits means there is no such group.
  if ((g.state === 'Dead' || g.state === 'Unknown') && g.committed.size === 0) {
    throw new NotFound(`consumer group "${groupId}" does not exist`, 'group');
  }
  return { snap, g };
}

export async function getGroup(cluster: string, groupId: string): Promise<GroupDetail> {
  const { snap, g } = await requireGroup(cluster, groupId);
  const h = await db();
  let w = new Map<string, LagSample[]>();
  try {
    w = await windows(h, cluster, [groupId]);
  } catch (err) {
    console.warn(`[riffle] lag history query failed: ${(err as Error).message}`);
  }
  const owner = new Map<string, { memberId: string; clientId: string }>();
  for (const m of g.members) for (const a of m.assignment) for (const p of a.partitions) owner.set(`${a.topic}\u0000${p}`, m);
  const parts = partitionsOf(g, snap.offsets);
  const verdicts = parts.map((p) => judge(w, groupId, p, snap.at));
  const partitions: PartitionLag[] = parts.map(({ position: _progress, ...p }, i) => {
    const v = verdicts[i]!;
    const m = owner.get(`${p.topic}\u0000${p.partition}`);
    return {
      ...p,
      memberId: m?.memberId ?? null,
      clientId: m?.clientId ?? null,
      lastMovedAt: v.lastMovedAt == null ? null : new Date(v.lastMovedAt).toISOString(),
      status: v.status,
      statusReason: v.reason,
    };
  });
  const topics: TopicLagTotal[] = g.topics
    .filter((t) => snap.offsets.has(t))
    .map((topic) => {
      const idx = parts.map((p, i) => (p.topic === topic ? i : -1)).filter((i) => i >= 0);
      const lag = totalOf(idx.map((i) => parts[i]!.lag));
      const sum = totalOf; // partitions without a commit add nothing to the consumption rate
      const consume = sum(idx.map((i) => verdicts[i]!.consumeRate));
      const produce = sum(idx.map((i) => verdicts[i]!.produceRate));
      return {
        topic,
        partitions: idx.length,
        lag,
        lagToStable: totalOf(idx.map((i) => parts[i]!.lagToStable)),
        consumeRate: consume,
        produceRate: produce,
        catchUpSeconds: catchUpSeconds(lag, consume, produce),
      };
    });
  const verdict = evaluateGroup(parts.map((p, i) => ({ topic: p.topic, partition: p.partition, verdict: verdicts[i]! })));
  const catchUps = topics.map((t) => t.catchUpSeconds);
  const streamsInternalTopics = await internalTopicsOf(cluster, g);
  return {
    groupId,
    type: g.type,
    state: g.state,
    protocolType: g.protocolType,
    protocol: g.protocol,
    members: g.members,
    partitions,
    topics,
    totalLag: totalOf(parts.map((p) => p.lag)),
    status: verdict.status,
    statusReason: verdict.reason,
    catchUpSeconds: catchUps.some((c) => c == null) ? null : Math.max(0, ...(catchUps as number[])),
    transactionsInPlay: parts.some((p) => p.lastStable < p.logEnd),
    streams: g.streams ?? null,
    streamsInternalTopics,
    fetchedAt: new Date(snap.at).toISOString(),
  };
}

const INTERNAL_KIND = /-(changelog|repartition)$/;

/**
 * A Kafka Streams application's internal topics. A streams group's topology names them; an
 * application on the classic protocol is an ordinary consumer group whose id is the
 * application.id, recognised by the topics Streams creates as <application.id>-<name>-changelog
 * and -repartition (one Metadata request, only for groups that consume).
 */
async function internalTopicsOf(cluster: string, g: GroupState): Promise<StreamsInternalTopic[]> {
  const kind = (name: string) => INTERNAL_KIND.exec(name)![1] as StreamsInternalTopic['kind'];
  if (g.streams) {
    const names = new Set(g.streams.subtopologies.flatMap((s) => [...s.changelogTopics.map((t) => t.name), ...s.repartitionSourceTopics.map((t) => t.name)]));
    return [...names].filter((n) => INTERNAL_KIND.test(n)).sort().map((name) => ({ name, kind: kind(name) }));
  }
  if (g.type === 'share' || g.protocolType !== 'consumer') return [];
  const prefix = `${g.groupId}-`;
  const { topics } = await scanTopics(cluster, []);
  return topics
    .map((t) => t.name)
    .filter((n) => n.startsWith(prefix) && INTERNAL_KIND.test(n))
    .sort()
    .map((name) => ({ name, kind: kind(name) }));
}

/** Groups that read a topic (commit to it or are assigned it), for the topic's Consumers tab. */
export async function groupsForTopic(cluster: string, topic: string): Promise<TopicConsumers> {
  const list = await listGroups(cluster);
  const exists = await topicOffsets(cluster, [topic]);
  if (!exists.has(topic)) throw new NotFound(`topic "${topic}" does not exist`, 'topic');
  const readers = list.groups.filter((g) => g.topics.includes(topic));
  if (readers.length === 0) return { topic, groups: [] };
  const snap = await snapshotGroups(cluster, readers.map((g) => g.groupId));
  const h = await db();
  let w = new Map<string, LagSample[]>();
  try {
    w = await windows(h, cluster, readers.map((g) => g.groupId));
  } catch {
    // statuses fall back to UNKNOWN
  }
  return {
    topic,
    groups: snap.groups.map((g) => {
      const parts = partitionsOf(g, snap.offsets).filter((p) => p.topic === topic);
      const verdict = evaluateGroup(parts.map((p) => ({ topic, partition: p.partition, verdict: judge(w, g.groupId, p, snap.at) })));
      return { groupId: g.groupId, state: g.state, members: g.members.length, lag: totalOf(parts.map((p) => p.lag)), status: verdict.status, statusReason: verdict.reason };
    }),
  };
}

export async function getLagHistory(cluster: string, groupId: string, range: LagRange, topic?: string): Promise<LagHistory> {
  await requireGroupExistsOrHasHistory(cluster, groupId);
  const h = await database();
  const from = Date.now() - lagRangeMs[range];
  const cycles = (await cyclesSince(h, cluster, from)).map((c) => c.ts);
  // At most ~240 points: keep every k-th cycle (and always the newest).
  const step = Math.max(1, Math.ceil(cycles.length / 240));
  const chosen = cycles.filter((_, i) => i % step === 0 || i === cycles.length - 1);
  const rows = await topicTotalsAt(h, cluster, groupId, chosen, topic);
  const byTs = new Map<number, { lag: number; byTopic: Record<string, number>; committed: number; end: number }>();
  const topics = new Set<string>();
  for (const r of rows) {
    topics.add(r.topic);
    let p = byTs.get(r.ts);
    if (!p) byTs.set(r.ts, (p = { lag: 0, byTopic: {}, committed: 0, end: 0 }));
    p.lag += r.lag;
    p.byTopic[r.topic] = r.lag;
    p.committed += r.committed;
    p.end += r.logEnd;
  }
  const points: LagPoint[] = [];
  let prev: { ts: number; committed: number; end: number } | null = null;
  for (const ts of [...byTs.keys()].sort((a, b) => a - b)) {
    const p = byTs.get(ts)!;
    const dt = prev ? (ts - prev.ts) / 1000 : 0;
    points.push({
      ts,
      totalLag: p.lag,
      byTopic: p.byTopic,
      // A reset or a deleted topic can move sums backwards: show 0, not a negative rate.
      consumeRate: prev && dt > 0 ? Math.max(0, (p.committed - prev.committed) / dt) : null,
      produceRate: prev && dt > 0 ? Math.max(0, (p.end - prev.end) / dt) : null,
    });
    prev = { ts, committed: p.committed, end: p.end };
  }
  return { groupId, range, topics: [...topics].sort(), points, intervalMs: lagSettings().sampleMs };
}

async function requireGroupExistsOrHasHistory(cluster: string, groupId: string): Promise<void> {
  try {
    await requireGroup(cluster, groupId);
  } catch (err) {
    if (!(err instanceof NotFound)) throw err;
    const h = await db();
    const any = h ? await h.db.selectFrom('lag_samples').select('ts').where('cluster', '=', cluster).where('group_id', '=', groupId).limit(1).execute() : [];
    if (any.length === 0) throw err;
  }
}

function activeMembersError(groupId: string, state: string, members: number): Conflict {
  return new Conflict(
    `consumer group "${groupId}" has ${members} active member${members === 1 ? '' : 's'} (state ${state}). Kafka only lets you change a group's offsets while it is empty: stop its consumers first, then try again.`,
    'group',
    'NON_EMPTY_GROUP',
  );
}

export async function resetOffsets(cluster: string, groupId: string, raw: z.input<typeof resetOffsetsInput>): Promise<ResetOffsetsResult> {
  const input = resetOffsetsInput.parse(raw);
  const { g } = await requireGroup(cluster, groupId);
  // A preview changes nothing, so it is allowed while consumers run; applying is not.
  if (!input.dryRun && (g.members.length > 0 || (g.state !== 'Empty' && g.state !== 'Dead'))) throw activeMembersError(groupId, g.state, g.members.length);
  if (g.type === 'share' && input.strategy === 'shift') {
    // Kafka's share-group reset (kafka-share-groups.sh) has no shift: a share group's start offset is not a position its consumers advance one by one.
    throw new BadRequest(`"${groupId}" is a share group: reset its start offsets to earliest, latest, a timestamp or an offset (shift is for consumer groups)`, 'strategy', 'UNSUPPORTED_FOR_SHARE_GROUP');
  }
  const offsets = (await topicOffsets(cluster, [input.topic])).get(input.topic);
  if (!offsets) throw new NotFound(`topic "${input.topic}" does not exist`, 'topic');
  const known = new Set(offsets.map((p) => p.partition));
  const chosen = input.partitions ? [...new Set(input.partitions)].sort((a, b) => a - b) : offsets.map((p) => p.partition);
  const missing = chosen.filter((p) => !known.has(p));
  if (missing.length) {
    throw new BadRequest(`topic "${input.topic}" has no partition ${missing.join(', ')} (it has ${offsets.length}: 0–${offsets.length - 1})`, 'partitions', 'UNKNOWN_PARTITION');
  }
  let byTime: Map<number, number> | undefined;
  if (input.strategy === 'timestamp') {
    if (input.timestamp > Date.now() + 1_000) {
      throw new BadRequest(`timestamp ${new Date(input.timestamp).toISOString()} is in the future`, 'timestamp', 'TIMESTAMP_IN_FUTURE');
    }
    byTime = await offsetsForTimestamp(cluster, input.topic, chosen, input.timestamp);
  }
  const committed = g.committed.get(input.topic);
  const rows = chosen.map((partition) => {
    const o = offsets.find((p) => p.partition === partition)!;
    const current = committed?.get(partition) ?? null;
    let target: number;
    switch (input.strategy) {
      case 'earliest':
        target = o.logStart;
        break;
      case 'latest':
        target = o.logEnd;
        break;
      case 'timestamp': {
        const t = byTime!.get(partition) ?? -1;
        target = t < 0 ? o.logEnd : t; // nothing that new yet: start at the end
        break;
      }
      case 'offset':
        target = input.offset;
        break;
      case 'shift':
        if (current == null) {
          throw new BadRequest(`partition ${partition} has no committed offset to shift from; reset it to earliest, latest, a timestamp or an offset`, 'shift', 'NO_COMMITTED_OFFSET');
        }
        target = current + input.shift;
        break;
    }
    if (target < o.logStart || target > o.logEnd) {
      throw new BadRequest(
        `offset ${target.toLocaleString('en-US')} for partition ${partition} is outside the log (${o.logStart.toLocaleString('en-US')} to ${o.logEnd.toLocaleString('en-US')})`,
        input.strategy === 'shift' ? 'shift' : 'offset',
        'OFFSET_OUT_OF_RANGE',
      );
    }
    // A share group's lag is the broker's count (acknowledged records above the start offset aren't lag).
    const reported = g.reportedLag?.get(input.topic)?.get(partition);
    return { partition, current, target, logEnd: o.logEnd, lagBefore: current == null ? null : (reported ?? Math.max(0, o.logEnd - current)), lagAfter: o.logEnd - target };
  });
  if (!input.dryRun) {
    // Check again right before committing: a consumer may have joined since the preview. (The
    // broker refuses a generation -1 commit for a group with members anyway.)
    const [d] = await describeGroups(cluster, [groupId], new Map([[groupId, g]]));
    if (d && d.members.length > 0) throw activeMembersError(groupId, d.state, d.members.length);
    const targets = rows.map((r) => ({ partition: r.partition, offset: r.target }));
    try {
      if (g.type === 'share') await alterShareGroupOffsets(cluster, groupId, input.topic, targets);
      else await commitGroupOffsets(cluster, groupId, input.topic, targets);
      forgetSnapshot(cluster);
    } catch (err) {
      // A consumer joined between the check and the commit: the broker refuses a memberless commit.
      const type = (err as { type?: string }).type ?? '';
      if (/UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION|REBALANCE_IN_PROGRESS|FENCED_INSTANCE_ID|STALE_MEMBER_EPOCH|FENCED_MEMBER_EPOCH|NON_EMPTY_GROUP/.test(type)) throw activeMembersError(groupId, 'active', 1);
      throw err;
    }
  }
  return { groupId, topic: input.topic, dryRun: input.dryRun, applied: !input.dryRun, partitions: rows };
}

export async function deleteGroup(cluster: string, groupId: string): Promise<{ deleted: string }> {
  const { g } = await requireGroup(cluster, groupId);
  if (g.members.length > 0 || (g.state !== 'Empty' && g.state !== 'Dead')) {
    throw new Conflict(
      `consumer group "${groupId}" has ${g.members.length} active member${g.members.length === 1 ? '' : 's'} (state ${g.state}); only an empty group can be deleted`,
      'group',
      'NON_EMPTY_GROUP',
    );
  }
  // A consumer may have joined since the check above: the broker's answer decides.
  const refused = await deleteGroupAtCoordinator(cluster, groupId);
  forgetSnapshot(cluster);
  if (refused === 'NON_EMPTY_GROUP') throw new Conflict(`consumer group "${groupId}" has active members again; only an empty group can be deleted`, 'group', 'NON_EMPTY_GROUP');
  return { deleted: groupId };
}

/**
 * A share group forgets its state (start offsets) for one topic, as kafka-share-groups.sh
 * --delete-offsets does; its consumers then start there per share.auto.offset.reset. Only for
 * share groups, and only while none of its members reads the topic.
 */
export async function deleteGroupOffsets(cluster: string, groupId: string, topic: string): Promise<{ groupId: string; topic: string; deleted: true }> {
  const { g } = await requireGroup(cluster, groupId);
  if (g.type !== 'share') {
    throw new BadRequest(`"${groupId}" is a ${g.type} group: deleting offsets for a topic is offered for share groups (reset a consumer group's offsets instead)`, 'group', 'NOT_A_SHARE_GROUP');
  }
  if (!g.committed.has(topic)) throw new NotFound(`share group "${groupId}" has no state for topic "${topic}"`, 'topic');
  const readers = g.members.filter((m) => m.assignment.some((a) => a.topic === topic));
  if (readers.length > 0 || (g.state !== 'Empty' && g.state !== 'Dead')) throw activeMembersError(groupId, g.state, Math.max(readers.length, g.members.length));
  try {
    await deleteShareGroupOffsets(cluster, groupId, [topic]);
    forgetSnapshot(cluster);
  } catch (err) {
    if ((err as { type?: string }).type === 'NON_EMPTY_GROUP') throw activeMembersError(groupId, 'active', 1);
    throw err;
  }
  return { groupId, topic, deleted: true };
}
