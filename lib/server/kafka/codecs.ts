import 'server-only';
import { decompress as zstdDecompress } from 'fzstd';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import internalCompression from 'kafkajs/src/protocol/message/compression';
import type { ProduceCompression } from '@/lib/contracts/messages';
import snappyCodec from 'kafkajs-snappy';
import { lz4CompressFrame, lz4DecompressFrame } from './lz4-frame';

/**
 * KafkaJS decodes gzip only; records other clients compressed with snappy, lz4 or zstd would
 * fail to read (browse, tail, the pipeline). The codecs are registered on KafkaJS's own codec
 * table once per process, by the module every Kafka client is built from (kafka/client.ts,
 * pipeline/kafka.ts). All three are pure JavaScript: nothing to compile, same result everywhere.
 *   snappy  kafkajs-snappy (snappyjs), raw and the Java client's xerial framing
 *   lz4     lz4js's block codec in the LZ4 frame format Kafka uses (lz4-frame.ts)
 *   zstd    fzstd, decompression only: Node 20 has no zstd compressor, so Riffle reads zstd but
 *           does not produce it
 */

type CodecFactory = () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };

const asBuffer = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

const lz4Codec: CodecFactory = () => ({
  async compress(encoder) {
    return lz4CompressFrame(encoder.buffer);
  },
  async decompress(buffer) {
    return lz4DecompressFrame(buffer);
  },
});

const zstdCodec: CodecFactory = () => ({
  async compress() {
    throw new Error('zstd compression is not available for producing (Node 20 has no zstd compressor); Riffle reads zstd');
  },
  async decompress(buffer) {
    return asBuffer(zstdDecompress(buffer));
  },
});

/** The codecs Riffle reads, by the name Kafka's `compression.type` uses. */
export const READABLE_CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
/** KafkaJS's codec number for each compression Riffle produces with (lib/contracts/messages.ts). */
export const compressionTypeOf: Record<ProduceCompression, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
};

// The public table (`CompressionCodecs`) and the one KafkaJS's protocol layer looks codecs up in
// are one object in plain Node, but two in the Next build: `kafkajs` stays an external require
// while `import ... from 'kafkajs/src/cluster'` (kafka-reader.ts) is bundled, with its own copy
// of the codec module. Imported the same way here, this names that bundled copy. Register on both.
for (const table of new Set([CompressionCodecs as unknown as Record<number, CodecFactory>, internalCompression.Codecs as Record<number, CodecFactory>])) {
  table[CompressionTypes.Snappy] = snappyCodec;
  table[CompressionTypes.LZ4] = lz4Codec;
  table[CompressionTypes.ZSTD] = zstdCodec;
}
