import 'server-only';
import type { ClusterSummary } from '@/lib/contracts/cluster';
import { settings, type ClusterConfig } from './config';
import { NotFound } from './errors';

export function listClusterConfigs(): ClusterConfig[] {
  return settings().clusters;
}

/** The cluster with this id, or a 404 naming it. */
export function clusterConfig(id: string): ClusterConfig {
  const found = settings().clusters.find((c) => c.id === id);
  if (!found) throw new NotFound(`no cluster with id "${id}"`, 'cluster');
  return found;
}

/** What the browser may know of a cluster: never its credentials. */
export function toClusterSummary(c: ClusterConfig): ClusterSummary {
  return {
    id: c.id,
    name: c.name,
    brokers: c.brokers,
    readOnly: c.readOnly,
    auth: c.sasl ? (`sasl-${c.sasl.mechanism}` as ClusterSummary['auth']) : 'none',
    tls: Boolean(c.tls),
  };
}
