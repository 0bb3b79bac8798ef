import { describe, expect, it } from 'vitest';
import { replicaState } from './replica-state';

describe('replicaState', () => {
  // Three brokers, broker 3 stopped: it is offline, broker 2 fell out of the ISR.
  const p = { leader: 1, replicas: [1, 2, 3], isr: [1], offlineReplicas: [3] };
  it('tells leader, out-of-sync follower, offline replica and non-replica apart', () => {
    expect(replicaState(p, 1)).toBe('leader');
    expect(replicaState(p, 2)).toBe('out-of-sync');
    expect(replicaState(p, 3)).toBe('offline');
    expect(replicaState(p, 4)).toBe('none');
    expect(replicaState({ ...p, isr: [1, 2] }, 2)).toBe('in-sync');
  });
  it('a leaderless partition has no leader cell', () => {
    expect(replicaState({ leader: -1, replicas: [1], isr: [], offlineReplicas: [1] }, 1)).toBe('offline');
  });
});
