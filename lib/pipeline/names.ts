/**
 * Every topic, group and transactional id the weather pipeline uses, derived from one prefix
 * (PIPELINE_PREFIX, default none) and each overridable on its own. Tests run the real pipeline
 * on `t6-<run>-weather.raw` etc. without touching the demo's topics.
 */
export interface PipelineNames {
  prefix: string;
  raw: string;
  processed: string;
  dlq: string;
  changelog: string;
  control: string;
  processorGroup: string;
  writerGroup: string;
  producerControlGroup: string;
  transactionalIdPrefix: string;
}

type Env = Record<string, string | undefined>;

export const PREFIX_PATTERN = /^[a-zA-Z0-9._-]{0,120}$/;

export function pipelineNames(prefix = '', overrides: Partial<PipelineNames> = {}, env: Env = {}): PipelineNames {
  if (!PREFIX_PATTERN.test(prefix)) throw new Error(`pipeline prefix "${prefix}" may hold only letters, digits, ".", "_" and "-"`);
  const base: PipelineNames = {
    prefix,
    raw: env.WEATHER_RAW_TOPIC ?? `${prefix}weather.raw`,
    processed: env.WEATHER_PROCESSED_TOPIC ?? `${prefix}weather.processed`,
    dlq: env.WEATHER_DLQ_TOPIC ?? `${prefix}weather.dlq`,
    changelog: env.WEATHER_CHANGELOG_TOPIC ?? `${prefix}weather-processor-windows-changelog`,
    control: env.WEATHER_CONTROL_TOPIC ?? `${prefix}weather.control`,
    processorGroup: env.WEATHER_PROCESSOR_GROUP ?? `${prefix}weather-processor`,
    writerGroup: env.WEATHER_WRITER_GROUP ?? `${prefix}weather-db-writer`,
    producerControlGroup: env.WEATHER_PRODUCER_CONTROL_GROUP ?? `${prefix}weather-producer-control`,
    transactionalIdPrefix: env.WEATHER_TRANSACTIONAL_ID_PREFIX ?? `${prefix}weather-processor-tx`,
  };
  return { ...base, ...overrides };
}

/** Names from the environment (PIPELINE_PREFIX and the per-name overrides). */
export function namesFromEnv(env: Env = process.env): PipelineNames {
  return pipelineNames(env.PIPELINE_PREFIX ?? '', {}, env);
}
