import 'server-only';
import type { RecordHeader, RecordMapper } from './fetch';

/**
 * A decoder for the plain case of a Fetch answer's record set: magic v2 batches without
 * compression, what Kafka 3/4 producers write by default. One pass over the bytes, straight to
 * the caller's records. The library's decoder (readRecordsBatches) reads every varint as a
 * BigInt and builds a record object per record; on a live tail that was 6-10x this one's cost
 * per record and most of the server's time (bench/cases/tail-throughput.ts measures both).
 * Anything else — a compressed or an old-format batch — returns null, and the caller hands the
 * set to the library's decoder.
 */

const TWO_32 = 4294967296;
const BATCH_HEADER = 61; // up to and including the record count
const COMPRESSION_MASK = 0x07;
const LOG_APPEND_TIME = 0x08;
const CONTROL_BATCH = 0x20;
/** Shared by every record without headers (most of them); never mutated. */
const NO_HEADERS: RecordHeader[] = [];

/** int64 at `pos` as a Number (exact below 2^53: offsets and millisecond timestamps). */
function int64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_32 + buf.readUInt32BE(pos + 4);
}

/**
 * Records of complete batches at or after `from`, or null when a batch needs the library's
 * decoder. A batch cut short at the end (the response's size limit) is left for the next fetch.
 */
export function decodePlainBatches<T>(buf: Buffer, partition: number, from: number, map: RecordMapper<T>): { records: T[]; nextOffset: number } | null {
  const records: T[] = [];
  let next = from;
  let pos = 0;
  // Zigzag varint/varlong at pos, exact below 2^53.
  const varint = (): number => {
    let b = buf[pos++]!;
    if (b < 0x80) return b & 1 ? -((b + 1) / 2) : b / 2;
    let v = b & 0x7f;
    let mul = 128;
    do {
      if (pos >= buf.length) throw new RangeError('varint past the end of the record set');
      b = buf[pos++]!;
      v += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    return v % 2 === 1 ? -((v + 1) / 2) : v / 2;
  };
  const bytes = (): Buffer | null => {
    const n = varint();
    if (n < 0) return null;
    const out = buf.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  while (buf.length - pos >= 17) {
    const start = pos;
    const baseOffset = int64(buf, start);
    const length = buf.readInt32BE(start + 8);
    const end = start + 12 + length;
    if (end > buf.length) break; // partial batch
    if (buf[start + 16] !== 2 || length + 12 < BATCH_HEADER) return null; // magic v0/v1 message set
    const attributes = buf.readInt16BE(start + 21);
    if (attributes & COMPRESSION_MASK) return null;
    const lastOffsetDelta = buf.readInt32BE(start + 23);
    const baseTimestamp = int64(buf, start + 27);
    const maxTimestamp = int64(buf, start + 35);
    const count = buf.readInt32BE(start + 57);
    pos = start + BATCH_HEADER;
    const control = (attributes & CONTROL_BATCH) !== 0;
    const appendTime = (attributes & LOG_APPEND_TIME) !== 0 && maxTimestamp > 0;
    for (let n = 0; n < count && pos < end; n++) {
      const size = varint();
      const recordEnd = pos + size;
      pos++; // record attributes (unused)
      const tsDelta = varint();
      const offset = baseOffset + varint();
      if (offset < from || control) {
        pos = recordEnd;
        if (offset >= next) next = offset + 1;
        continue; // before the requested offset (a batch starts where it starts), or a transaction marker
      }
      const key = bytes();
      const value = bytes();
      const headerCount = varint();
      let headers = NO_HEADERS;
      if (headerCount > 0) {
        headers = [];
        for (let h = 0; h < headerCount; h++) {
          const hk = bytes() ?? Buffer.alloc(0);
          headers.push([hk, bytes()]);
        }
      }
      pos = recordEnd;
      records.push(map(partition, offset, appendTime ? maxTimestamp : baseTimestamp + tsDelta, key, value, headers));
      next = offset + 1;
    }
    // offsets compaction removed from the batch's end are past too
    if (baseOffset + lastOffsetDelta + 1 > next) next = baseOffset + lastOffsetDelta + 1;
    pos = end;
  }
  return { records, nextOffset: next };
}
