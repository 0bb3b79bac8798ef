import { afterAll, describe, expect, it } from 'vitest';
import { electionResult, notPreferredLeader } from '@/lib/contracts/partitions';
import { topicDetail } from '@/lib/contracts/topics';
import { api, waitFor } from '../helpers/api';
import { kafkaScript, kcatLayout, toolCreateTopic, toolDeleteTopics, toolDescribe, waitForFullIsr } from './cluster';

const created: string[] = [];
async function createTopic(topic: string, partitions: number, rf: number, assignment?: number[][]) {
  created.push(topic);
  await toolCreateTopic(topic, partitions, rf, assignment);
}
afterAll(() => toolDeleteTopics(created));

const C = '/api/clusters/local';

describe('leader election on a 3-node cluster', () => {
  it('after a broker bounce, a preferred election gives every partition back to its first replica', async () => {
    const topic = `elect-${Date.now().toString(36)}`;
    // Broker 2 is the preferred leader of partitions 0 and 3.
    await createTopic(topic, 6, 3, [
      [2, 1, 3],
      [1, 2, 3],
      [3, 1, 2],
      [2, 3, 1],
      [1, 3, 2],
      [3, 2, 1],
    ]);
    await waitForFullIsr(topic);
    await kafkaScript('stop', '2');
    try {
      await waitFor(async () => (await kcatLayout(topic)).every((p) => p.leader !== 2 && p.leader >= 0), { timeoutMs: 60_000, what: 'leaders to leave broker 2' });
    } finally {
      await kafkaScript('start', '2');
    }
    await waitForFullIsr(topic, 120_000);
    // Back in the ISR but leading nothing: the console shows which partitions are off their preferred leader.
    const detail = topicDetail.parse((await api('GET', `${C}/topics/${topic}`)).body);
    const off = detail.partitions.filter(notPreferredLeader).map((p) => p.partition);
    expect(off).toEqual([0, 3]);

    const res = await api('POST', `${C}/elections`, { type: 'preferred', topic });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const results = electionResult.parse(res.body).results;
    expect(results.filter((r) => r.outcome === 'elected').map((r) => r.partition)).toEqual([0, 3]);
    expect(results.filter((r) => r.outcome === 'not-needed').map((r) => r.partition)).toEqual([1, 2, 4, 5]);

    await waitFor(async () => (await toolDescribe(topic)).every((p) => p.leader === p.replicas[0]), { timeoutMs: 20_000, what: 'preferred leaders (kafka-topics.sh)' });
    expect((await kcatLayout(topic)).every((p) => p.leader === p.replicas[0])).toBe(true);

    // Again: nothing to do, each partition says so.
    const again = electionResult.parse((await api('POST', `${C}/elections`, { type: 'preferred', partitions: [{ topic, partition: 0 }] })).body);
    expect(again.results).toEqual([{ topic, partition: 0, outcome: 'not-needed', error: 'ELECTION_NOT_NEEDED', message: expect.any(String) }]);
  });

  it('unclean election of a partition that has a leader is refused per partition, not a 500', async () => {
    const topic = `elect-unclean-${Date.now().toString(36)}`;
    await createTopic(topic, 1, 3);
    await waitForFullIsr(topic);
    const res = await api('POST', `${C}/elections`, { type: 'unclean', partitions: [{ topic, partition: 0 }], acceptDataLoss: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [r] = electionResult.parse(res.body).results;
    expect(r).toMatchObject({ topic, partition: 0, outcome: 'not-needed', error: 'ELECTION_NOT_NEEDED' });
  });
});
