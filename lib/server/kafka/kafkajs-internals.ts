import 'server-only';

// The slice of KafkaJS's internal Cluster/Broker that lib/server/kafka/offsets.ts uses.
export interface RawPartitionMetadata {
  partitionErrorCode: number;
  partitionId: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas?: number[];
}
export interface RawMetadata {
  brokers: { nodeId: number; host: string; port: number; rack?: string | null }[];
  controllerId?: number;
  clusterId?: string;
  topicMetadata: { topicErrorCode: number; topic: string; isInternal?: boolean; partitionMetadata: RawPartitionMetadata[] }[];
}
export interface RawProtocolRequest {
  request: unknown;
  response: { decode: (raw: Buffer) => Promise<unknown>; parse: (data: unknown) => Promise<unknown> };
}
export interface RawBroker {
  /** ApiVersions the broker answered on connect: api key → version range. */
  versions?: Record<number, { minVersion: number; maxVersion: number }> | null;
  lookupRequest(apiKey: number, definition: unknown): (args: Record<string, unknown>) => RawProtocolRequest;
  deleteRecords(req: { topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<unknown>;
  connectionPool: { send(req: RawProtocolRequest): Promise<unknown> };
  listOffsets(req: {
    isolationLevel?: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string; errorCode?: number }[] }[] }>;
}
export interface RawCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  brokerPool: {
    metadata: RawMetadata | null;
    brokers: Record<string, unknown>;
    findConnectedBroker(): Promise<RawBroker & { metadata(topics: string[]): Promise<RawMetadata> }>;
    refreshMetadata(topics: string[]): Promise<void>;
    findBroker(q: { nodeId: number | string }): Promise<RawBroker>;
  };
}
