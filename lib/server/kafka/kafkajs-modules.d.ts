// KafkaJS ships no types for its internals. The offsets adapter uses its Cluster to send one
// ListOffsets request per leader for many topics at once, which the public admin API can't.
// The shapes it relies on are in kafkajs-internals.ts.
declare module 'kafkajs/src/cluster' {
  const Cluster: new (options: Record<string, unknown>) => unknown;
  export = Cluster;
}
declare module 'kafkajs/src/loggers' {
  export const LEVELS: Record<'NOTHING' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG', number>;
  export function createLogger(opts: { level: number; logCreator: import('kafkajs').logCreator }): unknown;
}
declare module 'kafkajs/src/protocol/requests' {
  export const requests: Record<string, unknown>;
}
declare module 'kafkajs/src/protocol/requests/apiKeys' {
  const apiKeys: Record<string, number>;
  export = apiKeys;
}
declare module 'kafkajs/src/protocol/error' {
  export function createErrorFromCode(code: number): Error & { type: string; code: number };
}
declare module 'kafkajs/src/network/socketFactory' {
  const socketFactory: () => import('kafkajs').ISocketFactory;
  export = socketFactory;
}
