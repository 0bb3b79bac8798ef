import { describe, expect, it } from 'vitest';
import { parseQuorumVoters } from './cluster-overview';

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
