import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupDetail, GroupList } from '@/lib/contracts/groups';
import { AppError } from '@/lib/server/errors';
import { deleteGroup, getGroup, listGroups, resetOffsets } from '@/lib/server/groups/groups';
import { closeAllClusters } from '@/lib/server/kafka/client';
import { api, waitFor } from '../helpers/api';
import { TestAdmin } from '../helpers/kafka-admin';
import { kafkaToolAsync } from '../helpers/kafka-tools';
import { BOOTSTRAP } from '../helpers/kcat';
import { uniq } from './group-helpers';

/**
 * A KIP-848 group (group.protocol=consumer) run by Kafka's own Java ConsoleConsumer shows its
 * real state, member, assignment and lag, as Kafka's ConsumerGroupCommand describes them; an
 * offsets reset and a delete are refused (409) while it runs. The group is described both by
 * calling lib/server/groups directly and through the HTTP API.
 */
const PARTITIONS = 3;
const PER_PARTITION = [13, 8, 9];
const topic = uniq('k848');
const group = uniq('k848-g');
const CONSUMER_GROUPS = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
let admin: TestAdmin;
let java: ChildProcess | undefined;

const root = path.resolve(__dirname, '../..');
const kafkaVersion = /<kafka\.version>([^<]+)</.exec(fs.readFileSync(path.join(root, 'kafka/pom.xml'), 'utf8'))![1];
const classpath = path.join(root, '.cache', `kafka-${kafkaVersion}`, 'libs', '*');

