import 'server-only';

// KafkaJS's DefaultPartitioner hash (the Java client's Utils.murmur2). KafkaJS keeps it in a
// module of its own but doesn't export it; KafkaJS is pinned at 2.2.4 (see low-level.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: Buffer) => number;

export function murmur2(key: Uint8Array): number {
  return kafkajsMurmur2(Buffer.from(key.buffer, key.byteOffset, key.byteLength));
}

/** The partition a keyed record lands on with the default partitioner: find-by-key scans only it. */
export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  return (murmur2(key) & 0x7fffffff) % partitionCount;
}
