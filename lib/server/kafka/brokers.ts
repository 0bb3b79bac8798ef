import 'server-only';
import type { BrokerDetail, BrokerList, BrokerRow } from '@/lib/contracts/brokers';
import { NotFound } from '../errors';
import { withAdmin } from './client';
import { BROKER_CONFIG, RESOURCE_TYPE } from './config-keys';
import { RequestCounter, scanTopics, type Scan } from './offsets';
import { toConfigEntries } from './topics';

function rows(scan: Scan, configs: Map<number, Map<string, string | null>>): BrokerRow[] {
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
        logDirBytes: null,
      };
    })
    .sort((a, b) => a.nodeId - b.nodeId);
}

async function roleConfigs(clusterId: string, nodeIds: number[]) {
  const out = new Map<number, Map<string, string | null>>();
  if (nodeIds.length === 0) return out;
  const { resources } = await withAdmin(clusterId, (admin) =>
    admin.describeConfigs({
      includeSynonyms: false,
      resources: nodeIds.map((id) => ({ type: RESOURCE_TYPE.broker, name: String(id), configNames: [BROKER_CONFIG.processRoles, BROKER_CONFIG.rack] })),
    }),
  ).catch(() => ({ resources: [] as { resourceName: string; configEntries: { configName: string; configValue: string | null }[] }[] }));
  for (const r of resources) out.set(Number(r.resourceName), new Map(r.configEntries.map((e) => [e.configName, e.configValue])));
  return out;
}

/** Brokers with what they lead and host: one Metadata request and one DescribeConfigs. */
export async function listBrokers(clusterId: string): Promise<BrokerList> {
  const scan = await scanTopics(clusterId, [], new RequestCounter());
  const configs = await roleConfigs(clusterId, scan.brokers.map((b) => b.nodeId));
  return { brokers: rows(scan, configs), controllerId: scan.controllerId, fetchedAt: new Date().toISOString() };
}

/** One broker with every config, its source, and sensitive values withheld. */
export async function getBroker(clusterId: string, nodeId: number): Promise<BrokerDetail> {
  const scan = await scanTopics(clusterId, [], new RequestCounter());
  if (!scan.brokers.some((b) => b.nodeId === nodeId)) throw new NotFound(`no broker with id ${nodeId} in the cluster metadata`, 'broker');
  const { resources } = await withAdmin(clusterId, (admin) =>
    admin.describeConfigs({ includeSynonyms: false, resources: [{ type: RESOURCE_TYPE.broker, name: String(nodeId) }] }),
  );
  const configs = resources[0] ? toConfigEntries(resources[0]) : [];
  const asMap = new Map(configs.map((c) => [c.name, c.value]));
  const broker = rows({ ...scan, brokers: scan.brokers.filter((b) => b.nodeId === nodeId) }, new Map([[nodeId, asMap]]))[0]!;
  return { broker, configs, fetchedAt: new Date().toISOString() };
}
