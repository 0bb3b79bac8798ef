import 'server-only';
import type { GroupMember, GroupType } from '@/lib/contracts/groups';
import { RequestCounter } from './client';
import { committedOffsets } from './committed-offsets';
import { describeGroups } from './describe-groups';
import { listGroupsWithTypes } from './list-groups';
import { shareGroupOffsets } from './share-group-offsets';
import type { StreamsGroupInfo } from './describe-groups';
import { topicOffsets, type PartitionOffsets } from './log-offsets';

export interface GroupState {
  groupId: string;
  type: GroupType;
  state: string;
  protocolType: string;
  protocol: string;
  members: GroupMember[];
  /**
   * topic → partition → committed offset (partitions without a commit are absent). For a share
   * group: each share-partition's start offset (uninitialized ones absent).
   */
  committed: Map<string, Map<number, number>>;
  /** Share groups: the lag the broker reports per share-partition (it skips records acknowledged above the start offset). */
  reportedLag?: Map<string, Map<number, number>>;
  /** Streams groups: members' processes and tasks, and the topology, as the broker knows them. */
  streams?: StreamsGroupInfo;
  /** Topics the group commits to or is assigned, sorted. */
  topics: string[];
}

export interface GroupsSnapshot {
  groups: GroupState[];
  offsets: Map<string, PartitionOffsets[]>;
  requests: number;
  at: number;
}

/**
 * Every group the console lists, with its type (ListGroups, one request per broker): consumer
 * clients' classic groups and every KIP-848 consumer, share and streams group; Connect workers'
 * groups (classic, protocol type "connect") are not consumer groups and stay out.
 */
export async function listGroupIds(clusterId: string, counter?: RequestCounter): Promise<string[]> {
  return [...(await listedGroups(clusterId, counter)).keys()].sort();
}

async function listedGroups(clusterId: string, counter?: RequestCounter) {
  const all = await listGroupsWithTypes(clusterId, counter);
  return new Map(all.filter((g) => g.type !== 'classic' || g.protocolType === 'consumer' || g.protocolType === '').map((g) => [g.groupId, g]));
}

/**
 * Groups, their members and committed offsets, and the log offsets of every topic they touch:
 * a fixed number of requests whatever the number of groups (descriptions and committed offsets
 * per coordinator per 500 groups, end offsets per leader).
 */
export async function snapshotGroups(clusterId: string, groupIds?: string[]): Promise<GroupsSnapshot> {
  const counter = new RequestCounter();
  const types = groupIds ? undefined : await listedGroups(clusterId, counter);
  const ids = groupIds ?? [...types!.keys()].sort();
  // Share groups commit no offsets: their progress is share-group state (start offsets), asked
  // of the coordinator with DescribeShareGroupOffsets once the group's type is known.
  const withOffsets = ids.filter((id) => types?.get(id)?.type !== 'share');
  const [descriptions, committed] = await Promise.all([describeGroups(clusterId, ids, types, counter), committedOffsets(clusterId, withOffsets, counter)]);
  const shareIds = descriptions.filter((d) => d.type === 'share').map((d) => d.groupId);
  const shares = await shareGroupOffsets(clusterId, shareIds, counter);
  const groups: GroupState[] = [];
  const allTopics = new Set<string>();
  const byId = new Map(descriptions.map((d) => [d.groupId, d]));
  for (const id of ids) {
    const d = byId.get(id);
    const members: GroupMember[] = d?.members ?? [];
    let c = committed.get(id) ?? new Map<string, Map<number, number>>();
    let reportedLag: Map<string, Map<number, number>> | undefined;
    const share = shares.get(id);
    if (share) {
      c = new Map();
      reportedLag = new Map();
      for (const [topic, parts] of share) {
        const starts = new Map<number, number>();
        const lags = new Map<number, number>();
        for (const [p, s] of parts) {
          if (s.startOffset != null) starts.set(p, s.startOffset);
          if (s.lag != null) lags.set(p, s.lag);
        }
        c.set(topic, starts);
        reportedLag.set(topic, lags);
      }
    }
    const topics = new Set<string>(c.keys());
    for (const m of members) for (const a of m.assignment) topics.add(a.topic);
    for (const t of topics) allTopics.add(t);
    groups.push({
      groupId: id,
      type: d?.type ?? 'classic',
      state: d?.state ?? 'Unknown',
      protocolType: d?.protocolType ?? '',
      protocol: d?.protocol ?? '',
      members,
      committed: c,
      ...(reportedLag ? { reportedLag } : {}),
      ...(d?.streams ? { streams: d.streams } : {}),
      topics: [...topics].sort(),
    });
  }
  const offsets = await topicOffsets(clusterId, [...allTopics], counter);
  return { groups, offsets, requests: counter.count, at: Date.now() };
}

export interface PartitionNow {
  topic: string;
  partition: number;
  committed: number | null;
  logStart: number;
  logEnd: number;
  lastStable: number;
  lag: number | null;
  lagToStable: number | null;
  /**
   * Where the group's progress stands, for lag history and status: the committed offset, or for
   * a share group the log end less the broker's lag (its persisted start offset can stand still
   * while records above it are acknowledged).
   */
  position: number | null;
}

/** Per partition of every topic the group touches (existing topics only), lag right now. */
export function partitionsOf(group: GroupState, offsets: Map<string, PartitionOffsets[]>): PartitionNow[] {
  const out: PartitionNow[] = [];
  for (const topic of group.topics) {
    const parts = offsets.get(topic);
    if (!parts) continue; // deleted topic with stale commits
    for (const p of parts) {
      const committed = group.committed.get(topic)?.get(p.partition) ?? null;
      // A share group's lag is the broker's count where it gives one (v1): records acknowledged
      // above the start offset are not lag.
      const reported = group.reportedLag?.get(topic)?.get(p.partition);
      out.push({
        topic,
        partition: p.partition,
        committed,
        logStart: p.logStart,
        logEnd: p.logEnd,
        lastStable: p.lastStable,
        lag: committed == null ? null : (reported ?? Math.max(0, p.logEnd - committed)),
        position: committed == null ? null : reported == null ? committed : Math.max(committed, p.logEnd - reported),
        lagToStable: committed == null ? null : Math.max(0, p.lastStable - (reported == null ? committed : Math.max(committed, p.logEnd - reported))),
      });
    }
  }
  return out;
}
