import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseQuorumVoters, STATIC_CONFIG_TTL_MS, staticBrokerConfigs } from './cluster-overview';

describe('parseQuorumVoters', () => {
  it('reads the static voter list', () => {
    expect(parseQuorumVoters('1@127.0.0.1:19092,2@host-b:19093, 3@[::1]:19094')).toEqual([
      { nodeId: 1, endpoint: '127.0.0.1:19092' },
      { nodeId: 2, endpoint: 'host-b:19093' },
      { nodeId: 3, endpoint: '[::1]:19094' },
    ]);
  });
  it('ignores empty and malformed entries', () => {
    expect(parseQuorumVoters('')).toEqual([]);
    expect(parseQuorumVoters('x@h:1,2@')).toEqual([]);
  });
});

describe('staticBrokerConfigs', () => {
  // Counts DescribeConfigs calls; the cache, not Kafka, is under test here (the overview's
  // integration tests read real brokers).
  function countingAdmin(fail = false) {
    const calls: string[][] = [];
    const admin = async (nodeIds: number[]) => {
      calls.push(nodeIds.map(String));
      if (fail) throw new Error('CLUSTER_AUTHORIZATION_FAILED');
      return new Map(nodeIds.map((id) => [id, new Map<string, string | null>([['process.roles', 'broker']])]));
    };
    return { admin, calls };
  }

  afterEach(() => vi.useRealTimers());

  it('asks Kafka once while the broker set holds, again when it changes', async () => {
    const { admin, calls } = countingAdmin();
    await staticBrokerConfigs('cache-a', admin, [1, 2, 3]);
    const again = await staticBrokerConfigs('cache-a', admin, [1, 2, 3]);
    expect(again.get(2)?.get('process.roles')).toBe('broker');
    expect(calls).toHaveLength(1);
    await staticBrokerConfigs('cache-a', admin, [1, 3]); // broker 2 went down
    await staticBrokerConfigs('cache-a', admin, [1, 2, 3]); // and came back, maybe reconfigured
    expect(calls).toEqual([['1', '2', '3'], ['1', '3'], ['1', '2', '3']]);
  });

  it(`asks again after ${STATIC_CONFIG_TTL_MS} ms`, async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { admin, calls } = countingAdmin();
    await staticBrokerConfigs('cache-b', admin, [1]);
    vi.advanceTimersByTime(STATIC_CONFIG_TTL_MS - 1);
    await staticBrokerConfigs('cache-b', admin, [1]);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(2);
    await staticBrokerConfigs('cache-b', admin, [1]);
    expect(calls).toHaveLength(2);
  });

  it('keeps no failure: a refused DescribeConfigs gives no configs and is asked again', async () => {
    const { admin, calls } = countingAdmin(true);
    expect((await staticBrokerConfigs('cache-c', admin, [1])).size).toBe(0);
    expect((await staticBrokerConfigs('cache-c', admin, [1])).size).toBe(0);
    expect(calls).toHaveLength(2);
  });
});
