import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitFor } from '../helpers/api';
import { TestAdmin } from '../helpers/kafka-admin';
import { BROKERS, kafka, kafkaAsync } from './cluster';
import { overview, waitForHealthyCluster } from './console';
import { compareTailWithLog, exactlyOnce, explainMissing, logEnds, NumberedProducer, readLogToEnd, waitForTopicEverywhere, ResumingTail } from './log';

/**
 * The whole cluster stops under a live tail: the SSE stream says so with a `status` event
 * (state "reconnecting") instead of going quiet, the overview answers 503 KAFKA_UNAVAILABLE,
 * and once the cluster is back the same stream (or, if it broke, its reconnection with
 * Last-Event-ID, as EventSource does) carries on from where it was: a `status` "live" event,
 * then every record written since, with no gap and no duplicate against kcat's read.
 */
const topic = `faults-outage-${Date.now()}`;
let admin: TestAdmin;
let numbered: NumberedProducer;
let tail: ResumingTail | null = null;

beforeAll(async () => {
  await waitForHealthyCluster();
  admin = new TestAdmin('riffle-faults-outage', BROKERS.join(','));
  await admin.createTopics([{ topic, numPartitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }]);
  await waitForTopicEverywhere(topic, 3);
  numbered = new NumberedProducer(BROKERS, topic, 3);
}, 180_000);

afterAll(async () => {
  kafka('up'); // never leave the fault cluster down for the next file
  await tail?.close();
  await numbered?.close();
  await admin?.deleteTopics([topic]).catch(() => {});
  await admin?.close();
});

function reached(t: ResumingTail): Map<number, number> {
  const r = new Map<number, number>();
  for (const m of t.messages) r.set(m.partition, Math.max(r.get(m.partition) ?? 0, m.offset + 1));
  return r;
}

describe('the whole cluster stops under a live tail', () => {
  it('sends a status event instead of silence, and resumes without a gap or a duplicate when the cluster returns', async () => {
    tail = new ResumingTail(`/api/clusters/local/topics/${topic}/live?from=earliest`).open();
    const t = tail;
    await waitFor(async () => t.connections === 1, { what: 'the tail to connect' });
    await numbered.sendSome(400);
    const before = await logEnds(admin, topic, numbered.ackedEnds);
    await waitFor(async () => [...before].every(([p, end]) => (reached(t).get(p) ?? 0) >= end), { what: 'the tail to deliver the first 400' });

    await kafkaAsync('down');
    let downStatus;
    try {
      downStatus = await waitFor(async () => t.statuses.find((s) => s.state === 'reconnecting'), { timeoutMs: 60_000, what: 'a status event on the open stream' });
      const down = await waitFor(
        async () => {
          const res = await api<{ error: { code: string } }>('GET', '/api/clusters/local');
          return res.status === 503 ? res : null;
        },
        { timeoutMs: 60_000, what: 'the overview to report the outage' },
      );
      expect(down.body.error.code).toBe('KAFKA_UNAVAILABLE');
      expect(downStatus.topic).toBe(topic);
      expect(downStatus.message).toBeTruthy();
    } finally {
      await kafkaAsync('up');
    }
    await waitFor(async () => (await overview())?.brokers.length === 3, { timeoutMs: 120_000, what: 'the overview to show the cluster back' });
    await numbered.sendSome(400);
    await waitFor(async () => t.statuses.some((s) => s.state === 'live' && s.at > downStatus.at), { timeoutMs: 60_000, what: 'a status event saying the stream is live again' });
    const ends = await logEnds(admin, topic, numbered.ackedEnds);
    await waitFor(async () => [...ends].every(([p, end]) => (reached(t).get(p) ?? 0) >= end), {
      timeoutMs: 90_000,
      what: `the tail to deliver what was written after the outage (${JSON.stringify([...ends])})`,
    }).catch((err) => {
      throw new Error(`${(err as Error).message}; reached ${JSON.stringify([...reached(t)])}; connections ${t.connections}; failures ${t.failures.join(' | ')}`);
    });

    const log = await readLogToEnd(topic, ends);
    const { missing, doubled } = exactlyOnce(numbered.acked, log.records);
    if (missing.length) console.log(`faults: acknowledged but missing: ${missing.join(',')}\n${explainMissing(missing, numbered, log.records)}`);
    expect(missing).toEqual([]);
    expect(doubled).toEqual([]);
    expect(numbered.acked.size).toBe(800);
    expect(compareTailWithLog(t.messages, log.records)).toEqual([]);
    console.log(
      `faults/outage: ${log.records.length} in the log, ${t.messages.length} delivered over ${t.connections} connection(s); ` +
        `status events: ${t.statuses.map((s) => `${s.state} (${s.message})`).join('; ')}; stream failures: ${t.failures.join(' | ') || 'none'}`,
    );
  }, 300_000);
});
