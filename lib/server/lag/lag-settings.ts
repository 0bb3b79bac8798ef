import 'server-only';
import { z } from 'zod';
import { envSettings, parseEnv } from '../env-settings';
import type { EvalOptions } from './lag-evaluator';

const schema = z.object({
  /** How often the sampler records every group's offsets; 0 turns the sampler off. */
  RIFFLE_LAG_SAMPLE_MS: z.coerce.number().int().refine((n) => n === 0 || n >= 250, '0 (off) or at least 250 ms').default(10_000),
  /** How long lag history is kept. */
  RIFFLE_LAG_RETENTION_HOURS: z.coerce.number().positive().default(168),
  /** Samples in the status window (Burrow's default is 10). */
  RIFFLE_LAG_WINDOW: z.coerce.number().int().min(3).max(1000).default(10),
});

export interface LagSettings {
  sampleMs: number;
  retentionMs: number;
  eval: EvalOptions;
}

/** Parsed once; a bad value names the variable (checked at start-up by instrumentation-node). */
export const lagSettings = envSettings((env): LagSettings => {
  const e = parseEnv(schema, env);
  return {
    sampleMs: e.RIFFLE_LAG_SAMPLE_MS,
    retentionMs: e.RIFFLE_LAG_RETENTION_HOURS * 3_600_000,
    eval: { windowSize: e.RIFFLE_LAG_WINDOW, minSamples: 3 },
  };
});
