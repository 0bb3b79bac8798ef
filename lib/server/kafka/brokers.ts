import 'server-only';
import type { BrokerDetail, BrokerList, BrokerRow, LogDirInfo } from '@/lib/contracts/brokers';
import { NotFound } from '../errors';
import { errorName, RequestCounter } from './client';
import { BROKER_CONFIG } from './config-keys';
import { brokerConfigValues, describeConfigs } from './describe-configs';
import { describeLogDirs, logDirBytes, type LogDir } from './describe-log-dirs';
import { scanTopics, type Scan } from './metadata';

function toLogDirs(dirs: LogDir[] | null | undefined): LogDirInfo[] | null {
  if (!dirs) return null;
  return dirs
    .map((d) => ({
      path: d.path,
      bytes: logDirBytes(d),
      replicas: d.topics.reduce((n, t) => n + t.partitions.filter((p) => !p.isFuture).length, 0),
      totalBytes: d.totalBytes,
      usableBytes: d.usableBytes,
      error: d.errorCode === 0 ? null : errorName(d.errorCode),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function rows(scan: Scan, configs: Map<number, Map<string, string | null>>, logDirs: Map<number, LogDir[] | null>): BrokerRow[] {
  const led = new Map<number, number>();
  const hosted = new Map<number, number>();
  const outOfSync = new Map<number, number>();
  for (const t of scan.topics) {
    for (const p of t.partitions) {
      if (p.leader >= 0) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
      for (const r of p.replicas) {
        hosted.set(r, (hosted.get(r) ?? 0) + 1);
        if (!p.isr.includes(r)) outOfSync.set(r, (outOfSync.get(r) ?? 0) + 1);
      }
    }
  }
  return scan.brokers
    .map((b) => {
      const c = configs.get(b.nodeId);
      const dirs = toLogDirs(logDirs.get(b.nodeId));
      const roles = (c?.get(BROKER_CONFIG.processRoles) ?? 'broker')
        .split(',')
        .map((s) => s.trim())
        .filter((s): s is 'broker' | 'controller' => s === 'broker' || s === 'controller');
      return {
        nodeId: b.nodeId,
        host: b.host,
        port: b.port,
        rack: b.rack ?? c?.get(BROKER_CONFIG.rack) ?? null,
        roles,
        isController: b.nodeId === scan.controllerId,
        partitionsLed: led.get(b.nodeId) ?? 0,
        replicas: hosted.get(b.nodeId) ?? 0,
        outOfSyncReplicas: outOfSync.get(b.nodeId) ?? 0,
        logDirBytes: dirs ? dirs.reduce((n, d) => n + d.bytes, 0) : null,
        logDirs: dirs,
      };
    })
    .sort((a, b) => a.nodeId - b.nodeId);
}

async function roleConfigs(clusterId: string, nodeIds: number[]) {
  if (nodeIds.length === 0) return new Map<number, Map<string, string | null>>();
  // A cluster may refuse DescribeConfigs (ACLs): the list still shows, without roles and racks.
  return brokerConfigValues(clusterId, nodeIds, [BROKER_CONFIG.processRoles, BROKER_CONFIG.rack]).catch(() => new Map<number, Map<string, string | null>>());
}

/**
 * Brokers with what they lead and host, and their log dirs: one Metadata request, one
 * DescribeConfigs, and one DescribeLogDirs per broker (each answers for its own disks only).
 */
export async function listBrokers(clusterId: string): Promise<BrokerList> {
  const scan = await scanTopics(clusterId, [], new RequestCounter());
  const ids = scan.brokers.map((b) => b.nodeId);
  const [configs, logDirs] = await Promise.all([roleConfigs(clusterId, ids), describeLogDirs(clusterId, ids, { topics: null })]);
  return { brokers: rows(scan, configs, logDirs), controllerId: scan.controllerId, fetchedAt: new Date().toISOString() };
}

/** One broker with every config, its source, and sensitive values withheld. */
export async function getBroker(clusterId: string, nodeId: number): Promise<BrokerDetail> {
  const scan = await scanTopics(clusterId, [], new RequestCounter());
  if (!scan.brokers.some((b) => b.nodeId === nodeId)) throw new NotFound(`no broker with id ${nodeId} in the cluster metadata`, 'broker');
  const [resources, logDirs] = await Promise.all([describeConfigs(clusterId, [{ type: 'broker', name: String(nodeId) }]), describeLogDirs(clusterId, [nodeId], { topics: null })]);
  const configs = resources[0]?.entries ?? [];
  const asMap = new Map(configs.map((c) => [c.name, c.value]));
  const broker = rows({ ...scan, brokers: scan.brokers.filter((b) => b.nodeId === nodeId) }, new Map([[nodeId, asMap]]), logDirs)[0]!;
  return { broker, configs, fetchedAt: new Date().toISOString() };
}
