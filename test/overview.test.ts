import { describe, expect, it } from 'vitest';
import { clusterOverview, healthReport } from '@/lib/contracts/cluster';
import { api } from './helpers/api';
import { BOOTSTRAP, kcatMetadata } from './helpers/kcat';
import { metadataQuorumStatus } from './helpers/kafka-tools';

describe('GET /api/clusters/local', () => {
  it('lists the brokers and counts that kcat reports', async () => {
    // Other suites may create topics meanwhile: read both until two reads in a row agree.
    let res = await api('GET', '/api/clusters/local');
    let meta = await kcatMetadata();
    for (let i = 0; i < 5; i++) {
      const again = await api('GET', '/api/clusters/local');
      if (JSON.stringify(clusterOverview.parse(again.body).counts) === JSON.stringify(clusterOverview.parse(res.body).counts)) break;
      res = again;
      meta = await kcatMetadata();
    }
    expect(res.status).toBe(200);
    const overview = clusterOverview.parse(res.body);

    const kcatBrokers = meta.brokers.map((b) => ({ nodeId: b.id, address: b.name })).sort((a, b) => a.nodeId - b.nodeId);
    expect(overview.brokers.map((b) => ({ nodeId: b.nodeId, address: `${b.host}:${b.port}` }))).toEqual(kcatBrokers);

    const userTopics = meta.topics.filter((t) => !t.topic.startsWith('__'));
    const partitions = meta.topics.reduce((n, t) => n + t.partitions.length, 0);
    expect(overview.counts.topics).toBe(userTopics.length);
    expect(overview.counts.partitions).toBe(partitions);
  });

  it('says the cluster runs in KRaft mode and names the controller quorum', async () => {
    const overview = clusterOverview.parse((await api('GET', '/api/clusters/local')).body);
    expect(overview.metadataMode).toBe('kraft');
    expect(overview.quorum.source).toBe('controller.quorum.voters');
    expect(overview.quorum.voters.length).toBe(overview.brokers.length);
    for (const b of overview.brokers) expect(b.roles).toEqual(['broker', 'controller']);
    expect(overview.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('reports the live Raft state that kafka-metadata-quorum.sh reports', async () => {
    const overview = clusterOverview.parse((await api('GET', '/api/clusters/local')).body);
    const tool = await metadataQuorumStatus(BOOTSTRAP);
    expect(overview.quorum.state).not.toBeNull();
    expect(overview.quorum.state!.leaderId).toBe(tool.leaderId);
    expect(overview.quorum.state!.leaderEpoch).toBe(tool.leaderEpoch);
    expect(overview.quorum.voters.map((v) => v.nodeId).sort()).toEqual(tool.voters);
    expect(overview.quorum.voters.filter((v) => v.isLeader).map((v) => v.nodeId)).toEqual([tool.leaderId]);
    expect(overview.controllerId).toBe(tool.leaderId);
    expect(overview.brokers.find((b) => b.isController)?.nodeId).toBe(tool.leaderId);
  });

  it('answers 404 with the error shape for an unknown cluster', async () => {
    const res = await api('GET', '/api/clusters/no-such-cluster');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no cluster with id "no-such-cluster"', field: 'cluster' } });
  });

  it('lists configured clusters without credentials', async () => {
    const res = await api<{ clusters: { id: string; readOnly: boolean }[] }>('GET', '/api/clusters');
    expect(res.status).toBe(200);
    expect(res.body.clusters.map((c) => [c.id, c.readOnly])).toEqual([
      ['local', false],
      ['local-ro', true],
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
  });
});

describe('GET /api/health', () => {
  it('reports each cluster reachable with a latency', async () => {
    const res = await api('GET', '/api/health');
    expect(res.status).toBe(200);
    const report = healthReport.parse(res.body);
    expect(report.status).toBe('ok');
    const local = report.clusters.find((c) => c.id === 'local')!;
    expect(local.reachable).toBe(true);
    expect(local.latencyMs).toBeGreaterThan(0);
    expect(local.brokerCount).toBe((await kcatMetadata()).brokers.length);
  });
});
