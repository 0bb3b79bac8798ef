import 'server-only';
import { murmur2 as libraryMurmur2 } from '@platformatic/kafka';

/** The Java client's Utils.murmur2 (its default partitioner's hash), as the library ports it; signed 32-bit. */
export function murmur2(key: Uint8Array): number {
  return libraryMurmur2(Buffer.isBuffer(key) ? key : Buffer.from(key.buffer, key.byteOffset, key.byteLength));
}
