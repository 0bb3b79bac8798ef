import { Kafka, logLevel, type Admin } from 'kafkajs';
import { BOOTSTRAP } from '../helpers/kcat';
import { kafkaToolAsync } from '../helpers/kafka-tools';

/** A separate KafkaJS admin (not the console's) as a second opinion where kcat can't look (configs). */
export async function secondOpinionAdmin(): Promise<Admin> {
  const admin = new Kafka({ clientId: 't3-second-opinion', brokers: [BOOTSTRAP], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  return admin;
}

/** Topic config overrides (source TOPIC_CONFIG) as the broker reports them. */
export async function topicOverrides(admin: Admin, topic: string): Promise<Record<string, string>> {
  const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic }] });
  const out: Record<string, string> = {};
  for (const e of resources[0]!.configEntries) if (e.configSource === 1) out[e.configName] = e.configValue;
  return out;
}

/** Topic overrides as Kafka's own kafka-configs.sh --describe prints them: a third opinion. */
export async function kafkaConfigsDescribe(topic: string): Promise<Record<string, string>> {
  const out = await kafkaToolAsync('org.apache.kafka.tools.ConfigCommand', ['--bootstrap-server', BOOTSTRAP, '--describe', '--entity-type', 'topics', '--entity-name', topic]);
  const result: Record<string, string> = {};
  for (const m of out.matchAll(/^\s+([a-z0-9._-]+)=(\S*) sensitive=/gm)) result[m[1]!] = m[2]!;
  return result;
}
