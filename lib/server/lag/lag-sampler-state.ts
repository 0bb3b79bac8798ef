import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { singleton } from '../singleton';

// What this process's sampler is doing, per cluster (for the API and the UI). A singleton:
// Next loads instrumentation and route handlers as separate module graphs in one process.
const g = singleton('riffle:lag/lag-sampler-state', (): {
  riffleLagLast?: Map<string, string>;
  riffleLagRole?: Map<string, SamplerRole>;
  riffleInstanceId?: string;
  riffleLagCycle?: Map<string, CycleCost>;
  riffleLagElection?: Map<string, string>;
} => ({}));

/** This process's id in the sampler election and in the lag_cycles table. */
export const instanceId = (g.riffleInstanceId ??= `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`);

const last = (g.riffleLagLast ??= new Map());
const roles = (g.riffleLagRole ??= new Map());

export function noteSample(cluster: string, at: number): void {
  last.set(cluster, new Date(at).toISOString());
}

export function lastSampleAt(cluster: string): string | undefined {
  return last.get(cluster);
}

/** off: no sampler here; joining: waiting for the election; sampling / standby: its outcome. */
export type SamplerRole = 'off' | 'joining' | 'sampling' | 'standby';

export function noteRole(cluster: string, role: SamplerRole): void {
  roles.set(cluster, role);
}

export function samplerRole(cluster: string): SamplerRole {
  return roles.get(cluster) ?? 'off';
}

export interface CycleCost {
  at: string;
  durationMs: number;
  requests: number;
  groups: number;
  partitions: number;
}

const cycles = (g.riffleLagCycle ??= new Map());

/** The cost of this process's last recorded cycle (for the API, the UI and the benchmark). */
export function noteCycle(cluster: string, cost: CycleCost): void {
  cycles.set(cluster, cost);
}

export function lastCycle(cluster: string): CycleCost | null {
  return cycles.get(cluster) ?? null;
}

const elections = (g.riffleLagElection ??= new Map());

/** The consumer group this process's sampler elects through, per cluster. */
export function noteElectionGroup(cluster: string, groupId: string): void {
  elections.set(cluster, groupId);
}

export function electionGroup(cluster: string): string | null {
  return elections.get(cluster) ?? null;
}
