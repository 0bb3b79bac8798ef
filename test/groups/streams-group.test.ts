import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupDetail, StreamsSubtopology } from '@/lib/contracts/groups';
import { getGroup, listGroups } from '@/lib/server/groups/groups';
import { closeAllClusters } from '@/lib/server/kafka/client';
import { api, waitFor } from '../helpers/api';
import { TestAdmin } from '../helpers/kafka-admin';
import { kafkaToolAsync } from '../helpers/kafka-tools';
import { BOOTSTRAP } from '../helpers/kcat';
import { uniq } from './group-helpers';

/**
 * A real Kafka Streams application (kafka/streams-app/WordCount.java on kafka-streams 4.4.0)
 * on the streams rebalance protocol (KIP-1071): the console's group, members, tasks, offsets and
 * topology equal what Kafka's StreamsGroupCommand (kafka-streams-groups.sh) reports and what
 * the application's own Topology#describe() prints. The same application on the classic
 * protocol is recognised as a Kafka Streams app by its internal topics.
 */
const root = path.resolve(__dirname, '../..');
const pom = fs.readFileSync(path.join(root, 'kafka/streams-app/pom.xml'), 'utf8');
const version = /<kafka\.version>([^<]+)</.exec(pom)![1];
const streamsLibs = path.join(root, '.cache', `kafka-streams-${version}`, 'libs');
const app = path.join(root, 'kafka/streams-app/WordCount.java');
const STREAMS_GROUPS = 'org.apache.kafka.tools.streams.StreamsGroupCommand';

const input = uniq('wc-in');
const output = uniq('wc-out');
const appId = uniq('wc-app');
const classicId = uniq('wc-classic');
const LINES = ['the quick brown fox', 'jumps over the lazy dog', 'the dog barks', 'a fox runs', 'over and over'];
let admin: TestAdmin;
const apps: ChildProcess[] = [];
let describeText = '';

