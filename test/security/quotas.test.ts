import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuotaListResult } from '@/lib/contracts/quotas';
import { api } from '../helpers/api';
import { SUPER_USER, superUserPassword } from './cluster';
import { C, createAcl, createUser, newPassword, unique, type ErrorBody } from './helpers';
import { describeUserQuotas, producerPerfAs } from './tools';

/**
 * A quota set through the console is what kafka-configs.sh reports, and the broker holds a
 * producer to it: the producer's own measured rate stays near the quota, while the same run
 * without a quota goes several times faster.
 */
const user = unique('carol');
const password = newPassword();
const topic = unique('sec-quota');
const QUOTA = 16_384; // bytes/s: well under what one producer manages even on a loaded 2-core machine
const RECORDS = 400;
const SIZE = 1000;

beforeAll(async () => {
  const created = await api('POST', `${C}/topics`, { name: topic, partitions: 1, replicationFactor: 1, configs: {} });
  expect(created.status).toBe(201);
  await createUser(user, password);
  await createAcl({ principal: `User:${user}`, resourceType: 'TOPIC', resourceName: topic, patternType: 'LITERAL', operation: 'WRITE', permission: 'ALLOW', host: '*' });
});

afterAll(async () => {
  await api('PUT', `${C}/quotas`, { entity: { user }, remove: ['producer_byte_rate'] });
  await api('PUT', `${C}/quotas`, { entity: { user, clientId: 'perf' }, remove: ['request_percentage'] });
  await api('PUT', `${C}/quotas`, { entity: { user: null }, remove: ['consumer_byte_rate'] });
  await api('DELETE', `${C}/acls`, { filter: { principal: `User:${user}` } });
  await api('DELETE', `${C}/users/${user}`);
  await api('DELETE', `${C}/topics/${topic}`);
});

describe('client quotas on the secured cluster', () => {
  it('a user quota set through the console is what kafka-configs.sh --describe reports', async () => {
    const res = await api('PUT', `${C}/quotas`, { entity: { user }, set: { producer_byte_rate: QUOTA } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const list = await api<QuotaListResult>('GET', `${C}/quotas`);
    expect(list.body.entries.find((e) => e.entity.user === user && e.entity.clientId === undefined)?.values).toEqual({ producer_byte_rate: QUOTA });
    expect(await describeUserQuotas(user)).toEqual({ producer_byte_rate: QUOTA });
  });

  it('a producer over the quota is throttled to about the quota; the broker throttles it, and not a producer without a quota', async () => {
    const throttled = await producerPerfAs(user, password, topic, RECORDS, SIZE, 'perf-throttled');
    expect(throttled.result.code, throttled.result.stderr).toBe(0);
    const free = await producerPerfAs(SUPER_USER, superUserPassword(), topic, RECORDS, SIZE, 'perf-free');
    expect(free.result.code, free.result.stderr).toBe(0);
    console.log(
      `quota ${QUOTA} B/s: throttled producer ${Math.round(throttled.bytesPerSec)} B/s (throttle max ${throttled.throttleTimeMaxMs} ms), unthrottled ${Math.round(free.bytesPerSec)} B/s (throttle max ${free.throttleTimeMaxMs} ms)`,
    );
    // held near the quota: Kafka lets the first burst through and then delays the client until its
    // rate over the quota window (11 × 1 s) is back at the quota, so a 25 s run averages a little above it
    // (1.41× measured on 2026-12-05); unthrottled, the same run went 12× faster
    expect(throttled.bytesPerSec).toBeLessThan(QUOTA * 1.6);
    expect(throttled.bytesPerSec).toBeGreaterThan(QUOTA * 0.3);
    // and it is the broker's quota that holds it: its answers carried throttle times, the super user's none
    // (comparing speeds alone says little on a loaded machine, where the free run may be slow too)
    expect(throttled.throttleTimeMaxMs).toBeGreaterThan(0);
    expect(free.throttleTimeMaxMs).toBe(0);
  });

  it('defaults and combinations, and which quota applies to a user + client id (Kafka precedence)', async () => {
    expect((await api('PUT', `${C}/quotas`, { entity: { user, clientId: 'perf' }, set: { request_percentage: 50 } })).status).toBe(200);
    expect((await api('PUT', `${C}/quotas`, { entity: { user: null }, set: { consumer_byte_rate: 2_048_000 } })).status).toBe(200);
    const res = await api<QuotaListResult>('GET', `${C}/quotas?user=${user}&clientId=perf`);
    expect(res.status).toBe(200);
    const applied = Object.fromEntries(res.body.applied!.quotas.map((q) => [q.key, q]));
    expect(applied.producer_byte_rate).toEqual({ key: 'producer_byte_rate', value: QUOTA, from: { user } });
    expect(applied.request_percentage).toEqual({ key: 'request_percentage', value: 50, from: { user, clientId: 'perf' } });
    expect(applied.consumer_byte_rate).toEqual({ key: 'consumer_byte_rate', value: 2_048_000, from: { user: null } });
    expect(applied.controller_mutation_rate).toEqual({ key: 'controller_mutation_rate', value: null, from: null });
    // the broker's view of the default user, through kafka-configs.sh
    expect(await describeUserQuotas(null)).toMatchObject({ consumer_byte_rate: 2_048_000 });
  });
});

describe('quota input and roles', () => {
  const bad = async (body: unknown, field: string) => {
    const res = await api<ErrorBody>('PUT', `${C}/quotas`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.field).toBe(field);
  };
  it('a negative or fractional byte rate, an unknown key, no entity: 400 naming the field', async () => {
    await bad({ entity: { user: 'x' }, set: { producer_byte_rate: -5 } }, 'set.producer_byte_rate');
    await bad({ entity: { user: 'x' }, set: { consumer_byte_rate: 1.5 } }, 'set.consumer_byte_rate');
    await bad({ entity: { user: 'x' }, set: { request_percentage: 0 } }, 'set.request_percentage');
    await bad({ entity: { user: 'x' }, set: { bogus_rate: 1 } }, 'set');
    await bad({ entity: {}, set: { producer_byte_rate: 1 } }, 'entity.user');
  });

  it('viewers read quotas but cannot change them', async () => {
    expect((await api('GET', `${C}/quotas`, undefined, {}, 'viewer')).status).toBe(200);
    expect((await api('PUT', `${C}/quotas`, { entity: { user: 'x' }, set: { producer_byte_rate: 1000 } }, {}, 'viewer')).status).toBe(403);
  });
});
