import 'server-only';
import { AssignerProtocol } from 'kafkajs';
import type { GroupMember } from '@/lib/contracts/groups';
import { committedOffsets, describeGroupsBatched, listAllGroups, topicOffsets, type OffsetsCounter, type PartitionOffsets } from '../kafka/group-offsets';

export interface GroupState {
  groupId: string;
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

function decodeAssignment(buf: Buffer | null | undefined): GroupMember['assignment'] {
  if (!buf || buf.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buf);
    if (!decoded) return [];
    return Object.entries(decoded.assignment)
      .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } catch {
    return []; // not the standard consumer protocol (Connect, custom): show the member without partitions
  }
}

/** Every consumer group's ids (ListGroups, one request per broker). */
export async function listGroupIds(clusterId: string, counter?: OffsetsCounter): Promise<string[]> {
  const groups = await listAllGroups(clusterId, counter);
  return [...new Set(groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId))].sort();
}

/**
 * Groups, their members and committed offsets, and the log offsets of every topic they touch:
 * a fixed number of requests for the descriptions and end offsets, and one pipelined OffsetFetch
 * per group.
 */
export async function snapshotGroups(clusterId: string, groupIds?: string[]): Promise<GroupsSnapshot> {
  const counter: OffsetsCounter = { requests: 0 };
  const ids = groupIds ?? (await listGroupIds(clusterId, counter));
  const [descriptions, committed] = await Promise.all([describeGroupsBatched(clusterId, ids, counter), committedOffsets(clusterId, ids, counter)]);
  const groups: GroupState[] = [];
  const allTopics = new Set<string>();
  const byId = new Map(descriptions.map((d) => [d.groupId, d]));
  for (const id of ids) {
    const d = byId.get(id);
    const members: GroupMember[] = (d?.members ?? []).map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost.replace(/^\//, ''),
      assignment: decodeAssignment(m.memberAssignment),
    }));
    const c = committed.get(id) ?? new Map<string, Map<number, number>>();
    const topics = new Set<string>(c.keys());
    for (const m of members) for (const a of m.assignment) topics.add(a.topic);
    for (const t of topics) allTopics.add(t);
    groups.push({
      groupId: id,
      state: d?.state ?? 'Unknown',
      protocolType: d?.protocolType ?? '',
      protocol: d?.protocol ?? '',
      members,
      committed: c,
      topics: [...topics].sort(),
    });
  }
  const offsets = await topicOffsets(clusterId, [...allTopics], counter);
  return { groups, offsets, requests: counter.requests, at: Date.now() };
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
