import 'server-only';
import { createHash } from 'node:crypto';
import { listClusterConfigs } from '../clusters';
import { database, type DbHandle } from '../db/db';
import { describeCause } from '../kafka/kafka-errors';
import { deleteGroupAtCoordinator } from '../kafka/delete-groups';
import { ensureTopic, joinGroup, type GroupMembership } from '../kafka/join-group';
import { partitionsOf } from '../kafka/group-snapshot';
import { freshSnapshot } from './shared-snapshot';
import { lagSettings } from './lag-settings';
import { instanceId, noteCycle, noteElectionGroup, noteRole, noteSample } from './lag-sampler-state';
import { noteCycleTotals, pruneBefore, recordCycle, type SampleRow } from './lag-store';
import { dropWindow, noteWindowCycle } from './lag-window';
import { evaluateAlerts } from './alerts/alert-evaluator';
import { deliverDue } from './alerts/alert-delivery';
import { alertSettings } from './alerts/alert-settings';
import { ensureFileRules } from './alerts/alert-startup';
import { riffleMetrics } from '../observability/riffle-metrics';
import { singleton } from '../singleton';

/**
 * Records every group's committed and end offsets once per interval, for lag history and status.
 *
 * Several console instances may run behind a load balancer. Exactly one samples a cluster:
 * instances sharing a database join one consumer group on a one-partition coordination topic,
 * and the member that owns partition 0 samples (Kafka does the election, failover is a
 * rebalance). As a second guard each cycle claims its time bucket in the database, so even
 * during a hand-over no bucket is recorded twice. Instances with different databases elect
 * separately (the group id carries a hash of the database location), so each database gets
 * its history. On read-only clusters Riffle creates nothing, so there only the bucket claim
 * applies.
 *
 * The election group holds no offsets, but a database used once (a test run's) would otherwise
 * leave its group listed until the broker expires it. On a clean shutdown the sampler leaves the
 * group and, when it was the last member, deletes it; while another instance still elects
 * through it, the broker refuses (NON_EMPTY_GROUP) and the last one to stop deletes it.
 */
export const COORDINATION_TOPIC = 'riffle-coordination';
const PRUNE_EVERY_CYCLES = 30;

export function electionGroupId(cluster: string, dbLocation: string): string {
  return `riffle-lag-sampler.${cluster}.${createHash('sha256').update(dbLocation).digest('hex').slice(0, 12)}`;
}

class ClusterSampler {
  private isLeader = false;
  private get leader(): boolean {
    return this.isLeader;
  }
  private set leader(v: boolean) {
    this.isLeader = v;
    if (!v) dropWindow(this.cluster); // another instance records the next cycles
    noteRole(this.cluster, v ? 'sampling' : 'joining');
  }
  private membership?: GroupMembership;
  private groupId?: string;
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;
  private cycles = 0;
  private lastError = '';
  private deliveryTimer?: NodeJS.Timeout;
  private delivering = false;
  private lastAlertError = '';

  constructor(
    readonly cluster: string,
    private readonly readOnly: boolean,
    private readonly h: DbHandle,
    private readonly intervalMs: number,
    private readonly retentionMs: number,
  ) {}

  async start(): Promise<void> {
    if (this.readOnly) this.leader = true; // bucket claims alone
    else await this.elect();
    this.schedule();
    this.deliveryTimer = setInterval(() => void this.deliver(), alertSettings().deliveryMs);
    this.deliveryTimer.unref();
  }

  /**
   * Lag alerts are judged and sent here, by the elected sampler only, so several console
   * instances send each notification once (the database rows are claims as well, see
   * alert-evaluator.ts).
   */
  private async alert(bucket: number, rows: SampleRow[]): Promise<void> {
    try {
      const queued = await evaluateAlerts(this.h, this.cluster, bucket, rows, lagSettings().eval);
      if (queued) void this.deliver();
      this.lastAlertError = '';
    } catch (err) {
      const msg = describeCause(err);
      if (msg !== this.lastAlertError) console.warn(`[riffle] alerts (${this.cluster}): evaluation failed: ${msg}`);
      this.lastAlertError = msg;
    }
  }

