import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupDetail, GroupList, ResetOffsetsResult } from '@/lib/contracts/groups';
import { AppError } from '@/lib/server/errors';
import { deleteGroupOffsets, getGroup, listGroups, resetOffsets } from '@/lib/server/groups/groups';
import { closeAllClusters } from '@/lib/server/kafka/client';
import { api, waitFor } from '../helpers/api';
import { TestAdmin } from '../helpers/kafka-admin';
import { kafkaToolAsync } from '../helpers/kafka-tools';
import { BOOTSTRAP } from '../helpers/kcat';
import { uniq } from './group-helpers';

/**
 * A share group (KIP-932) run by Kafka's own ConsoleShareConsumer: the console shows the state,
 * members and per share-partition start offset and lag that Kafka's ShareGroupCommand
 * (kafka-share-groups.sh) reports; a start-offset reset, an offsets delete and a group delete
 * are refused while it runs and land once it has stopped, as the tool then reads them back.
 */
const PER_PARTITION = [13, 8, 0]; // partition 2 stays empty: its share-partition never initializes
const TOTAL = PER_PARTITION.reduce((a, b) => a + b, 0);
const topic = uniq('share');
const other = uniq('share-other');
const group = uniq('share-g');
const SHARE_GROUPS = 'org.apache.kafka.tools.consumer.group.ShareGroupCommand';
let admin: TestAdmin;
let java: ChildProcess | undefined;

const root = path.resolve(__dirname, '../..');
const kafkaVersion = /<kafka\.version>([^<]+)</.exec(fs.readFileSync(path.join(root, 'kafka/pom.xml'), 'utf8'))![1];
const classpath = path.join(root, '.cache', `kafka-${kafkaVersion}`, 'libs', '*');
const enc = encodeURIComponent;

/** The tool's table (header line, then rows) as records keyed by the header's columns. */
function table(out: string): Record<string, string>[] {
  const lines = out.split('\n').filter((l) => l.trim());
  const header = lines.findIndex((l) => l.startsWith('GROUP'));
  // "Share group 'g' has no active members." (or no offsets) instead of an empty table.
  // (That line goes to stderr for --members: an empty answer is an empty table there too.)
  if (header < 0 && (out.trim() === '' || /^Share group '.*' has no /m.test(out))) return [];
  if (header < 0) throw new Error(`no table in:\n${out}`);
  const cols = lines[header]!.replace('COORDINATOR (ID)', 'COORDINATOR').trim().split(/\s+/);
  return lines
    .slice(header + 1)
    .filter((l) => l.startsWith(group))
    .map((l) => {
      const cells = l.replace(/\s+\((\d+)\)/, '#$1').trim().split(/\s+/);
      return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
    });
}

/** ShareGroupCommand with JVM flags for a short-lived tool: on a busy 2-core machine start-up is most of its cost. */
function shareTool(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'java',
      ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-cp', classpath, SHARE_GROUPS, '--bootstrap-server', BOOTSTRAP, ...args],
      { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`ShareGroupCommand ${args.join(' ')} failed: ${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}
const tool = async (...args: string[]) => table(await shareTool(['--group', group, ...args]));
const num = (s: string | undefined) => (s === undefined || s === '-' ? null : Number(s));

/** What ShareGroupCommand says, in the console's terms. */
async function toolView() {
  const [[state], members, offsets] = await Promise.all([tool('--describe', '--state', '--verbose'), tool('--describe', '--members', '--verbose'), tool('--describe', '--offsets', '--verbose')]);
  return {
    state: state!['STATE'],
    members: Number(state!['#MEMBERS']),
    memberRows: members.map((m) => ({
      memberId: m['CONSUMER-ID'],
      clientId: m['CLIENT-ID'],
      host: m['HOST']!.replace(/^\//, ''),
      // "topic:0,1,2" (one topic here)
      assignment: m['ASSIGNMENT'] ? m['ASSIGNMENT'].split(';').map((a) => ({ topic: a.slice(0, a.lastIndexOf(':')), partitions: a.slice(a.lastIndexOf(':') + 1).split(',').map(Number) })) : [],
    })),
    partitions: offsets
      .filter((o) => o['TOPIC'] === topic)
      .map((o) => ({ partition: Number(o['PARTITION']), startOffset: num(o['START-OFFSET']), lag: num(o['LAG']) }))
      .sort((a, b) => a.partition - b.partition),
  };
}

function consoleView(d: GroupDetail) {
  return {
    state: d.state,
    members: d.members.length,
    memberRows: d.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.host, assignment: m.assignment })),
    partitions: d.partitions.filter((p) => p.topic === topic).map((p) => ({ partition: p.partition, startOffset: p.committed, lag: p.lag })),
  };
}

/** The console and the tool read at the same moment agree (asked again while a share-partition's state is still moving). */
async function expectConsoleEqualsTool(read: () => Promise<GroupDetail>) {
  let last: unknown;
  await waitFor(
    async () => {
      const [theirs, mine] = await Promise.all([toolView(), read().then(consoleView)]);
      last = { theirs, mine };
      return JSON.stringify(mine) === JSON.stringify(theirs);
    },
    { timeoutMs: 150_000, intervalMs: 500, what: 'the console and ShareGroupCommand to agree' },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${JSON.stringify(last, null, 1)}`);
  });
}

