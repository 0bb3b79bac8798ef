// Compression packages without their own types (lib/server/kafka/codecs.ts).
declare module 'kafkajs-snappy' {
  interface Codec {
    compress(encoder: { buffer: Buffer }): Promise<Buffer>;
    decompress(buffer: Buffer): Promise<Buffer>;
  }
  const createCodec: () => Codec;
  export = createCodec;
}
declare module 'lz4js' {
  /** Compresses src[sIndex, sIndex+sLength) as one LZ4 block into dst; the block's size (0: not compressible). */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  /** Decompresses one LZ4 block of src into dst at dIndex; the new end of dst's data. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
}
declare module 'lz4js/xxh32' {
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}
declare module 'kafkajs/src/protocol/message/compression' {
  /** KafkaJS's codec table, by codec number: factories of { compress, decompress }. */
  const compression: { Codecs: Record<number, unknown> };
  export default compression;
}
