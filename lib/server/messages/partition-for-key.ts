import 'server-only';
import { murmur2 } from '../kafka/murmur2';

export { murmur2 };

/** The partition a keyed record lands on with the default partitioner: find-by-key scans only it. */
export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  return (murmur2(key) & 0x7fffffff) % partitionCount;
}
