import { describe, expect, it } from 'vitest';
import { hash as xxh32 } from 'lz4js/xxh32';
import { lz4CompressFrame, lz4DecompressFrame, Lz4FrameError } from './lz4-frame';

const text = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `record ${i % 97} of the weather.raw topic;`).join('').slice(0, n));
function noise(n: number) {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return b;
}

describe('LZ4 frames', () => {
  it('round-trips empty, small, multi-block and incompressible data', () => {
    for (const data of [Buffer.alloc(0), Buffer.from('a'), text(1000), text(300_000), noise(70_000)]) {
      const frame = lz4CompressFrame(data);
      expect(lz4DecompressFrame(frame).equals(data)).toBe(true);
    }
  });

  it('writes what Kafka brokers accept: version 1, independent 64 KiB blocks, a valid header checksum', () => {
    const frame = lz4CompressFrame(text(200_000));
    expect(frame.readUInt32LE(0)).toBe(0x184d2204);
    expect(frame[4]).toBe(0x60);
    expect(frame[5]).toBe(0x40);
    expect(frame[6]).toBe((xxh32(0, frame, 4, 2) >>> 8) & 0xff);
    expect(frame.length).toBeLessThan(200_000 / 4);
  });

  it('reads frames with content size, block checksums and a content checksum (librdkafka may write them)', () => {
    const payload = Buffer.from('hello lz4');
    const flg = 0x40 | 0x20 | 0x10 | 0x08 | 0x04;
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(payload.length));
    const len = Buffer.alloc(4);
    len.writeUInt32LE((0x80000000 | payload.length) >>> 0);
    const frame = Buffer.concat([Buffer.from([0x04, 0x22, 0x4d, 0x18, flg, 0x70]), size, Buffer.from([0]), len, payload, Buffer.alloc(4, 0xaa), Buffer.alloc(4), Buffer.alloc(4, 0xbb)]);
    expect(lz4DecompressFrame(frame).toString()).toBe('hello lz4');
  });

  it('says what is wrong with a broken frame', () => {
    expect(() => lz4DecompressFrame(Buffer.from('nope nope'))).toThrow(Lz4FrameError);
    const frame = lz4CompressFrame(text(1000));
    expect(() => lz4DecompressFrame(frame.subarray(0, frame.length - 10))).toThrow(/truncated/);
  });
});
