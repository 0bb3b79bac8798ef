import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterOverview } from '@/lib/contracts/cluster';
import type { TopicDetail } from '@/lib/contracts/topics';
import { api, waitFor } from '../helpers/api';
import { BROKERS, NODES } from './cluster';
import { C, createAcl, createUser, newPassword, unique } from './helpers';
import { brokerApiVersionsAs, consumeAs } from './tools';

/**
 * The secured cluster on three nodes (SECURITY_NODES=3, `npm run test:security-3`; the suite's
 * other files run on it too). What only three nodes can show: followers replicate over the SASL
 * inter-broker listener, and a SCRAM user or an ACL made through the console (which asks node 1)
 * reaches every broker through the metadata log, so a client is authenticated and authorized by
 * brokers the console never spoke to. Kafka's own tools are the oracle.
 */
const prefix = unique('sec-3n');
const topic = `${prefix}.events`;
const group = unique('sec-3n-group');
const user = unique('dora');
const password = newPassword();

beforeAll(() => {
  // vitest.config.ts runs this file only with SECURITY_NODES=3; alone, say why it can't run
  if (NODES !== 3) throw new Error('three-node.test.ts needs SECURITY_NODES=3 (npm run test:security-3)');
});

afterAll(async () => {
  await api('DELETE', `${C}/acls`, { filter: { principal: `User:${user}` } });
  await api('DELETE', `${C}/users/${user}`);
  await api('DELETE', `${C}/topics/${topic}`);
});

describe('the secured cluster on three nodes', () => {
  it('the console sees three brokers and a three-voter controller quorum', async () => {
    const res = await api<ClusterOverview>('GET', C);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.brokers.map((b) => `${b.host}:${b.port}`).sort()).toEqual([...BROKERS].sort());
    expect(res.body.quorum.voters.map((v) => v.nodeId).sort()).toEqual([1, 2, 3]);
  });

  it('a topic replicated three times keeps every follower in sync over the SASL inter-broker listener, its leaders on every broker', async () => {
    const created = await api('POST', `${C}/topics`, { name: topic, partitions: 3, replicationFactor: 3, configs: {} });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // one record per partition, written with acks=all: min.insync.replicas is 2 on three nodes, so a
    // write succeeds only once a follower has fetched it from the leader, as the super user, over SASL
    for (const partition of [0, 1, 2]) {
      await waitFor(async () => (await api('POST', `${C}/topics/${topic}/messages`, { key: null, value: `p${partition}`, partition })).status === 201, { what: `produce to partition ${partition}` });
    }
    const detail = await waitFor(
      async () => {
        const d = (await api<TopicDetail>('GET', `${C}/topics/${topic}`)).body;
        return d.partitions.every((p) => p.isr.length === 3 && p.latest === '1') && d;
      },
      { what: 'three in-sync replicas and one record in each partition', timeoutMs: 60_000 },
    );
    expect(new Set(detail.partitions.map((p) => p.leader))).toEqual(new Set([1, 2, 3]));
  });

  it('a SCRAM user created through the console authenticates at every broker', async () => {
    await createUser(user, password);
    // BrokerApiVersionsCommand asks each broker of the metadata for its API versions, as the user
    const res = await waitFor(
      async () => {
        const r = await brokerApiVersionsAs(user, password);
        return r.code === 0 && BROKERS.every((b) => r.stdout.includes(`${b} (id: `)) && r;
      },
      { what: `${user} to authenticate at ${BROKERS.join(', ')}`, timeoutMs: 120_000, intervalMs: 1_000 },
    );
    for (const [i, b] of BROKERS.entries()) expect(res.stdout).toMatch(new RegExp(`${b.replace(/\./g, '\\.')} \\(id: ${i + 1} [^\\n]*-> \\(\\n\\s+Produce\\(0\\)`));
  });

  it('an ACL created through the console is enforced by every broker: refused before, served from all three leaders after', async () => {
    const before = await consumeAs(user, password, topic, group, 3, 30_000);
    expect(before.stdout.trim()).toBe('');
    expect(`${before.stdout}${before.stderr}`).toMatch(/not authorized|AuthorizationException/i);

    await createAcl({ principal: `User:${user}`, resourceType: 'TOPIC', resourceName: prefix, patternType: 'PREFIXED', operation: 'READ', permission: 'ALLOW', host: '*' });
    await createAcl({ principal: `User:${user}`, resourceType: 'GROUP', resourceName: group, patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW', host: '*' });
    // each partition's record comes from its own leader: brokers 1, 2 and 3 each authorized the fetch
    const after = await consumeAs(user, password, topic, group, 3, 60_000);
    expect(after.stdout.trim().split('\n').sort(), after.stderr).toEqual(['p0', 'p1', 'p2']);
  });

  it('a deleted user is refused by every broker', async () => {
    expect((await api('DELETE', `${C}/users/${user}`)).status).toBe(200);
    const res = await waitFor(
      async () => {
        const r = await brokerApiVersionsAs(user, password);
        return r.code !== 0 && r;
      },
      { what: `${user} to be refused`, timeoutMs: 120_000, intervalMs: 1_000 },
    );
    expect(`${res.stdout}${res.stderr}`).toMatch(/Authentication failed|SaslAuthenticationException/);
  });
});
