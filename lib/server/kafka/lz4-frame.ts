import 'server-only';
import { compressBlock, decompressBlock } from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32';

/**
 * The LZ4 frame format (lz4.org, lz4_Frame_format.md) as Kafka uses it, over lz4js's block
 * codec. lz4js's own frame writer marks blocks dependent, which Kafka's brokers refuse
 * ("Dependent block stream is unsupported"), and its reader misplaces block checksums; so
 * frames are written and read here:
 *   write: independent 64 KiB blocks (what the Java client writes), no checksums
 *   read:  any block size, block checksums, content size and content checksum (skipped; the
 *          record batch's own CRC already covers the compressed bytes)
 */
const MAGIC = 0x184d2204;
const FLG_VERSION = 0x40;
const FLG_BLOCK_INDEPENDENT = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const UNCOMPRESSED = 0x80000000;
const BLOCK_MAX: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };
const WRITE_BLOCK = 4; // 64 KiB

export class Lz4FrameError extends Error {}

export function lz4CompressFrame(src: Uint8Array): Buffer {
  const size = BLOCK_MAX[WRITE_BLOCK]!;
  const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, FLG_VERSION | FLG_BLOCK_INDEPENDENT, WRITE_BLOCK << 4, 0]);
  header[6] = (xxh32(0, header, 4, 2) >>> 8) & 0xff;
  const parts: Buffer[] = [header];
  const table = new Uint32Array(1 << 16);
  const out = new Uint8Array(size + (size >>> 8) + 64);
  for (let at = 0; at < src.length; at += size) {
    const n = Math.min(size, src.length - at);
    table.fill(0); // independent blocks: no match may reach into the block before
    const c = compressBlock(src, out, at, n, table);
    const len = Buffer.alloc(4);
    if (c === 0 || c >= n) {
      len.writeUInt32LE((UNCOMPRESSED | n) >>> 0);
      parts.push(len, Buffer.from(src.subarray(at, at + n)));
    } else {
      len.writeUInt32LE(c);
      parts.push(len, Buffer.from(out.subarray(0, c)));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

export function lz4DecompressFrame(src: Uint8Array): Buffer {
  const b = Buffer.from(src.buffer, src.byteOffset, src.byteLength);
  if (b.length < 7 || b.readUInt32LE(0) !== MAGIC) throw new Lz4FrameError('not an LZ4 frame (bad magic number)');
  const flg = b[4]!;
  if ((flg & 0xc0) !== FLG_VERSION) throw new Lz4FrameError('unsupported LZ4 frame version');
  const blockMax = BLOCK_MAX[(b[5]! >> 4) & 7];
  if (!blockMax) throw new Lz4FrameError('invalid LZ4 block size');
  let i = 6 + (flg & FLG_CONTENT_SIZE ? 8 : 0) + 1;
  const blockSum = (flg & FLG_BLOCK_CHECKSUM) !== 0;
  // first pass: the blocks and a bound on the output (a block never holds more than blockMax)
  const blocks: { at: number; len: number; raw: boolean }[] = [];
  let bound = 0;
  for (;;) {
    if (i + 4 > b.length) throw new Lz4FrameError('truncated LZ4 frame');
    const word = b.readUInt32LE(i);
    i += 4;
    if (word === 0) break;
    const raw = (word & UNCOMPRESSED) !== 0;
    const len = word & 0x7fffffff;
    if (i + len > b.length) throw new Lz4FrameError('truncated LZ4 block');
    blocks.push({ at: i, len, raw });
    bound += raw ? len : blockMax;
    i += len + (blockSum ? 4 : 0);
  }
  if (flg & FLG_CONTENT_CHECKSUM && i + 4 > b.length) throw new Lz4FrameError('truncated LZ4 frame checksum');
  // one output buffer, so dependent blocks (other writers) can refer back into earlier ones
  const dst = new Uint8Array(bound);
  let d = 0;
  for (const blk of blocks) {
    if (blk.raw) {
      dst.set(b.subarray(blk.at, blk.at + blk.len), d);
      d += blk.len;
    } else d = decompressBlock(b, dst, blk.at, blk.len, d);
  }
  return Buffer.from(dst.buffer, 0, d);
}
