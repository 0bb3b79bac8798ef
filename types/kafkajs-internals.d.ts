// KafkaJS 2.2.4 internals used by lib/server/messages/kafka-reader.ts (pinned version: the
// low-level Cluster/Broker API gives manual partition assignment, which the public API lacks).
declare module 'kafkajs/src/cluster' {
  const Cluster: new (options: Record<string, unknown>) => unknown;
  export = Cluster;
}
declare module 'kafkajs/src/loggers' {
  export const createLogger: (o: { level: number; logCreator: unknown }) => unknown;
  export const LEVELS: { NOTHING: number; ERROR: number; WARN: number; INFO: number; DEBUG: number };
}
declare module 'kafkajs/src/network/socketFactory' {
  const socketFactory: () => unknown;
  export = socketFactory;
}
