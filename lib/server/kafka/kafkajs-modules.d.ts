// KafkaJS ships no types for its internals. The offsets adapter sends a few admin requests
// through its protocol layer to keep the broker's own error messages (see offsets.ts sendRaw).
// The shapes it relies on are in kafkajs-internals.ts.
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
