import { ConfigResourceTypes, ConfigSources } from '@platformatic/kafka';
import { TestAdmin } from '../helpers/kafka-admin';
import { BOOTSTRAP } from '../helpers/kcat';
import { kafkaToolAsync } from '../helpers/kafka-tools';

/** A separate client (not the console's) as a second opinion where kcat can't look (configs). */
export async function secondOpinionAdmin(): Promise<TestAdmin> {
  return new TestAdmin('t3-second-opinion', BOOTSTRAP);
}

/** Topic config overrides (source TOPIC_CONFIG) as the broker reports them. */
export async function topicOverrides(admin: TestAdmin, topic: string): Promise<Record<string, string>> {
  const [resource] = await admin.admin.describeConfigs({ includeSynonyms: false, resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic }] });
  const out: Record<string, string> = {};
  for (const e of resource!.configs) if (e.configSource === ConfigSources.DYNAMIC_TOPIC_CONFIG && e.value != null) out[e.name] = e.value;
  return out;
}

/** Topic overrides as Kafka's own kafka-configs.sh --describe prints them: a third opinion. */
export async function kafkaConfigsDescribe(topic: string): Promise<Record<string, string>> {
  const out = await kafkaToolAsync('org.apache.kafka.tools.ConfigCommand', ['--bootstrap-server', BOOTSTRAP, '--describe', '--entity-type', 'topics', '--entity-name', topic]);
  const result: Record<string, string> = {};
  for (const m of out.matchAll(/^\s+([a-z0-9._-]+)=(\S*) sensitive=/gm)) result[m[1]!] = m[2]!;
  return result;
}
