import { clusterOverview } from '@/lib/contracts/cluster';
import { api, waitFor } from '../helpers/api';

/** The console's overview of the fault cluster, or null while it answers an error. */
export async function overview() {
  const res = await api('GET', '/api/clusters/local');
  return res.status === 200 ? clusterOverview.parse(res.body) : null;
}

/** Whatever ran before, start from a whole cluster: three brokers, nothing under-replicated. */
export function waitForHealthyCluster() {
  return waitFor(async () => {
    const o = await overview();
    return o && o.brokers.length === 3 && o.counts.underReplicatedPartitions === 0;
  }, { timeoutMs: 120_000, what: 'a healthy 3-node cluster' });
}
