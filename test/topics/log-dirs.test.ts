import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerDetail, brokerList, type BrokerList } from '@/lib/contracts/brokers';
import { topicDetail } from '@/lib/contracts/topics';
import { api } from '../helpers/api';
import type { TestAdmin } from '../helpers/kafka-admin';
import { BOOTSTRAP, kcat } from '../helpers/kcat';
import { kafkaToolAsync } from '../helpers/kafka-tools';
import { secondOpinionAdmin } from './admin';

// Sizes on disk (DescribeLogDirs, hand-encoded) checked against Kafka's own kafka-log-dirs.sh.
const run = `t3-ld-${Date.now().toString(36)}`;
const TOPICS = '/api/clusters/local/topics';

interface ToolLogDirs {
  brokers: { broker: number; logDirs: { logDir: string; error: string | null; partitions: { partition: string; size: number; offsetLag: number; isFuture: boolean }[] }[] }[];
}

/** kafka-log-dirs.sh --describe (org.apache.kafka.tools.LogDirsCommand), its JSON line parsed. */
async function kafkaLogDirs(topics?: string[]): Promise<ToolLogDirs> {
  const out = await kafkaToolAsync('org.apache.kafka.tools.LogDirsCommand', ['--bootstrap-server', BOOTSTRAP, '--describe', ...(topics ? ['--topic-list', topics.join(',')] : [])]);
  const line = out.split('\n').find((l) => l.startsWith('{'));
  return JSON.parse(line!) as ToolLogDirs;
}

let admin: TestAdmin;
const topic = `${run}-sizes`;

beforeAll(async () => {
  admin = await secondOpinionAdmin();
  const res = await api('POST', TOPICS, { name: topic, partitions: 3, replicationFactor: 1, configs: {} });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  // 200 records of ~1 KiB on partition 0, 3 on partition 1, none on partition 2
  await kcat(['-P', '-t', topic, '-p', '0'], Array.from({ length: 200 }, (_, i) => `${i}:${'x'.repeat(1000)}`).join('\n') + '\n');
  await kcat(['-P', '-t', topic, '-p', '1'], 'a\nb\nc\n');
});

afterAll(async () => {
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

describe('topic size on disk', () => {
  it("reports each replica's size, equal to kafka-log-dirs.sh's", async () => {
    const d = topicDetail.parse((await api('GET', `${TOPICS}/${topic}`)).body);
    expect(d.sizes).not.toBeNull();
    const sizes = d.sizes!;
    expect(sizes.missingBrokers).toEqual([]);
    const byPartition = new Map(sizes.replicas.map((r) => [r.partition, r]));
    // plausible: at least the payload on partition 0, a little on 1, nothing on 2
    expect(byPartition.get(0)!.bytes).toBeGreaterThan(200 * 1000);
    expect(byPartition.get(0)!.bytes).toBeLessThan(200 * 1000 * 2);
    expect(byPartition.get(1)!.bytes).toBeGreaterThan(0);
    expect(byPartition.get(1)!.bytes).toBeLessThan(1024);
    expect(byPartition.get(2)!.bytes).toBe(0);
    expect(sizes.leaderBytes).toBe(byPartition.get(0)!.bytes + byPartition.get(1)!.bytes);
    expect(sizes.totalBytes).toBe(sizes.leaderBytes); // replication factor 1

    // Nobody else writes to this topic: Kafka's own tool sees the same bytes in the same dirs.
    const tool = await kafkaLogDirs([topic]);
    const fromTool = tool.brokers.flatMap((b) =>
      b.logDirs.flatMap((dir) => dir.partitions.map((p) => ({ partition: Number(p.partition.slice(topic.length + 1)), broker: b.broker, logDir: dir.logDir, bytes: p.size, offsetLag: p.offsetLag, isFuture: p.isFuture }))),
    );
    expect(sizes.replicas).toEqual(fromTool.sort((a, b) => a.partition - b.partition || a.broker - b.broker));
  });
});

describe('broker log dirs', () => {
  const dirTotals = (list: BrokerList) => new Map<string, number>(list.brokers.flatMap((b) => (b.logDirs ?? []).map((d) => [`${b.nodeId}:${d.path}`, d.bytes] as const)));

  it("lists each broker's log dirs with their size, bracketing kafka-log-dirs.sh's between two reads", async () => {
    // Other suites produce to (and delete) topics on this cluster meanwhile, so the tool's
    // figure must lie between ours before and after it. A topic deleted in between can break
    // that, so a few attempts are allowed.
    let last = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = brokerList.parse((await api('GET', '/api/clusters/local/brokers')).body);
      const tool = await kafkaLogDirs();
      const after = brokerList.parse((await api('GET', '/api/clusters/local/brokers')).body);

      for (const b of before.brokers) {
        expect(b.logDirs, `broker ${b.nodeId} answered DescribeLogDirs`).not.toBeNull();
        expect(b.logDirBytes).toBe(b.logDirs!.reduce((n, d) => n + d.bytes, 0));
        const toolDirs = tool.brokers.find((x) => x.broker === b.nodeId)!.logDirs;
        expect(b.logDirs!.map((d) => d.path).sort()).toEqual(toolDirs.map((d) => d.logDir).sort());
        for (const d of b.logDirs!) {
          expect(d.error).toBeNull();
          // the volume the dir is on, as the OS reports it (this test runs beside the broker)
          const fsStats = fs.statfsSync(d.path);
          expect(d.totalBytes).toBe(fsStats.blocks * fsStats.bsize);
          expect(d.usableBytes).toBeGreaterThan(0);
          expect(d.usableBytes!).toBeLessThanOrEqual(d.totalBytes!);
        }
      }
      const [lo, hi] = [dirTotals(before), dirTotals(after)];
      const misses: string[] = [];
      for (const b of tool.brokers) {
        for (const dir of b.logDirs) {
          const key = `${b.broker}:${dir.logDir}`;
          const toolBytes = dir.partitions.filter((p) => !p.isFuture).reduce((n, p) => n + p.size, 0);
          const [min, max] = [Math.min(lo.get(key)!, hi.get(key)!), Math.max(lo.get(key)!, hi.get(key)!)];
          if (toolBytes < min || toolBytes > max) misses.push(`${key}: tool ${toolBytes}, console ${lo.get(key)} then ${hi.get(key)}`);
        }
      }
      if (misses.length === 0) return;
      last = misses.join('; ');
    }
    throw new Error(`kafka-log-dirs.sh's sizes were outside the console's before/after sizes three times: ${last}`);
  });

  it("counts this test's topic in its broker's log dir, and shows one broker's dirs", async () => {
    const d = topicDetail.parse((await api('GET', `${TOPICS}/${topic}`)).body);
    const leader = d.partitions[0]!.leader;
    const one = brokerDetail.parse((await api('GET', `/api/clusters/local/brokers/${leader}`)).body);
    const dir = one.broker.logDirs!.find((x) => x.path === d.sizes!.replicas[0]!.logDir)!;
    expect(dir.bytes).toBeGreaterThanOrEqual(d.sizes!.replicas.filter((r) => r.broker === leader).reduce((n, r) => n + r.bytes, 0));
    expect(dir.replicas).toBeGreaterThanOrEqual(d.partitions.filter((p) => p.replicas.includes(leader)).length);
  });
});