async function refused(fn: () => Promise<unknown>): Promise<{ status: number; code: string; field?: string }> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code, ...(err.field ? { field: err.field } : {}) };
    throw err;
  }
  throw new Error('expected a refusal');
}

function startShareConsumer(): ChildProcess {
  const child = spawn('java', ['-Xmx256m', '-cp', classpath, 'org.apache.kafka.tools.consumer.ConsoleShareConsumer', '--bootstrap-server', BOOTSTRAP, '--topic', topic, '--group', group], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return child;
}

async function stopShareConsumer() {
  if (!java || java.exitCode !== null) return;
  const exited = new Promise((r) => java!.once('exit', r));
  java.kill('SIGTERM'); // its shutdown hook leaves the group
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (java.exitCode === null) java.kill('SIGKILL');
}

beforeAll(async () => {
  admin = new TestAdmin('t-share-setup');
  await admin.createTopics([
    { topic, numPartitions: 3 },
    { topic: other, numPartitions: 1 },
  ]);
  await admin.produce(
    topic,
    PER_PARTITION.flatMap((n, partition) => Array.from({ length: n }, (_, i) => ({ partition, value: `share-${partition}-${i}` }))),
  );
  // A new share group starts at the log end by default; this one reads from the beginning.
  await kafkaToolAsync('org.apache.kafka.tools.ConfigCommand', ['--bootstrap-server', BOOTSTRAP, '--alter', '--entity-type', 'groups', '--entity-name', group, '--add-config', 'share.auto.offset.reset=earliest']);
  java = startShareConsumer();
  // Every record delivered and acknowledged: on both non-empty partitions the tool shows a start offset and lag 0.
  await waitFor(
    async () => {
      const v = await toolView().catch(() => null);
      return v?.state === 'Stable' && v.partitions.filter((p) => p.lag === 0 && p.startOffset !== null).length === 2;
    },
    { timeoutMs: 120_000, intervalMs: 1_000, what: `the ConsoleShareConsumer in ${group} to read and acknowledge all ${TOTAL} records` },
  );
}, 300_000);

afterAll(async () => {
  await stopShareConsumer();
  await admin.deleteGroups([group]).catch(() => {});
  await admin.deleteTopics([topic, other]);
  await admin.close();
  await closeAllClusters();
}, 60_000);

// Each check runs Kafka's JVM tools several times: seconds each on a busy machine.
describe('a share group run by Kafka ConsoleShareConsumer', { timeout: 300_000 }, () => {
  it('shows the state, members, start offsets and lag that ShareGroupCommand shows', async () => {
    await expectConsoleEqualsTool(() => getGroup('local', group));
    const d = await getGroup('local', group);
    expect(d.type).toBe('share');
    expect(d.state).toBe('Stable');
    expect(d.members).toHaveLength(1);
    expect(d.members[0]!.clientId).toBe('console-share-consumer');
    // The empty partition's share-partition is not initialized: no start offset, no lag (the tool prints "-").
    expect(d.partitions.find((p) => p.partition === 2)).toMatchObject({ committed: null, lag: null, logEnd: 0 });
    expect(d.partitions.filter((p) => p.partition < 2).map((p) => [p.logEnd, p.lag])).toEqual([
      [13, 0],
      [8, 0],
    ]);
  });

  it('is listed as a share group, as kafka-groups.sh --list says, and ?type=share keeps it', async () => {
    const list = await listGroups('local', { type: 'share' });
    const mine = list.groups.find((g) => g.groupId === group);
    expect(mine).toMatchObject({ type: 'share', state: 'Stable', members: 1, topics: [topic], totalLag: 0 });
    expect(list.groups.every((g) => g.type === 'share')).toBe(true);
    const out = await kafkaToolAsync('org.apache.kafka.tools.GroupsCommand', ['--bootstrap-server', BOOTSTRAP, '--list']);
    const row = out.split('\n').map((l) => l.trim().split(/\s+/)).find((cells) => cells[0] === group);
    expect(row?.[1]?.toLowerCase()).toBe('share');
    expect((await listGroups('local', { type: 'consumer' })).groups.map((g) => g.groupId)).not.toContain(group);
  });

  it('through the HTTP API: the detail equals the tool; a reset, an offsets delete and a delete are 409 while it runs; a preview is allowed', async () => {
    await expectConsoleEqualsTool(async () => {
      const res = await api<GroupDetail>('GET', `/api/clusters/local/consumer-groups/${enc(group)}`);
      expect(res.status).toBe(200);
      return res.body;
    });
    const before = await toolView();
    const reset = await api<{ error: { code: string; field?: string } }>('POST', `/api/clusters/local/consumer-groups/${enc(group)}/offsets`, { topic, strategy: 'earliest', dryRun: false });
    expect(reset.status).toBe(409);
    expect(reset.body.error).toMatchObject({ code: 'NON_EMPTY_GROUP', field: 'group' });
    const preview = await api<ResetOffsetsResult>('POST', `/api/clusters/local/consumer-groups/${enc(group)}/offsets`, { topic, strategy: 'earliest', dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ applied: false, dryRun: true });
    expect(preview.body.partitions.map((p) => [p.partition, p.target, p.lagAfter])).toEqual([
      [0, 0, 13],
      [1, 0, 8],
      [2, 0, 0],
    ]);
    const delOffsets = await api<{ error: { code: string } }>('DELETE', `/api/clusters/local/consumer-groups/${enc(group)}/offsets?topic=${enc(topic)}`);
    expect(delOffsets.status).toBe(409);
    expect(delOffsets.body.error.code).toBe('NON_EMPTY_GROUP');
    const del = await api<{ error: { code: string } }>('DELETE', `/api/clusters/local/consumer-groups/${enc(group)}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('NON_EMPTY_GROUP');
    // The same refusals straight from the service layer.
    expect(await refused(() => resetOffsets('local', group, { topic, strategy: 'offset', offset: 1, dryRun: false }))).toMatchObject({ status: 409, code: 'NON_EMPTY_GROUP' });
    expect(await refused(() => deleteGroupOffsets('local', group, topic))).toMatchObject({ status: 409, code: 'NON_EMPTY_GROUP' });
    // Nothing moved.
    expect(await toolView()).toEqual(before);
  });

  it('answers bad targets with a 4xx naming the field, and changes nothing', async () => {
    const before = await toolView();
    const post = (body: unknown) => api<{ error: { code: string; field?: string } }>('POST', `/api/clusters/local/consumer-groups/${enc(group)}/offsets`, body);
    const cases: [unknown, number, string][] = [
      [{ topic, strategy: 'shift', shift: -2, dryRun: true }, 400, 'strategy'],
      [{ topic, strategy: 'offset', offset: 14, partitions: [0], dryRun: true }, 400, 'offset'],
      [{ topic, strategy: 'offset', offset: -1, dryRun: true }, 400, 'offset'],
      [{ topic, strategy: 'earliest', partitions: [7], dryRun: true }, 400, 'partitions'],
      [{ topic: 'no-such-topic-share', strategy: 'earliest', dryRun: true }, 404, 'topic'],
      [{ topic, strategy: 'timestamp', timestamp: Date.now() + 86_400_000, dryRun: true }, 400, 'timestamp'],
      [{ topic, strategy: 'sideways', dryRun: true }, 400, 'strategy'],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(body);
      expect({ body, status: res.status, field: res.body.error?.field }).toEqual({ body, status, field });
    }
    const missing = await api<{ error: { field?: string } }>('DELETE', `/api/clusters/local/consumer-groups/${enc(group)}/offsets`);
    expect([missing.status, missing.body.error.field]).toEqual([400, 'topic']);
    const noState = await api<{ error: { field?: string } }>('DELETE', `/api/clusters/local/consumer-groups/${enc(group)}/offsets?topic=${enc(other)}`);
    expect([noState.status, noState.body.error.field]).toEqual([404, 'topic']);
    const nobody = await api<{ error: { field?: string } }>('GET', `/api/clusters/local/consumer-groups/${enc(uniq('no-share'))}`);
    expect([nobody.status, nobody.body.error.field]).toEqual([404, 'group']);
    // A viewer may look but not reset.
    const viewer = await api('POST', `/api/clusters/local/consumer-groups/${enc(group)}/offsets`, { topic, strategy: 'earliest', dryRun: false }, {}, 'viewer');
    expect(viewer.status).toBe(403);
    expect(await toolView()).toEqual(before);
  });

  it('once the consumer has stopped: a reset lands as ShareGroupCommand reads it back, then the offsets delete and the group delete', async () => {
    await stopShareConsumer();
    // Refused until the coordinator has the member out, accepted from then on: never applied to a group with members.
    let accepted: ResetOffsetsResult | undefined;
    await waitFor(
      async () => {
        const res = await api<ResetOffsetsResult & { error?: { code: string } }>('POST', `/api/clusters/local/consumer-groups/${enc(group)}/offsets`, { topic, strategy: 'earliest', dryRun: false });
        if (res.status === 409) {
          expect(res.body.error?.code).toBe('NON_EMPTY_GROUP');
          return false;
        }
        expect(res.status).toBe(200);
        accepted = res.body;
        return true;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'the reset to be accepted once the share consumer left' },
    );
    expect(accepted!.applied).toBe(true);
    const afterReset = await toolView();
    expect(afterReset.state).toBe('Empty');
    expect(afterReset.members).toBe(0);
    // The tool now reads start offset 0 on every partition and the whole log as lag.
    expect(afterReset.partitions).toEqual([
      { partition: 0, startOffset: 0, lag: 13 },
      { partition: 1, startOffset: 0, lag: 8 },
      { partition: 2, startOffset: 0, lag: 0 },
    ]);
    await expectConsoleEqualsTool(() => getGroup('local', group));

    // One partition to an exact offset, and the rest by timestamp (now: the log end).
    const exact = await resetOffsets('local', group, { topic, strategy: 'offset', offset: 5, partitions: [1], dryRun: false });
    expect(exact.partitions).toEqual([{ partition: 1, current: 0, target: 5, logEnd: 8, lagBefore: 8, lagAfter: 3 }]);
    await resetOffsets('local', group, { topic, strategy: 'timestamp', timestamp: Date.now(), partitions: [0], dryRun: false });
    expect((await toolView()).partitions).toEqual([
      { partition: 0, startOffset: 13, lag: 0 },
      { partition: 1, startOffset: 5, lag: 3 },
      { partition: 2, startOffset: 0, lag: 0 },
    ]);
    await expectConsoleEqualsTool(() => getGroup('local', group));

    // Offsets delete for the topic: the tool shows no state for it any more.
    const delOffsets = await api<{ deleted: boolean }>('DELETE', `/api/clusters/local/consumer-groups/${enc(group)}/offsets?topic=${enc(topic)}`);
    expect(delOffsets.status).toBe(200);
    await waitFor(async () => (await toolView()).partitions.every((p) => p.startOffset === null), { timeoutMs: 60_000, what: 'the share-group state of the topic to be gone' });
    expect((await getGroup('local', group)).partitions.every((p) => p.committed === null)).toBe(true);

    // The empty group is deleted: kafka-groups.sh no longer lists it.
    const del = await api<{ deleted: string }>('DELETE', `/api/clusters/local/consumer-groups/${enc(group)}`);
    expect(del.status).toBe(200);
    const list = await kafkaToolAsync('org.apache.kafka.tools.GroupsCommand', ['--bootstrap-server', BOOTSTRAP, '--list']);
    expect(list.split('\n').map((l) => l.trim().split(/\s+/)[0])).not.toContain(group);
    expect((await api<GroupList>('GET', '/api/clusters/local/consumer-groups?type=share')).body.groups.map((g) => g.groupId)).not.toContain(group);
  });
});
