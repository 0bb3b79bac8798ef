import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerDetail, brokerList } from '@/lib/contracts/brokers';
import { purgeResult, topicDetail, topicList } from '@/lib/contracts/topics';
import { api, waitFor } from '../helpers/api';
import type { TestAdmin } from '../helpers/kafka-admin';
import { kcat, kcatMetadata } from '../helpers/kcat';
import { kafkaConfigsDescribe, secondOpinionAdmin, topicOverrides } from './admin';

// Every topic here starts with this run's prefix, and is deleted at the end.
const run = `t3-it-${Date.now().toString(36)}`;
const name = (s: string) => `${run}-${s}`;
const TOPICS = '/api/clusters/local/topics';
const topicPath = (t: string) => `${TOPICS}/${encodeURIComponent(t)}`;

type ErrorBody = { error: { code: string; message: string; field?: string } };

let admin: TestAdmin;
let brokerCount: number;

async function create(t: string, partitions = 3, configs: Record<string, string> = {}) {
  const res = await api('POST', TOPICS, { name: t, partitions, replicationFactor: 1, configs });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function kcatTopic(t: string) {
  return (await kcatMetadata(t)).topics.find((x) => x.topic === t && x.partitions.length > 0);
}

beforeAll(async () => {
  admin = await secondOpinionAdmin();
  brokerCount = (await kcatMetadata()).brokers.length;
});

afterAll(async () => {
  const topics = await admin.listTopics().catch(() => [] as string[]);
  const mine = topics.filter((n) => n.startsWith(run));
  if (mine.length) await admin.deleteTopics(mine).catch(() => {});
  await admin.close();
});

describe('create topic', () => {
  it('creates it as asked; kcat sees the partitions and the broker reports the configs', async () => {
    const t = name('create');
    await create(t, 3, { 'retention.ms': '3600000', 'cleanup.policy': 'compact' });
    const seen = await waitFor(() => kcatTopic(t), { what: `kcat to see ${t}` });
    expect(seen.partitions.map((p) => p.partition).sort()).toEqual([0, 1, 2]);
    for (const p of seen.partitions) expect(p.replicas.length).toBe(1);
    expect(await topicOverrides(admin, t)).toEqual({ 'retention.ms': '3600000', 'cleanup.policy': 'compact' });
  });

  const bad: [string, unknown, string][] = [
    ['an empty name', { name: '', partitions: 1, replicationFactor: 1 }, 'name'],
    ['"."', { name: '.', partitions: 1, replicationFactor: 1 }, 'name'],
    ['".."', { name: '..', partitions: 1, replicationFactor: 1 }, 'name'],
    ['a space in the name', { name: 't3 bad', partitions: 1, replicationFactor: 1 }, 'name'],
    ['a 250-character name', { name: 't'.repeat(250), partitions: 1, replicationFactor: 1 }, 'name'],
    ['0 partitions', { name: name('zero'), partitions: 0, replicationFactor: 1 }, 'partitions'],
    ['negative partitions', { name: name('neg'), partitions: -3, replicationFactor: 1 }, 'partitions'],
    ['fractional partitions', { name: name('frac'), partitions: 1.5, replicationFactor: 1 }, 'partitions'],
    ['partitions as a string', { name: name('str'), partitions: 'three', replicationFactor: 1 }, 'partitions'],
    ['min.insync.replicas above the replication factor', { name: name('minisr'), partitions: 1, replicationFactor: 1, configs: { 'min.insync.replicas': '2' } }, 'configs.min.insync.replicas'],
  ];
  for (const [what, body, field] of bad) {
    it(`refuses ${what} with a 400 naming ${field}, and creates nothing`, async () => {
      const res = await api<ErrorBody>('POST', TOPICS, body);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message.length).toBeGreaterThan(0);
      const n = (body as { name: string }).name;
      if (n.startsWith(run)) expect(await kcatTopic(n)).toBeUndefined();
    });
  }

  it('refuses a replication factor above the live broker count', async () => {
    const res = await api<ErrorBody>('POST', TOPICS, { name: name('rf'), partitions: 1, replicationFactor: brokerCount + 1 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'replicationFactor' });
    expect(res.body.error.message).toContain(`${brokerCount} live broker`);
  });

  it('answers 409 for a topic that already exists', async () => {
    const t = name('dup');
    await create(t, 1);
    const res = await api<ErrorBody>('POST', TOPICS, { name: t, partitions: 1, replicationFactor: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'TOPIC_ALREADY_EXISTS', message: `topic "${t}" already exists`, field: 'name' });
  });

  it("rejects an unknown config key with the broker's own message", async () => {
    const t = name('unknown-key');
    const res = await api<ErrorBody>('POST', TOPICS, { name: t, partitions: 1, replicationFactor: 1, configs: { 'no.such.setting': '1' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'INVALID_CONFIG', message: 'Unknown topic config name: no.such.setting', field: 'configs.no.such.setting' });
    expect(await kcatTopic(t)).toBeUndefined();
  });

  it('rejects a config value the broker refuses, naming the key', async () => {
    const res = await api<ErrorBody>('POST', TOPICS, { name: name('bad-value'), partitions: 1, replicationFactor: 1, configs: { 'retention.ms': 'soon' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CONFIG');
    expect(res.body.error.field).toBe('configs.retention.ms');
    expect(res.body.error.message).toContain('retention.ms');
  });

  it('answers 400 for a body that is not JSON, and 403 on the read-only cluster', async () => {
    expect((await api('POST', TOPICS, '{nope')).status).toBe(422);
    const ro = await api<ErrorBody>('POST', '/api/clusters/local-ro/topics', { name: name('ro'), partitions: 1, replicationFactor: 1 });
    expect(ro.status).toBe(403);
    expect(await kcatTopic(name('ro'))).toBeUndefined();
  });
});

describe('list topics', () => {
  const a = name('list-a');
  const b = name('list-b');
  const c = name('list.c');
  beforeAll(async () => {
    await create(a, 1);
    await create(b, 4);
    await create(c, 2);
    await kcat(['-P', '-t', b, '-p', '2'], 'one\ntwo\nthree\n');
  });

  it('searches, sorts and pages on the server, with counts kcat agrees with', async () => {
    const res = await api('GET', `${TOPICS}?search=${run}-list&sort=partitions&dir=desc&limit=2`);
    expect(res.status).toBe(200);
    const page1 = topicList.parse(res.body);
    expect(page1.total).toBe(3);
    expect(page1.topics.map((t) => t.name)).toEqual([b, c]);
    expect(page1.nextCursor).toBe('2');
    const page2 = topicList.parse((await api('GET', `${TOPICS}?search=${run}-list&sort=partitions&dir=desc&limit=2&cursor=2`)).body);
    expect(page2.topics.map((t) => t.name)).toEqual([a]);
    expect(page2.nextCursor).toBeNull();

    const row = page1.topics[0]!;
    const k = (await kcatTopic(b))!;
    expect(row.partitions).toBe(k.partitions.length);
    expect(row.replicationFactor).toBe(k.partitions[0]!.replicas.length);
    expect(row.underReplicatedPartitions).toBe(k.partitions.filter((p) => p.isrs.length < p.replicas.length).length);
    expect(row.messages).toBe(3);
    expect(row.messagesIsEstimate).toBe(false);
  });

  it('sorts by messages, and by name both ways', async () => {
    const byMsgs = topicList.parse((await api('GET', `${TOPICS}?search=${run}-list&sort=messages&dir=desc`)).body);
    expect(byMsgs.topics[0]!.name).toBe(b);
    const desc = topicList.parse((await api('GET', `${TOPICS}?search=${run}-list&dir=desc`)).body);
    expect(desc.topics.map((t) => t.name)).toEqual([c, b, a]);
  });

  it('hides internal topics unless asked, and never sends a request per topic', async () => {
    const hidden = topicList.parse((await api('GET', `${TOPICS}?search=__consumer_offsets`)).body);
    expect(hidden.total).toBe(0);
    const shown = topicList.parse((await api('GET', `${TOPICS}?search=__consumer_offsets&internal=true`)).body);
    expect(shown.topics.map((t) => t.name)).toEqual(['__consumer_offsets']);
    expect(shown.topics[0]!.internal).toBe(true);
    const all = topicList.parse((await api('GET', `${TOPICS}?internal=true&limit=1000`)).body);
    // 1 Metadata + 2 ListOffsets per leader broker + 1 DescribeConfigs, whatever the topic count,
    // and 1 whole-cluster Metadata when the call waited for the topic index
    const indexRead = ['warm', 'stale'].includes(all.stats.indexRead) ? 0 : 1;
    expect(all.stats.kafkaRequests).toBeLessThanOrEqual(2 + 2 * brokerCount + indexRead);
    expect(all.stats.topicsScanned).toBeGreaterThanOrEqual(3);
  });

  it("finds names that collide in metrics ('.' vs '_')", async () => {
    const res = topicList.parse((await api('GET', `${TOPICS}?collidesWith=${encodeURIComponent(`${run}-list_c`)}&internal=true`)).body);
    expect(res.topics.map((t) => t.name)).toEqual([c]);
  });

  it('refuses bad list parameters with a 400', async () => {
    for (const qs of ['limit=0', 'limit=100000', 'sort=size', 'cursor=-1', 'dir=up']) {
      const res = await api<ErrorBody>('GET', `${TOPICS}?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(res.body.error.field).toBeTruthy();
    }
  });
});

describe('one topic', () => {
  it('reports partitions, replicas and offsets as kcat sees them', async () => {
    const t = name('detail');
    await create(t, 2);
    await kcat(['-P', '-t', t, '-p', '1'], 'a\nb\n');
    const d = topicDetail.parse((await api('GET', topicPath(t))).body);
    const k = (await kcatTopic(t))!;
    for (const p of k.partitions) {
      const mine = d.partitions.find((x) => x.partition === p.partition)!;
      expect(mine.leader).toBe(p.leader);
      expect(mine.replicas.sort()).toEqual(p.replicas.map((r) => r.id).sort());
      expect(mine.isr.sort()).toEqual(p.isrs.map((r) => r.id).sort());
    }
    const p1 = d.partitions.find((p) => p.partition === 1)!;
    const kcatOffsets = (await kcat(['-C', '-t', t, '-p', '1', '-o', 'beginning', '-e', '-f', '%o\n'])).trim().split('\n');
    expect(p1.earliest).toBe(kcatOffsets[0]);
    expect(p1.latest).toBe(String(Number(kcatOffsets.at(-1)) + 1));
    expect(d.messages).toBe(2);
  });

  it('answers 404 for a topic that does not exist and 400 for an illegal name', async () => {
    const gone = await api<ErrorBody>('GET', topicPath(name('never')));
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'topic' });
    const bad = await api<ErrorBody>('GET', `${TOPICS}/bad%20name`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('topic');
  });
});

describe('edit configs', () => {
  it('changes only the key asked for: untouched overrides survive', async () => {
    const t = name('configs');
    await create(t, 1, { 'retention.ms': '7200000', 'cleanup.policy': 'compact', 'max.message.bytes': '2048' });
    const res = await api('PATCH', `${topicPath(t)}/configs`, { set: { 'segment.ms': '600000' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await topicOverrides(admin, t)).toEqual({ 'retention.ms': '7200000', 'cleanup.policy': 'compact', 'max.message.bytes': '2048', 'segment.ms': '600000' });

    const changed = await api('PATCH', `${topicPath(t)}/configs`, { set: { 'retention.ms': '60000' } });
    expect(changed.status).toBe(200);
    expect(await topicOverrides(admin, t)).toEqual({ 'retention.ms': '60000', 'cleanup.policy': 'compact', 'max.message.bytes': '2048', 'segment.ms': '600000' });
    expect(await kafkaConfigsDescribe(t)).toEqual({ 'retention.ms': '60000', 'cleanup.policy': 'compact', 'max.message.bytes': '2048', 'segment.ms': '600000' });
  });

  it('resets a key to the default and keeps the rest', async () => {
    const t = name('reset');
    await create(t, 1, { 'retention.ms': '7200000', 'cleanup.policy': 'compact' });
    const res = await api<{ configs: { name: string; source: string }[] }>('PATCH', `${topicPath(t)}/configs`, { delete: ['retention.ms'] });
    expect(res.status).toBe(200);
    expect(res.body.configs.find((c) => c.name === 'retention.ms')!.source).not.toBe('topic');
    expect(await topicOverrides(admin, t)).toEqual({ 'cleanup.policy': 'compact' });
    expect(await kafkaConfigsDescribe(t)).toEqual({ 'cleanup.policy': 'compact' });
  });

  it('keeps both of two concurrent edits of different keys (IncrementalAlterConfigs is atomic per key)', async () => {
    const t = name('concurrent');
    await create(t, 1, { 'cleanup.policy': 'compact' });
    // A read-merge-write would lose one of each pair most rounds: each writer writes back the
    // overrides it read, without the other's key.
    for (let round = 1; round <= 4; round++) {
      const [a, b, c] = await Promise.all([
        api('PATCH', `${topicPath(t)}/configs`, { set: { 'retention.ms': String(60_000 * round) } }),
        api('PATCH', `${topicPath(t)}/configs`, { set: { 'segment.ms': String(600_000 + round) } }),
        api('PATCH', `${topicPath(t)}/configs`, { set: { 'max.message.bytes': String(2048 + round) } }),
      ]);
      for (const r of [a, b, c]) expect(r!.status, JSON.stringify(r!.body)).toBe(200);
      const want = { 'cleanup.policy': 'compact', 'retention.ms': String(60_000 * round), 'segment.ms': String(600_000 + round), 'max.message.bytes': String(2048 + round) };
      expect(await topicOverrides(admin, t)).toEqual(want);
    }
    // a reset racing a set of another key: both land
    const [reset, set] = await Promise.all([
      api('PATCH', `${topicPath(t)}/configs`, { delete: ['retention.ms'] }),
      api('PATCH', `${topicPath(t)}/configs`, { set: { 'min.compaction.lag.ms': '5000' } }),
    ]);
    expect(reset.status).toBe(200);
    expect(set.status).toBe(200);
    expect(await kafkaConfigsDescribe(t)).toEqual({ 'cleanup.policy': 'compact', 'segment.ms': '600004', 'max.message.bytes': '2052', 'min.compaction.lag.ms': '5000' });
  });

  it('rejects a value the broker refuses and changes nothing', async () => {
    const t = name('reject');
    await create(t, 1, { 'retention.ms': '7200000' });
    const res = await api<ErrorBody>('PATCH', `${topicPath(t)}/configs`, { set: { 'cleanup.policy': 'sometimes' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CONFIG');
    expect(res.body.error.field).toBe('set.cleanup.policy');
    // the broker's own words, naming the value and the key
    expect(res.body.error.message).toMatch(/sometimes/);
    expect(res.body.error.message).toMatch(/cleanup\.policy/);
    const number = await api<ErrorBody>('PATCH', `${topicPath(t)}/configs`, { set: { 'retention.ms': 'soon', 'segment.ms': '600000' } });
    expect(number.status).toBe(400);
    expect(number.body.error).toMatchObject({ code: 'INVALID_CONFIG', field: 'set.retention.ms' });
    expect(number.body.error.message).toMatch(/soon/);
    const unknown = await api<ErrorBody>('PATCH', `${topicPath(t)}/configs`, { set: { 'no.such.setting': 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('Unknown topic config name: no.such.setting');
    expect(unknown.body.error.field).toBe('set.no.such.setting');
    // nothing of a refused request is applied, not even its valid keys
    expect(await topicOverrides(admin, t)).toEqual({ 'retention.ms': '7200000' });
    expect(await kafkaConfigsDescribe(t)).toEqual({ 'retention.ms': '7200000' });
    const empty = await api<ErrorBody>('PATCH', `${topicPath(t)}/configs`, {});
    expect(empty.status).toBe(400);
  });

  it('answers 404 for a topic that vanished', async () => {
    const res = await api<ErrorBody>('PATCH', `${topicPath(name('vanished'))}/configs`, { set: { 'retention.ms': '1000' } });
    expect(res.status).toBe(404);
    expect(res.body.error.field).toBe('topic');
  });
});

describe('add partitions', () => {
  it('extends the topic; kcat sees the new partitions', async () => {
    const t = name('grow');
    await create(t, 2);
    const res = await api('POST', `${topicPath(t)}/partitions`, { count: 5 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await waitFor(async () => (await kcatTopic(t))?.partitions.length === 5, { what: 'kcat to see 5 partitions' });
  });

  it('refuses a count that does not grow it, a bad count, and a vanished topic', async () => {
    const t = name('nogrow');
    await create(t, 3);
    for (const count of [3, 2, 0, -1]) {
      const res = await api<ErrorBody>('POST', `${topicPath(t)}/partitions`, { count });
      expect(res.status, String(count)).toBe(400);
      expect(res.body.error.field).toBe('count');
    }
    expect((await kcatTopic(t))!.partitions.length).toBe(3);
    expect((await api('POST', `${topicPath(name('gone'))}/partitions`, { count: 4 })).status).toBe(404);
  });
});

describe('purge records', () => {
  it('deletes records before an offset on one partition, then everything', async () => {
    const t = name('purge');
    await create(t, 2);
    await kcat(['-P', '-t', t, '-p', '0'], Array.from({ length: 10 }, (_, i) => `m${i}`).join('\n') + '\n');
    await kcat(['-P', '-t', t, '-p', '1'], 'x\ny\n');

    const res = await api('POST', `${topicPath(t)}/purge`, { mode: 'offset', partition: 0, offset: 4 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(purgeResult.parse(res.body).partitions).toEqual([{ partition: 0, lowWatermark: '4' }]);
    const left = (await kcat(['-C', '-t', t, '-p', '0', '-o', 'beginning', '-e', '-f', '%o %s\n'])).trim().split('\n');
    expect(left[0]).toBe('4 m4');
    expect(left).toHaveLength(6);

    const all = await api('POST', `${topicPath(t)}/purge`, { mode: 'all' });
    expect(all.status).toBe(200);
    expect((await kcat(['-C', '-t', t, '-o', 'beginning', '-e', '-f', '%o\n'])).trim()).toBe('');
    const d = topicDetail.parse((await api('GET', topicPath(t))).body);
    expect(d.messages).toBe(0);
  });

  it('refuses an offset past the end, a missing partition, and a negative offset', async () => {
    const t = name('purge-bad');
    await create(t, 1);
    const past = await api<ErrorBody>('POST', `${topicPath(t)}/purge`, { mode: 'offset', partition: 0, offset: 99 });
    expect(past.status).toBe(400);
    expect(past.body.error.field).toBe('offset');
    const nopart = await api<ErrorBody>('POST', `${topicPath(t)}/purge`, { mode: 'offset', partition: 7, offset: 0 });
    expect(nopart.status).toBe(400);
    expect(nopart.body.error.field).toBe('partition');
    const neg = await api<ErrorBody>('POST', `${topicPath(t)}/purge`, { mode: 'offset', partition: 0, offset: -5 });
    expect(neg.status).toBe(400);
    expect(neg.body.error.field).toBe('offset');
  });
});

describe('delete topic', () => {
  it('deletes it (kcat no longer sees it); a second delete is a 404', async () => {
    const t = name('delete');
    await create(t, 1);
    const res = await api('DELETE', topicPath(t));
    expect(res.status).toBe(200);
    await waitFor(async () => (await kcatTopic(t)) === undefined, { what: `${t} to disappear` });
    const again = await api<ErrorBody>('DELETE', topicPath(t));
    expect(again.status).toBe(404);
    expect(again.body.error.field).toBe('topic');
  });

  it('refuses to delete an internal topic', async () => {
    const res = await api<ErrorBody>('DELETE', topicPath('__consumer_offsets'));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'INTERNAL_TOPIC', field: 'topic' });
    expect(await kcatTopic('__consumer_offsets')).toBeDefined();
  });
});

describe('brokers', () => {
  it('lists the brokers kcat sees, with what they lead', async () => {
    const res = await api('GET', '/api/clusters/local/brokers');
    expect(res.status).toBe(200);
    const list = brokerList.parse(res.body);
    const k = await kcatMetadata();
    expect(list.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`)).toEqual(k.brokers.map((b) => `${b.id}@${b.name}`).sort());
    const led = new Map<number, number>();
    for (const t of k.topics) for (const p of t.partitions) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
    // Other suites create topics meanwhile; every broker leads something on this cluster.
    for (const b of list.brokers) expect(b.partitionsLed).toBeGreaterThan(0);
  });

  it("shows one broker's configs with their source, and never a sensitive value", async () => {
    const id = (await kcatMetadata()).brokers[0]!.id;
    const d = brokerDetail.parse((await api('GET', `/api/clusters/local/brokers/${id}`)).body);
    const sources = new Set(d.configs.map((c) => c.source));
    expect(sources.has('default')).toBe(true);
    expect(sources.has('static-broker')).toBe(true);
    expect(d.configs.find((c) => c.name === 'broker.id')?.value).toBe(String(id));
    const sensitive = d.configs.filter((c) => c.sensitive);
    expect(sensitive.length).toBeGreaterThan(0);
    for (const c of sensitive) expect(c.value).toBeNull();
  });

  it('answers 404 for an unknown broker and 400 for a bad id', async () => {
    expect((await api('GET', '/api/clusters/local/brokers/987')).status).toBe(404);
    expect((await api<ErrorBody>('GET', '/api/clusters/local/brokers/abc')).body.error.field).toBe('broker');
  });
});
