import { afterAll, describe, expect, it } from 'vitest';
import { apiErrorBody } from '@/lib/contracts/errors';
import { api } from '../helpers/api';
import { toolDeleteTopics } from './cluster';

const C = '/api/clusters/local';
const created: string[] = [];
afterAll(() => toolDeleteTopics(created));

/** A 4xx in the one error shape, naming the field. */
async function refused(method: string, path: string, body: unknown, status: number, field?: string, as?: 'viewer' | 'admin') {
  const res = await api(method, path, body, {}, as);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const e = apiErrorBody.parse(res.body).error;
  if (field !== undefined) expect(e.field).toBe(field);
  return e;
}

describe('partition operations refuse bad input with a 4xx naming the field', () => {
  it('plans', async () => {
    expect((await refused('POST', `${C}/reassignments/plan`, { mode: 'decommission', brokers: [9] }, 400, 'brokers')).message).toMatch(/no broker 9/);
    await refused('POST', `${C}/reassignments/plan`, { mode: 'decommission', brokers: [] }, 400, 'brokers');
    await refused('POST', `${C}/reassignments/plan`, { mode: 'decommission', brokers: [1, 2, 3] }, 400, 'brokers');
    await refused('POST', `${C}/reassignments/plan`, { mode: 'replication-factor', topic: 'nope-not-here', replicationFactor: 2 }, 404, 'topic');
    await refused('POST', `${C}/reassignments/plan`, { mode: 'replication-factor', topic: 'x', replicationFactor: 0 }, 400, 'replicationFactor');
    await refused('POST', `${C}/reassignments/plan`, { mode: 'replication-factor', topic: 'x', replicationFactor: 1.5 }, 400, 'replicationFactor');
    await refused('POST', `${C}/reassignments/plan`, { mode: 'shuffle' }, 400, 'mode');
    await refused('POST', `${C}/reassignments/plan`, { mode: 'balance', topics: ['no-such-topic-here'] }, 404, 'topics');
  });

  it('replication factor above the broker count', async () => {
    const topic = `bad-rf-${Date.now().toString(36)}`;
    created.push(topic);
    expect((await api('POST', `${C}/topics`, { name: topic, partitions: 1, replicationFactor: 1 })).status).toBe(201);
    expect((await refused('POST', `${C}/reassignments/plan`, { mode: 'replication-factor', topic, replicationFactor: 4 }, 400, 'replicationFactor')).message).toMatch(/3 live brokers/);
  });

  it('executions', async () => {
    const topic = `bad-exec-${Date.now().toString(36)}`;
    created.push(topic);
    expect((await api('POST', `${C}/topics`, { name: topic, partitions: 2, replicationFactor: 1 })).status).toBe(201);
    await refused('POST', `${C}/reassignments`, { partitions: [] }, 400, 'partitions');
    await refused('POST', `${C}/reassignments`, { partitions: [{ topic, partition: 0, replicas: [1, 1] }] }, 400, 'partitions.0.replicas');
    await refused('POST', `${C}/reassignments`, { partitions: [{ topic, partition: 0, replicas: [7] }] }, 400, 'partitions.0.replicas');
    await refused('POST', `${C}/reassignments`, { partitions: [{ topic, partition: 5, replicas: [1] }] }, 400, 'partitions.0.partition');
    await refused('POST', `${C}/reassignments`, { partitions: [{ topic: 'no-such-topic-here', partition: 0, replicas: [1] }] }, 404, 'partitions.0.topic');
    await refused('POST', `${C}/reassignments`, { partitions: [{ topic, partition: 0, replicas: [1] }, { topic, partition: 0, replicas: [2] }] }, 400, 'partitions.1.partition');
    await refused('POST', `${C}/reassignments`, { partitions: [{ topic, partition: 0, replicas: [2] }], throttleBytesPerSecond: 10 }, 400, 'throttleBytesPerSecond');
  });

  it('elections', async () => {
    await refused('POST', `${C}/elections`, { type: 'unclean', partitions: [{ topic: 'a', partition: 0 }] }, 400, 'acceptDataLoss');
    await refused('POST', `${C}/elections`, { type: 'unclean', acceptDataLoss: true }, 400, 'partitions');
    await refused('POST', `${C}/elections`, { type: 'sideways' }, 400, 'type');
    await refused('POST', `${C}/elections`, { type: 'preferred', topic: 'no-such-topic-here' }, 404, 'topic');
    await refused('POST', `${C}/elections`, { type: 'preferred', partitions: [{ topic: 'no-such-topic-here', partition: 0 }] }, 404, 'partitions.0.topic');
  });

  it('broker configs', async () => {
    await refused('GET', `${C}/brokers/abc/configs`, undefined, 400, 'broker');
    await refused('GET', `${C}/brokers/42/configs`, undefined, 404, 'broker');
    await refused('PATCH', `${C}/brokers/42/configs`, { set: { 'log.retention.bytes': '1' } }, 404, 'broker');
    await refused('PATCH', `${C}/brokers/1/configs`, {}, 400, 'set');
    await refused('PATCH', `${C}/brokers/1/configs`, { set: { 'log.retention.bytes': 'lots' } }, 400, 'set.log.retention.bytes');
  });

  it('admin only, and a read-only cluster refuses every change', async () => {
    await refused('POST', `${C}/reassignments`, { partitions: [{ topic: 'a', partition: 0, replicas: [1] }] }, 403, undefined, 'viewer');
    await refused('POST', `${C}/elections`, { type: 'preferred' }, 403, undefined, 'viewer');
    await refused('PATCH', `${C}/brokers/1/configs`, { set: { 'log.retention.bytes': '1' } }, 403, undefined, 'viewer');
    await refused('POST', `${C}/reassignments/plan`, { mode: 'balance' }, 403, undefined, 'viewer');
    const RO = '/api/clusters/local-ro';
    expect((await refused('POST', `${RO}/reassignments`, { partitions: [{ topic: 'a', partition: 0, replicas: [1] }] }, 403)).message).toMatch(/read-only/);
    await refused('DELETE', `${RO}/reassignments`, undefined, 403);
    await refused('DELETE', `${RO}/reassignments/throttle`, undefined, 403);
    await refused('POST', `${RO}/elections`, { type: 'preferred' }, 403);
    await refused('PATCH', `${RO}/brokers/1/configs`, { set: { 'log.retention.bytes': '1' } }, 403);
    // reading is fine there
    expect((await api('GET', `${RO}/reassignments`)).status).toBe(200);
  });

  it('every change is in the audit log', async () => {
    await api('POST', `${C}/elections`, { type: 'preferred', topic: 'no-such-topic-here' });
    const res = await api<{ entries: { action: string; status: number }[] }>('GET', `${C}/audit?action=leader-election`);
    expect(res.status).toBe(200);
    expect(res.body.entries.some((e) => e.action === 'leader-election' && e.status === 404)).toBe(true);
  });
});
