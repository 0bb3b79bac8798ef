import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partition-for-key';

describe('partitionForKey', () => {
  it('agrees with the Java client on known values', () => {
    // org.apache.kafka.common.utils.UtilsTest.testMurmur2
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(partitionForKey(Buffer.from('a-little-bit-long-string'), 6)).toBe((-985981536 & 0x7fffffff) % 6);
  });
  it('hashes a view into a larger buffer by its own bytes only', () => {
    const big = Buffer.from('xx21yy');
    expect(murmur2(big.subarray(2, 4))).toBe(-973932308);
  });
});
