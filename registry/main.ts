/**
 * Riffle's local Confluent-compatible Schema Registry: `npm run registry:up` starts it in the
 * background (scripts/registry.mjs); this is the process itself.
 *
 *   REGISTRY_PORT        where the REST API listens (127.0.0.1); default 8081 + KAFKA_PORT_OFFSET
 *   KAFKA_BROKERS        bootstrap servers; default 127.0.0.1:(9092 + KAFKA_PORT_OFFSET)
 *   REGISTRY_TOPIC       the store; default _schemas (Confluent's kafkastore.topic default)
 *   REGISTRY_GROUP       the election group; default riffle-schema-registry
 */
import { Election } from './election';
import { KafkaLog } from './kafka-log';
import { createServer } from './server';
import { RegistryService } from './service';

const offset = Number(process.env.KAFKA_PORT_OFFSET ?? 0);
const port = Number(process.env.REGISTRY_PORT ?? 8081 + offset);
const host = process.env.REGISTRY_HOST ?? '127.0.0.1';
const brokers = (process.env.KAFKA_BROKERS ?? `127.0.0.1:${9092 + offset}`).split(',').map((b) => b.trim()).filter(Boolean);
const topic = process.env.REGISTRY_TOPIC ?? '_schemas';
const group = process.env.REGISTRY_GROUP ?? 'riffle-schema-registry';
const myUrl = `http://${host}:${port}`;

const log = new KafkaLog(brokers, topic, 'riffle-schema-registry');
const service = new RegistryService(log);
const election = new Election(brokers, group, `${topic}_leader`, myUrl, () => service.syncAsLeader());
const server = createServer(service, election);

async function main(): Promise<void> {
  await log.ensureTopic();
  log.start((r) => service.state.apply(r));
  await log.catchUp(60_000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  await election.start();
  // Ready once some instance writes: this one, or a writer it can forward to.
  const leader = await election.leaderUrl(30_000);
  console.log(`registry: listening at ${myUrl} (Kafka ${brokers.join(',')}, topic ${topic}); writer: ${leader ?? 'not elected yet'}`);
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  await election.stop();
  await log.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

main().catch((err) => {
  console.error(`registry: failed to start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
