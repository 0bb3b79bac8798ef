import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicDetail } from '@/lib/contracts/topics';
import { api, waitFor } from '../helpers/api';
import { TestAdmin } from '../helpers/kafka-admin';
import { BROKERS, kafkaAsync } from './cluster';
import { overview, waitForHealthyCluster } from './console';
import { compareTailWithLog, exactlyOnce, explainMissing, logEnds, NumberedProducer, readLogToEnd, waitForTopicEverywhere, ResumingTail } from './log';

/**
 * A live tail (the console's SSE stream) while the leader of its partitions is stopped, cleanly
 * and with kill -9, under a steady producer: the stream keeps delivering through the failover,
 * and its (partition, offset, value) sequence is exactly the log as kcat reads it — no gap, no
 * duplicate. Meanwhile the overview and the topic's partition grid show the broker down and
 * the partitions under-replicated, then the recovery after the restart.
 */
const topic = `faults-tail-${Date.now()}`;
let admin: TestAdmin;
let numbered: NumberedProducer;
let tail: ResumingTail | null = null;

/** What the last grid() call saw, for a failure message. */
let lastGrid = '';

async function grid() {
  const res = await api('GET', `/api/clusters/local/topics/${topic}`);
  if (res.status !== 200) {
    lastGrid = `${res.status} ${JSON.stringify(res.body)}`;
    return null;
  }
  const d = topicDetail.parse(res.body);
  lastGrid = `${d.underReplicatedPartitions} under-replicated; ${d.partitions.map((p) => `p${p.partition} leader ${p.leader} isr ${p.isr.join(',')}`).join('; ')}`;
  return d;
}

async function leaderOf(partition: number): Promise<number> {
  const md = await admin.admin.metadata({ topics: [topic], forceUpdate: true });
  return md.topics.get(topic)!.partitions[partition]!.leader;
}

beforeAll(async () => {
  await waitForHealthyCluster();
  admin = new TestAdmin('riffle-faults-tail', BROKERS.join(','));
  await admin.createTopics([{ topic, numPartitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }]);
  await waitForTopicEverywhere(topic, 6);
  numbered = new NumberedProducer(BROKERS, topic, 6);
}, 180_000);

afterAll(async () => {
  await numbered?.close();
  await tail?.close();
  await admin?.deleteTopics([topic]).catch(() => {});
  await admin?.close();
});

describe('a live tail through leader failover', () => {
  it('delivers every record exactly once while the leader is stopped cleanly and killed, and the console shows the outage', async () => {
    tail = new ResumingTail(`/api/clusters/local/topics/${topic}/live?from=earliest`).open();
    const t = tail;
    await waitFor(async () => t.connections === 1, { what: 'the tail to connect' });
    numbered.start();
    await waitFor(async () => t.messages.length > 300, { what: 'the tail to deliver' });

    for (const mode of ['clean', 'kill -9'] as const) {
      const victim = await leaderOf(0);
      await kafkaAsync('stop', String(victim), ...(mode === 'kill -9' ? ['--kill'] : []));
      try {
        const o = await waitFor(
          async () => {
            const v = await overview();
            return v && v.brokers.length === 2 && v.counts.underReplicatedPartitions > 0 ? v : null;
          },
          { timeoutMs: 45_000, what: `the overview to show broker ${victim} down (${mode})` },
        );
        expect(o.brokers.map((b) => b.nodeId)).not.toContain(victim);
        const g = await waitFor(
          async () => {
            const v = await grid();
            return v && v.underReplicatedPartitions > 0 && v.partitions.every((p) => p.leader !== victim) ? v : null;
          },
          { timeoutMs: 60_000, what: `the partition grid to show broker ${victim} leading nothing and partitions under-replicated (${mode})` },
        ).catch((err: Error) => {
          throw new Error(`${err.message}; the grid last showed: ${lastGrid}`);
        });
        // the grid's count is its rows': every partition it calls under-replicated lacks the victim in its ISR
        expect(g.partitions.filter((p) => !p.isr.includes(victim))).toHaveLength(g.underReplicatedPartitions);
        const before = t.messages.length;
        await waitFor(async () => t.messages.length > before + 300, { timeoutMs: 60_000, what: `the tail to keep delivering with broker ${victim} down (${mode})` });
      } finally {
        await kafkaAsync('start', String(victim));
      }
      await waitFor(
        async () => {
          const v = await overview();
          const d = await grid();
          return v && d && v.brokers.length === 3 && v.counts.underReplicatedPartitions === 0 && d.underReplicatedPartitions === 0 && d.partitions.every((p) => p.isr.length === 3);
        },
        { timeoutMs: 90_000, what: `the overview and the grid to show recovery after ${mode}` },
      );
      const before = t.messages.length;
      await waitFor(async () => t.messages.length > before + 300, { timeoutMs: 60_000, what: `the tail to keep delivering after broker ${victim} returned (${mode})` });
    }

    await numbered.stop();
    const ends = await logEnds(admin, topic, numbered.ackedEnds);
    const reached = () => {
      const r = new Map<number, number>();
      for (const m of t.messages) r.set(m.partition, Math.max(r.get(m.partition) ?? 0, m.offset + 1));
      return r;
    };
    await waitFor(async () => [...ends].every(([p, end]) => (reached().get(p) ?? 0) >= end), {
      timeoutMs: 60_000,
      what: `the tail to reach the end of every partition (${JSON.stringify([...ends])})`,
    }).catch((err) => {
      throw new Error(`${(err as Error).message}; reached ${JSON.stringify([...reached()])}`);
    });
    const log = await readLogToEnd(topic, ends);
    const { missing, doubled } = exactlyOnce(numbered.acked, log.records);
    if (missing.length) console.log(`faults: acknowledged but missing: ${missing.join(',')}\n${explainMissing(missing, numbered, log.records)}`);
    expect(missing).toEqual([]);
    expect(doubled).toEqual([]);
    expect(compareTailWithLog(t.messages, log.records)).toEqual([]);
    // failover happened under the same SSE connection: nothing to resume, nothing resent
    expect(t.connections).toBe(1);
    expect(t.failures).toEqual([]);
    console.log(
      `faults/tail: ${numbered.acked.size} acknowledged, ${log.records.length} in the log, ${t.messages.length} delivered by the tail over ${t.connections} connection(s); ` +
        `${numbered.sendErrors} failed sends; status events: ${t.statuses.map((s) => s.state).join(',') || 'none'}` +
        (log.firstReadShort ? `; kcat's first read ended short (${log.firstReadShort})` : ''),
    );
  }, 300_000);
});
