import { humanBytes, humanDuration } from '@/lib/contracts/topics';

/** A config value with a human unit where the key says what it measures. */
export function humanConfig(name: string, value: string | null): string | null {
  if (value == null) return null;
  if (/\.ms$/.test(name)) return humanDuration(value);
  if (/bytes$/.test(name)) return humanBytes(value);
  return null;
}

/** Where a config value comes from, in words. */
export const CONFIG_SOURCE_LABEL: Record<string, string> = {
  default: 'default',
  'static-broker': 'static (server.properties)',
  'dynamic-broker': 'dynamic (this broker)',
  'dynamic-default-broker': 'dynamic (cluster-wide)',
  'broker-logger': 'dynamic (logger)',
  topic: 'topic override',
  unknown: 'unknown',
};
