import 'server-only';
import type { Kafka } from 'kafkajs';

/**
 * KafkaJS's lower layer (its Cluster, brokers and request encoding), for the few Kafka APIs
 * its public admin lacks. The Cluster is built by the Kafka instance itself, so it carries the
 * same brokers, TLS, SASL and timeouts as every other client of that cluster.
 * KafkaJS is pinned at 2.2.4 (package.json), because this reaches into its internals.
 */
export interface KafkaJsBroker {
  nodeId: number;
  versions: Record<number, { minVersion: number; maxVersion: number }> | null;
  connectionPool: { send(req: { request: KafkaJsRequest; response: KafkaJsResponse }): Promise<unknown> };
}

export interface KafkaJsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findBroker(opts: { nodeId: number }): Promise<KafkaJsBroker>;
  brokerPool: { seedBroker: KafkaJsBroker; withBroker<T>(fn: (opts: { broker: KafkaJsBroker; nodeId: number }) => Promise<T>): Promise<T> };
}

export interface KafkaJsRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  encode(): Promise<unknown>;
}

export interface KafkaJsResponse {
  decode(raw: Buffer): Promise<unknown>;
  parse(data: unknown): Promise<unknown>;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const Encoder = require('kafkajs/src/protocol/encoder') as new () => KafkaJsEncoder;
export const Decoder = require('kafkajs/src/protocol/decoder') as new (raw: Buffer) => KafkaJsDecoder;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface KafkaJsEncoder {
  readonly buffer: Buffer;
  writeInt8(v: number): KafkaJsEncoder;
  writeBoolean(v: boolean): KafkaJsEncoder;
  writeInt16(v: number): KafkaJsEncoder;
  writeInt32(v: number): KafkaJsEncoder;
  writeUVarInt(v: number): KafkaJsEncoder;
  writeString(v: string | null): KafkaJsEncoder;
  writeUVarIntString(v: string | null): KafkaJsEncoder;
  writeUVarIntBytes(v?: Buffer): KafkaJsEncoder;
  /** Compact array of encoders (objects only: a number array needs writeUVarInt + writeInt32s). */
  writeUVarIntArray(v: KafkaJsEncoder[] | null): KafkaJsEncoder;
  /** INT32-length array; with 'object' it writes encoders, with 'int32' numbers. */
  writeArray(v: KafkaJsEncoder[] | number[], type?: 'object' | 'int32', length?: number): KafkaJsEncoder;
}

export interface KafkaJsDecoder {
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readBoolean(): boolean;
  readString(): string | null;
  readArray<T>(fn: (d: KafkaJsDecoder) => T): T[];
  readUVarIntString(): string | null;
  readUVarIntArray<T>(fn: (d: KafkaJsDecoder) => T): T[] | null;
  readTaggedFields(): void;
  readUUID?(): Buffer;
  readBytes(n: number): Buffer;
}

/**
 * A low-level Cluster made by this Kafka instance, not yet connected (so a caller can adjust it
 * first). Every module that needs KafkaJS's cluster layer gets it here, not by its own lookup.
 */
export function createLowLevelCluster<C = KafkaJsCluster>(kafka: Kafka, options: { isolationLevel?: number } = {}): C {
  const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!sym) throw new Error('this KafkaJS version does not expose its cluster factory (expected 2.2.4)');
  const create = (kafka as unknown as Record<symbol, (o: object) => C>)[sym]!;
  return create({ metadataMaxAge: 300_000, allowAutoTopicCreation: false, maxInFlightRequests: null, ...options });
}

/** A connected low-level Cluster made by this Kafka instance (caller disconnects it). */
export async function lowLevelCluster(kafka: Kafka): Promise<KafkaJsCluster> {
  const cluster = createLowLevelCluster(kafka);
  await cluster.connect();
  return cluster;
}
