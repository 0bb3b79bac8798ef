import { execFileSync } from 'node:child_process';

export interface KcatBroker {
  id: number;
  name: string;
}

/** Brokers as kcat (librdkafka, an independent client) sees them. */
export function kcatBrokers(): KcatBroker[] {
  const out = execFileSync('kcat', ['-b', process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', '-L', '-J'], { timeout: 30_000 }).toString();
  return (JSON.parse(out) as { brokers: KcatBroker[] }).brokers.sort((a, b) => a.id - b.id);
}
