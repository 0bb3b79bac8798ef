import 'server-only';
import type { ConnectClusterSummary, ConnectorPlugin } from '@/lib/contracts/connect';
import { clusterConfig } from '../clusters';
import type { ConnectConfig } from '../config';
import { NotFound } from '../errors';
import { connectRequest } from './connect-http';

/** The Connect cluster `name` of Kafka cluster `cluster`, or a 404 naming what is missing. */
export function connectConfig(cluster: string, name: string): ConnectConfig {
  const c = clusterConfig(cluster);
  const found = c.connect.find((k) => k.name === name);
  if (!found) {
    throw new NotFound(
      c.connect.length
        ? `cluster "${cluster}" has no Connect cluster named "${name}" (it has ${c.connect.map((k) => `"${k.name}"`).join(', ')})`
        : `cluster "${cluster}" has no Connect cluster configured (set CONNECT_URL, or connect: in RIFFLE_CLUSTERS)`,
      'connect',
    );
  }
  return found;
}

interface RootInfo {
  version?: string;
  commit?: string;
  kafka_cluster_id?: string;
}

/** Each configured Connect cluster with its version, or why it can't be reached. Never throws for one worker's failure. */
export async function listConnectClusters(cluster: string): Promise<ConnectClusterSummary[]> {
  return Promise.all(
    clusterConfig(cluster).connect.map(async (conn) => {
      const started = performance.now();
      try {
        const { body } = await connectRequest<RootInfo>(conn, { path: '/' });
        return {
          name: conn.name,
          url: conn.url,
          version: body.version ?? null,
          commit: body.commit ?? null,
          kafkaClusterId: body.kafka_cluster_id ?? null,
          error: null,
          latencyMs: Math.round(performance.now() - started),
        };
      } catch (err) {
        return { name: conn.name, url: conn.url, version: null, commit: null, kafkaClusterId: null, error: (err as Error).message, latencyMs: null };
      }
    }),
  );
}

interface RawPlugin {
  class: string;
  type: string;
  version?: string;
}

/** Connector plugins installed on the worker (sources and sinks; with connectorsOnly=false also converters, transforms, …). */
export async function listPlugins(cluster: string, name: string, connectorsOnly = true): Promise<ConnectorPlugin[]> {
  const conn = connectConfig(cluster, name);
  const { body } = await connectRequest<RawPlugin[]>(conn, { path: `/connector-plugins?connectorsOnly=${connectorsOnly}` });
  return body.map((p) => ({ className: p.class, type: p.type, version: p.version ?? null })).sort((a, b) => a.className.localeCompare(b.className));
}