/** The tool's table (header line, then rows) as records keyed by the header's columns. */
function table(out: string): Record<string, string>[] {
  const lines = out.split('\n').filter((l) => l.trim());
  const header = lines.findIndex((l) => l.startsWith('GROUP'));
  if (header < 0) throw new Error(`no table in:\n${out}`);
  // "COORDINATOR (ID)" is one column with a space in it; values are "host:port  (id)".
  const cols = lines[header]!.replace('COORDINATOR (ID)', 'COORDINATOR').trim().split(/\s+/);
  return lines.slice(header + 1).map((l) => {
    const cells = l.replace(/\s+\((\d+)\)/, '#$1').trim().split(/\s+/);
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

const describeTool = async (what: '--members' | '--state' | '--offsets', verbose = false) =>
  table(await kafkaToolAsync(CONSUMER_GROUPS, ['--bootstrap-server', BOOTSTRAP, '--describe', '--group', group, what, ...(verbose ? ['--verbose'] : [])]));

beforeAll(async () => {
  admin = new TestAdmin('t-k848-setup');
  await admin.createTopics([{ topic, numPartitions: PARTITIONS }]);
  await admin.produce(
    topic,
    PER_PARTITION.flatMap((n, partition) => Array.from({ length: n }, (_, i) => ({ partition, value: `k848-${partition}-${i}` }))),
  );
  java = spawn(
    'java',
    [
      '-Xmx256m',
      '-cp',
      classpath,
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server',
      BOOTSTRAP,
      '--topic',
      topic,
      '--group',
      group,
      '--from-beginning',
      '--consumer-property',
      'group.protocol=consumer',
      '--consumer-property',
      'auto.commit.interval.ms=500',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Consumed and committed: the tool's committed offsets reach the log end on every partition.
  await waitFor(
    async () => {
      const rows = await describeTool('--offsets').catch(() => []);
      return rows.length === PARTITIONS && rows.every((r) => r['CURRENT-OFFSET'] !== '-' && r['CURRENT-OFFSET'] === r['LOG-END-OFFSET'] && r['CONSUMER-ID'] !== '-');
    },
    { timeoutMs: 90_000, intervalMs: 1_000, what: `the ConsoleConsumer in ${group} to commit every partition` },
  );
}, 150_000);

afterAll(async () => {
  if (java && java.exitCode === null) {
    const exited = new Promise((r) => java!.once('exit', r));
    java.kill('SIGTERM'); // its shutdown hook leaves the group
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (java.exitCode === null) java.kill('SIGKILL');
  }
  await waitFor(async () => (await admin.deleteGroups([group]), true), { timeoutMs: 5_000 }).catch(() => {});
  await admin.deleteTopics([topic]);
  await admin.close();
  await closeAllClusters();
}, 60_000);

/** What Kafka's tool says, in the console's terms. */
async function toolView() {
  const [state] = await describeTool('--state');
  const members = await describeTool('--members', true);
  const offsets = await describeTool('--offsets');
  return {
    state: state!['STATE'],
    members: Number(state!['#MEMBERS']),
    assignor: state!['ASSIGNMENT-STRATEGY'],
    memberRows: members.map((m) => ({ memberId: m['CONSUMER-ID'], clientId: m['CLIENT-ID'], host: m['HOST']!.replace(/^\//, ''), partitions: Number(m['#PARTITIONS']) })),
    partitions: offsets
      .map((o) => ({ partition: Number(o['PARTITION']), committed: Number(o['CURRENT-OFFSET']), logEnd: Number(o['LOG-END-OFFSET']), lag: Number(o['LAG']), memberId: o['CONSUMER-ID'] }))
      .sort((a, b) => a.partition - b.partition),
  };
}

function consoleView(d: GroupDetail) {
  return {
    state: d.state,
    members: d.members.length,
    assignor: d.protocol,
    memberRows: d.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.host, partitions: m.assignment.reduce((n, a) => n + a.partitions.length, 0) })),
    partitions: d.partitions.map((p) => ({ partition: p.partition, committed: p.committed, logEnd: p.logEnd, lag: p.lag, memberId: p.memberId })),
  };
}

async function refused(fn: () => Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('a KIP-848 consumer group run by Kafka ConsoleConsumer (lib/server/groups directly)', () => {
  it('shows the state, member, assignment and lag ConsumerGroupCommand shows', async () => {
    const tool = await toolView();
    const detail = await getGroup('local', group);
    expect(detail.type).toBe('consumer');
    expect(tool.state).toBe('Stable');
    expect(consoleView(detail)).toEqual(tool);
    expect(detail.partitions.map((p) => p.committed)).toEqual(PER_PARTITION);
    expect(detail.totalLag).toBe(0);
  });

  it('lists it with its type, state and member count, the type as kafka-groups.sh --list says', async () => {
    const list = await listGroups('local');
    const mine = list.groups.find((g) => g.groupId === group);
    expect(mine).toMatchObject({ type: 'consumer', state: 'Stable', members: 1, totalLag: 0, topics: [topic] });
    // GROUP  TYPE  PROTOCOL: Kafka's own GroupsCommand (kafka-groups.sh) names the type too.
    const groups = await kafkaToolAsync('org.apache.kafka.tools.GroupsCommand', ['--bootstrap-server', BOOTSTRAP, '--list']);
    const row = groups.split('\n').map((l) => l.trim().split(/\s+/)).find((cells) => cells[0] === group);
    expect(row?.[1]?.toLowerCase()).toBe(mine!.type);
  });

  it('refuses an offsets reset and a delete while it runs', async () => {
    expect(await refused(() => resetOffsets('local', group, { topic, strategy: 'earliest', dryRun: false }))).toEqual({ status: 409, code: 'NON_EMPTY_GROUP' });
    expect(await refused(() => deleteGroup('local', group))).toEqual({ status: 409, code: 'NON_EMPTY_GROUP' });
    // Nothing moved.
    expect((await getGroup('local', group)).partitions.map((p) => p.committed)).toEqual(PER_PARTITION);
  });
});

describe('the same group through the HTTP API', () => {
  it('GET shows what ConsumerGroupCommand shows; POST offsets and DELETE answer 409', async () => {
    const res = await api<GroupDetail>('GET', `/api/clusters/local/consumer-groups/${encodeURIComponent(group)}`);
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('consumer');
    expect(consoleView(res.body)).toEqual(await toolView());

    const list = await api<GroupList>('GET', '/api/clusters/local/consumer-groups');
    expect(list.body.groups.find((g) => g.groupId === group)).toMatchObject({ type: 'consumer', state: 'Stable', members: 1 });
    // ?type= keeps only that type's groups; a type Kafka doesn't have is a 400 naming the field.
    const consumers = await api<GroupList>('GET', '/api/clusters/local/consumer-groups?type=consumer');
    expect(consumers.body.groups.map((g) => g.groupId)).toContain(group);
    expect(consumers.body.groups.every((g) => g.type === 'consumer')).toBe(true);
    const classic = await api<GroupList>('GET', '/api/clusters/local/consumer-groups?type=classic');
    expect(classic.status).toBe(200);
    expect(classic.body.groups.map((g) => g.groupId)).not.toContain(group);
    const bogus = await api<{ error: { code: string; field?: string } }>('GET', '/api/clusters/local/consumer-groups?type=queue');
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.field).toBe('type');

    const reset = await api<{ error: { code: string; field?: string } }>('POST', `/api/clusters/local/consumer-groups/${encodeURIComponent(group)}/offsets`, { topic, strategy: 'earliest', dryRun: false });
    expect(reset.status).toBe(409);
    expect(reset.body.error.code).toBe('NON_EMPTY_GROUP');
    const del = await api<{ error: { code: string } }>('DELETE', `/api/clusters/local/consumer-groups/${encodeURIComponent(group)}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('NON_EMPTY_GROUP');
  });
});