function startApp(id: string, protocol: 'streams' | 'classic'): ChildProcess {
  const child = spawn(
    'java',
    ['-Xmx384m', '-cp', `${streamsLibs}/*`, app, `bootstrap.servers=${BOOTSTRAP}`, `application.id=${id}`, `input=${input}`, `output=${output}`, `group.protocol=${protocol}`, `state.dir=/tmp/riffle-test-streams-${id}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  (child as ChildProcess & { output: () => string }).output = () => out;
  apps.push(child);
  return child;
}
const outputOf = (c: ChildProcess) => (c as ChildProcess & { output: () => string }).output();

function table(out: string, group: string): Record<string, string>[] {
  const lines = out.split('\n').filter((l) => l.trim());
  const header = lines.findIndex((l) => l.startsWith('GROUP'));
  if (header < 0) throw new Error(`no table in:\n${out}`);
  const cols = lines[header]!.replace('COORDINATOR (ID)', 'COORDINATOR').trim().split(/\s+/);
  return lines
    .slice(header + 1)
    .filter((l) => l.startsWith(group))
    .map((l) => {
      // ASSIGNMENTS, the last column, holds spaces: everything after the other columns.
      const cells = l.replace(/\s+\((\d+)\)/, '#$1').trim().split(/\s+/);
      const row = Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
      if (cols.at(-1) === 'ASSIGNMENTS') row['ASSIGNMENTS'] = cells.slice(cols.length - 1).join(' ');
      return row;
    });
}
const tool = async (group: string, ...args: string[]) => kafkaToolAsync(STREAMS_GROUPS, ['--bootstrap-server', BOOTSTRAP, '--group', group, ...args]);

/** "ACTIVE: 0:[0,1,2]; 1:[0,1,2]; TARGET-ACTIVE: …" → active/standby/warm-up task ids as "0_1". */
function tasksOf(assignments: string) {
  const section = (name: string) => {
    const m = new RegExp(`(?:^|; |\\s)${name}: ((?:\\d+:\\[[\\d,]*\\];? ?)*)`).exec(assignments);
    if (!m) return [];
    return [...m[1]!.matchAll(/(\d+):\[([\d,]*)\]/g)].flatMap(([, s, ps]) => (ps ? ps.split(',').map((p) => `${s}_${p}`) : [])).sort();
  };
  return { active: section('ACTIVE'), standby: section('STANDBY'), warmup: section('WARMUP') };
}
const taskIds = (list: { subtopology: string; partitions: number[] }[]) => list.flatMap((t) => t.partitions.map((p) => `${t.subtopology}_${p}`)).sort();

interface DescribedNode {
  kind: 'source' | 'processor' | 'sink';
  name: string;
  topics: string[];
  stores: string[];
  successors: string[];
}

const byName = (a: DescribedNode, b: DescribedNode) => a.name.localeCompare(b.name);

/** Topology#describe()'s text (and kafka-streams-groups.sh --topology's, the same format), per subtopology id, nodes sorted by name. */
function parseDescribe(text: string): Map<string, DescribedNode[]> {
  const out = new Map<string, DescribedNode[]>();
  let current: DescribedNode[] | null = null;
  let last: DescribedNode | null = null;
  for (const line of text.split('\n')) {
    const sub = /Sub-topology: (\d+)/.exec(line);
    if (sub) {
      out.set(sub[1]!, (current = []));
      continue;
    }
    const node = /^\s+(Source|Processor|Sink): (\S+) \((topics|stores|topic): \[?([^\])]*)\]?\)/.exec(line);
    if (node && current) {
      const list = node[4]!.split(',').map((s) => s.trim()).filter(Boolean);
      last = { kind: node[1]!.toLowerCase() as DescribedNode['kind'], name: node[2]!, topics: node[3] === 'stores' ? [] : list, stores: node[3] === 'stores' ? list : [], successors: [] };
      current.push(last);
      continue;
    }
    const next = /^\s+--> (.*)$/.exec(line);
    if (next && last) last.successors = next[1]!.split(',').map((s) => s.trim()).filter((s) => s && s !== 'none').sort();
  }
  for (const nodes of out.values()) nodes.sort(byName);
  return out;
}

/** The console's subtopologies in the same shape; with `id`, internal topic names lose the application id the broker added. */
function consoleNodes(subs: StreamsSubtopology[], id?: string): Map<string, DescribedNode[]> {
  const bare = (t: string) => (id && t.startsWith(`${id}-`) ? t.slice(id.length + 1) : t);
  return new Map(
    subs.map((s) => [
      s.id,
      (s.nodes ?? []).map((n) => ({ kind: n.kind, name: n.name, topics: n.kind === 'sink' ? [bare(n.sinkTopic ?? '')] : n.sourceTopics.map(bare), stores: n.stores, successors: [...n.successors].sort() })).sort(byName),
    ]),
  );
}

beforeAll(async () => {
  // a fresh clone has no Kafka Streams jars yet: fetch them (Maven Central, first run only)
  if (!fs.existsSync(path.join(streamsLibs, '.complete'))) execFileSync(process.execPath, [path.resolve(__dirname, '../../scripts/streams-app.mjs'), 'jars'], { stdio: 'inherit', timeout: 600_000 });
  if (!fs.existsSync(path.join(streamsLibs, '.complete'))) throw new Error(`the Kafka Streams jars are missing: run node scripts/streams-app.mjs jars (it fetches them into ${streamsLibs})`);
  admin = new TestAdmin('t-streams-setup');
  await admin.createTopics([
    { topic: input, numPartitions: 3 },
    { topic: output, numPartitions: 3 },
  ]);
  await admin.produce(input, LINES.map((value, i) => ({ partition: i % 3, key: String(i), value })));
  const streams = startApp(appId, 'streams');
  const classic = startApp(classicId, 'classic');
  // Both running, and every input record processed: the streams group's committed offsets reach the log end.
  await waitFor(
    async () => {
      if (streams.exitCode !== null || classic.exitCode !== null) throw new Error(`a Streams app exited:\n${outputOf(streams)}\n${outputOf(classic)}`);
      const running = /-> RUNNING/.test(outputOf(streams)) && /-> RUNNING/.test(outputOf(classic));
      if (!running) return false;
      const offsets = table(await tool(appId, '--describe', '--offsets'), appId);
      return offsets.filter((o) => o['TOPIC'] === input).length === 3 && offsets.every((o) => o['OFFSET-LAG'] === '0');
    },
    { timeoutMs: 150_000, intervalMs: 2_000, what: 'both WordCount apps to run and process the input' },
  );
  describeText = outputOf(streams).split('state ')[0]!;
}, 200_000);

afterAll(async () => {
  for (const c of apps) {
    if (c.exitCode !== null) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (c.exitCode === null) c.kill('SIGKILL');
  }
  await admin.deleteGroups([appId, classicId]).catch(() => {});
  await admin.deleteTopics([input, output, `${appId}-counts-repartition`, `${appId}-counts-changelog`, `${classicId}-counts-repartition`, `${classicId}-counts-changelog`]).catch(() => {});
  await admin.close();
  await closeAllClusters();
  for (const id of [appId, classicId]) fs.rmSync(`/tmp/riffle-test-streams-${id}`, { recursive: true, force: true });
}, 90_000);

describe('a Kafka Streams application on the streams protocol (KIP-1071)', () => {
  it('group, members and tasks equal StreamsGroupCommand --describe --state/--members', async () => {
    await waitFor(
      async () => {
        const [state] = table(await tool(appId, '--describe', '--state', '--verbose'), appId);
        const members = table(await tool(appId, '--describe', '--members', '--verbose'), appId);
        const d = await getGroup('local', appId);
        const mine = {
          state: d.state,
          assignor: d.protocol,
          members: d.streams!.members.map((m) => ({ memberId: m.memberId, processId: m.processId, clientId: m.clientId, epoch: m.memberEpoch, tasks: { active: taskIds(m.tasks.active), standby: taskIds(m.tasks.standby), warmup: taskIds(m.tasks.warmup) } })),
        };
        const theirs = {
          state: state!['STATE'],
          assignor: state!['ASSIGNOR'],
          members: members.map((m) => ({ memberId: m['MEMBER'], processId: m['PROCESS'], clientId: m['CLIENT-ID'], epoch: Number(m['MEMBER-EPOCH']), tasks: tasksOf(m['ASSIGNMENTS']!) })),
        };
        expect(d.type).toBe('streams');
        expect(Number(state!['#MEMBERS'])).toBe(d.members.length);
        return JSON.stringify(mine) === JSON.stringify(theirs) ? true : (console.log(JSON.stringify({ mine, theirs })), false);
      },
      { timeoutMs: 30_000, intervalMs: 1_000, what: 'the console and StreamsGroupCommand to agree on members and tasks' },
    );
    const d = await getGroup('local', appId);
    // One thread: every task of both subtopologies is this member's.
    expect(taskIds(d.streams!.members[0]!.tasks.active)).toEqual(['0_0', '0_1', '0_2', '1_0', '1_1', '1_2']);
  });

  it('offsets and lag per partition equal StreamsGroupCommand --describe --offsets', async () => {
    const rows = table(await tool(appId, '--describe', '--offsets', '--verbose'), appId)
      .map((o) => ({ topic: o['TOPIC'], partition: Number(o['PARTITION']), committed: Number(o['CURRENT-OFFSET']), logEnd: Number(o['LOG-END-OFFSET']), lag: Number(o['OFFSET-LAG']) }))
      .sort((a, b) => a.topic!.localeCompare(b.topic!) || a.partition - b.partition);
    const d = await getGroup('local', appId);
    expect(d.partitions.map((p) => ({ topic: p.topic, partition: p.partition, committed: p.committed, logEnd: p.logEnd, lag: p.lag }))).toEqual(rows);
    expect(rows.filter((r) => r.topic === input).map((r) => r.logEnd)).toEqual([2, 2, 1]);
  });

  it("topology equals the application's Topology#describe(), and its topics what the broker derived", async () => {
    const d = await getGroup('local', appId);
    const described = parseDescribe(describeText);
    expect(described.size).toBe(2);
    expect(consoleNodes(d.streams!.subtopologies, appId)).toEqual(described);
    expect(d.streams!.subtopologies.map((s) => ({ id: s.id, sources: s.sourceTopics, sinks: s.repartitionSinkTopics, changelogs: s.changelogTopics.map((t) => t.name), repartitions: s.repartitionSourceTopics.map((t) => t.name) }))).toEqual([
      { id: '0', sources: [input], sinks: [`${appId}-counts-repartition`], changelogs: [], repartitions: [] },
      { id: '1', sources: [], sinks: [], changelogs: [`${appId}-counts-changelog`], repartitions: [`${appId}-counts-repartition`] },
    ]);
    expect(d.streamsInternalTopics).toEqual([
      { name: `${appId}-counts-changelog`, kind: 'changelog' },
      { name: `${appId}-counts-repartition`, kind: 'repartition' },
    ]);
    // Kafka's tool prints the same subtopologies and nodes, internal topics by their full names.
    expect(consoleNodes(d.streams!.subtopologies)).toEqual(parseDescribe(await tool(appId, '--describe', '--topology')));
  });

  it('is listed as a streams group, as kafka-groups.sh --list says; the HTTP API serves the same detail', async () => {
    const list = await listGroups('local', { type: 'streams' });
    expect(list.groups.find((g) => g.groupId === appId)).toMatchObject({ type: 'streams', state: 'Stable', members: 1 });
    const out = await kafkaToolAsync('org.apache.kafka.tools.GroupsCommand', ['--bootstrap-server', BOOTSTRAP, '--list']);
    const row = out.split('\n').map((l) => l.trim().split(/\s+/)).find((cells) => cells[0] === appId);
    expect(row?.[1]?.toLowerCase()).toBe('streams');
    const res = await api<GroupDetail>('GET', `/api/clusters/local/consumer-groups/${encodeURIComponent(appId)}`);
    expect(res.status).toBe(200);
    expect(res.body.streams?.subtopologies.map((s) => s.id)).toEqual(['0', '1']);
    expect(res.body.streams?.members).toHaveLength(1);
  });
});

describe('the same application on the classic protocol', () => {
  it('is a classic consumer group recognised as a Kafka Streams app by its internal topics', async () => {
    const d = await getGroup('local', classicId);
    expect(d.type).toBe('classic');
    expect(d.streams).toBeNull();
    expect(d.streamsInternalTopics).toEqual([
      { name: `${classicId}-counts-changelog`, kind: 'changelog' },
      { name: `${classicId}-counts-repartition`, kind: 'repartition' },
    ]);
    // The internal topics exist (Streams created them), as Kafka's own topic listing shows.
    const topics = await kafkaToolAsync('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', BOOTSTRAP, '--list']);
    for (const t of d.streamsInternalTopics) expect(topics.split('\n')).toContain(t.name);
    // A group that is not a Streams app has none.
    expect((await getGroup('local', appId)).type).toBe('streams');
  });
});
