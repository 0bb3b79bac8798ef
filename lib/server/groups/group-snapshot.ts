import 'server-only';
import type { GroupMember, GroupType } from '@/lib/contracts/groups';
import { RequestCounter } from '../kafka/client';
import { committedOffsets } from '../kafka/committed-offsets';
import { describeGroups } from '../kafka/describe-groups';
import { listGroupsWithTypes } from '../kafka/list-groups';
import { topicOffsets, type PartitionOffsets } from '../kafka/log-offsets';

export interface GroupState {
  groupId: string;
  type: GroupType;
  state: string;
  protocolType: string;
  protocol: string;
  members: GroupMember[];
  /** topic → partition → committed offset (partitions without a commit are absent). */
  committed: Map<string, Map<number, number>>;
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
  // Share groups keep no committed offsets (their progress is share-group state, issue 15).
  const withOffsets = ids.filter((id) => types?.get(id)?.type !== 'share');
  const [descriptions, committed] = await Promise.all([describeGroups(clusterId, ids, types, counter), committedOffsets(clusterId, withOffsets, counter)]);
  const groups: GroupState[] = [];
  const allTopics = new Set<string>();
  const byId = new Map(descriptions.map((d) => [d.groupId, d]));
  for (const id of ids) {
    const d = byId.get(id);
    const members: GroupMember[] = d?.members ?? [];
    const c = committed.get(id) ?? new Map<string, Map<number, number>>();
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
}

/** Per partition of every topic the group touches (existing topics only), lag right now. */
export function partitionsOf(group: GroupState, offsets: Map<string, PartitionOffsets[]>): PartitionNow[] {
  const out: PartitionNow[] = [];
  for (const topic of group.topics) {
    const parts = offsets.get(topic);
    if (!parts) continue; // deleted topic with stale commits
    for (const p of parts) {
      const committed = group.committed.get(topic)?.get(p.partition) ?? null;
      out.push({
        topic,
        partition: p.partition,
        committed,
        logStart: p.logStart,
        logEnd: p.logEnd,
        lastStable: p.lastStable,
        lag: committed == null ? null : Math.max(0, p.logEnd - committed),
        lagToStable: committed == null ? null : Math.max(0, p.lastStable - committed),
      });
    }
  }
  return out;
}