  private async deliver(): Promise<void> {
    if (!this.leader || this.delivering || this.stopped) return;
    this.delivering = true;
    try {
      await deliverDue(this.h, this.cluster);
    } catch (err) {
      console.warn(`[riffle] alerts (${this.cluster}): delivery failed: ${describeCause(err)}`);
    } finally {
      this.delivering = false;
    }
  }

  private async elect(): Promise<void> {
    try {
      await ensureTopic(this.cluster, COORDINATION_TOPIC, 1);
    } catch (err) {
      // If creation really failed, joining below fails and retries.
      console.warn(`[riffle] lag sampler (${this.cluster}): creating ${COORDINATION_TOPIC}: ${describeCause(err)}`);
    }
    const groupId = electionGroupId(this.cluster, this.h.location);
    this.groupId = groupId;
    noteElectionGroup(this.cluster, groupId);
    let announced: boolean | undefined;
    try {
      this.membership = await joinGroup(this.cluster, groupId, COORDINATION_TOPIC, {
        onAssigned: (partitions) => {
          if (this.stopped) return;
          this.leader = partitions.includes(0);
          if (!this.leader) noteRole(this.cluster, 'standby');
          if (announced !== this.leader) console.log(`[riffle] lag sampler (${this.cluster}): ${this.leader ? 'this instance samples' : 'another instance samples'} (${instanceId})`);
          announced = this.leader;
        },
        onRevoked: () => {
          if (!this.stopped) this.leader = false;
        },
        onFailed: (err) => {
          // A cluster that has just started answers "no coordinator" until __consumer_offsets exists.
          this.membership = undefined;
          if (this.stopped) return;
          console.warn(`[riffle] lag sampler (${this.cluster}): election stopped (${describeCause(err)}); rejoining in 5 s`);
          setTimeout(() => void (this.stopped ? undefined : this.elect()), 5_000).unref();
        },
      });
      if (this.stopped) await this.stop(); // stopped while joining
    } catch (err) {
      console.warn(`[riffle] lag sampler (${this.cluster}): election failed (${describeCause(err)}); retrying in 30 s`);
      this.membership = undefined;
      if (!this.stopped) setTimeout(() => void this.elect(), 30_000).unref();
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = Date.now();
    const next = Math.ceil((now + 1) / this.intervalMs) * this.intervalMs;
    this.timer = setTimeout(() => {
      void this.tick(next);
      this.schedule();
    }, next - now);
    this.timer.unref();
  }

  private async tick(bucket: number): Promise<void> {
    if (!this.leader || this.running) return;
    this.running = true;
    try {
      const started = performance.now();
      const snap = await freshSnapshot(this.cluster);
      const rows: SampleRow[] = [];
      for (const g of snap.groups) {
        for (const p of partitionsOf(g, snap.offsets)) rows.push({ groupId: g.groupId, topic: p.topic, partition: p.partition, committed: p.position, logEnd: p.logEnd });
      }
      const cost = { durationMs: performance.now() - started, groups: snap.groups.length, partitions: rows.length, requests: snap.requests };
      const claimed = await recordCycle(this.h, { cluster: this.cluster, ts: bucket, instance: instanceId, ...cost }, rows);
      if (claimed) {
        // What the list and the alerts read next, kept here instead of read back (lag-window.ts)
        noteWindowCycle(this.cluster, bucket, rows, lagSettings().eval.windowSize);
        noteCycleTotals(this.h, this.cluster, bucket, rows);
        noteSample(this.cluster, bucket);
        // The whole cycle, database write included.
        noteCycle(this.cluster, { at: new Date(bucket).toISOString(), ...cost, durationMs: Math.round(performance.now() - started) });
        await this.alert(bucket, rows);
        riffleMetrics().lagCycle.observe({ cluster: this.cluster }, (performance.now() - started) / 1000);
      }
      if (++this.cycles % PRUNE_EVERY_CYCLES === 1) await pruneBefore(this.h, this.cluster, Date.now() - this.retentionMs);
      this.lastError = '';
    } catch (err) {
      const msg = describeCause(err);
      if (msg !== this.lastError) console.warn(`[riffle] lag sampler (${this.cluster}): cycle failed: ${msg}`);
      this.lastError = msg;
    } finally {
      this.running = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.leader = false;
    noteRole(this.cluster, 'off');
    if (this.timer) clearTimeout(this.timer);
    if (this.deliveryTimer) clearInterval(this.deliveryTimer);
    const membership = this.membership;
    this.membership = undefined;
    if (!membership) return;
    await membership.close(); // LeaveGroup: a standby takes over at once
    await this.deleteElectionGroup();
  }

  /** Deletes the election group once no instance is in it (see the class comment). */
  private async deleteElectionGroup(): Promise<void> {
    const groupId = this.groupId;
    if (!groupId) return;
    try {
      const refused = await deleteGroupAtCoordinator(this.cluster, groupId);
      if (refused === null) console.log(`[riffle] lag sampler (${this.cluster}): left and deleted the election group ${groupId}`);
      else if (refused === 'NON_EMPTY_GROUP') console.log(`[riffle] lag sampler (${this.cluster}): left the election group ${groupId}; another instance is still in it`);
      else if (refused !== 'GROUP_ID_NOT_FOUND') console.warn(`[riffle] lag sampler (${this.cluster}): could not delete the election group ${groupId}: ${refused}`);
    } catch (err) {
      console.warn(`[riffle] lag sampler (${this.cluster}): could not delete the election group ${groupId}: ${describeCause(err)}`);
    }
  }
}

const g = singleton('riffle:lag/lag-sampler', (): { riffleLagSamplers?: ClusterSampler[] } => ({}));

/** Starts one sampler per configured cluster (once per process); RIFFLE_LAG_SAMPLE_MS=0 turns them off. */
export async function startLagSamplers(): Promise<void> {
  if (g.riffleLagSamplers) return;
  const s = lagSettings();
  if (s.sampleMs === 0) {
    console.log('[riffle] lag sampler off (RIFFLE_LAG_SAMPLE_MS=0)');
    return;
  }
  g.riffleLagSamplers = [];
  void ensureFileRules();
  let h: DbHandle;
  try {
    h = await database();
  } catch (err) {
    console.error(`[riffle] lag sampler off: the database cannot be opened: ${(err as Error).message}`);
    return;
  }
  for (const c of listClusterConfigs()) {
    const sampler = new ClusterSampler(c.id, c.readOnly, h, s.sampleMs, s.retentionMs);
    g.riffleLagSamplers.push(sampler);
    void sampler.start();
  }
  console.log(`[riffle] lag sampler: every ${s.sampleMs} ms into ${h.location}, keeping ${Math.round(s.retentionMs / 3_600_000)} h (instance ${instanceId})`);
  // Leave the election group at once on shutdown, so another instance takes over without
  // waiting for the session timeout, and delete it when no one else is in it.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => deferExitUntil(stopLagSamplers(), EXIT_GRACE_MS));
}

const EXIT_GRACE_MS = 5_000;

/**
 * Next's own SIGTERM/SIGINT handler closes the HTTP server and then calls process.exit, which
 * would cut the sampler's goodbye (LeaveGroup, then DeleteGroups: two round trips) short. Until
 * that is done, or maxMs passed, process.exit waits for it.
 */
function deferExitUntil(done: Promise<unknown>, maxMs: number): void {
  const exit = process.exit.bind(process);
  let timer: NodeJS.Timeout | undefined;
  const settled = Promise.race([done.catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, maxMs)))]).finally(() => {
    clearTimeout(timer);
    process.exit = exit;
  });
  process.exit = ((code?: number | string | null) => {
    void settled.then(() => exit(code));
    return undefined as never;
  }) as typeof process.exit;
}

export async function stopLagSamplers(): Promise<void> {
  const list = g.riffleLagSamplers ?? [];
  await Promise.all(list.map((s) => s.stop()));
}
