import 'server-only';
import type { z } from 'zod';
import { ConfigError } from './config';

/**
 * Parses the environment variables one module owns with its zod schema. An empty value counts as
 * unset (as `X= npm start` means in a shell), and the first problem names its variable, so a bad
 * value stops the server at start-up with the setting to fix.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const blanked = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = schema.safeParse(blanked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  return parsed.data;
}

/** Settings read once from process.env; any other environment (a test's) is read afresh each call. */
export function envSettings<T>(read: (env: Record<string, string | undefined>) => T): (env?: Record<string, string | undefined>) => T {
  let cached: T | undefined;
  return (env = process.env) => (env === process.env ? (cached ??= read(env)) : read(env));
}
