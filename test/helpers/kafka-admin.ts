import { Kafka, logLevel, type Admin } from 'kafkajs';
import { BOOTSTRAP } from './kcat';

/** A plain KafkaJS admin for test set-up (creating and deleting the test's own topics). */
export async function testAdmin(): Promise<Admin> {
  const admin = new Kafka({ clientId: 'riffle-test-setup', brokers: [BOOTSTRAP], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  return admin;
}
