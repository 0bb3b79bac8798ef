import { Admin, Producer, stringSerializer } from '@platformatic/kafka';
import { buildCodec, frameHeader } from '@/lib/server/schemas/schema-codec';

/**
 * `npm run demo` starts this beside the other demo producers (issue 16): a topic in each schema
 * format, produced continuously in the registry's framed encoding, so the console has Avro,
 * Protobuf and JSON Schema messages to decode. The Avro subject has two BACKWARD-compatible
 * versions (v2 adds a field with a default) and both are written, alternately: schema evolution.
 */

const prefix = process.env.RIFFLE_DEMO_PREFIX ?? '';
const offset = Number(process.env.KAFKA_PORT_OFFSET ?? 0);
const registry = (process.env.SCHEMA_REGISTRY_URL ?? `http://127.0.0.1:${8081 + offset}`).replace(/\/$/, '');
const brokers = (process.env.KAFKA_BROKERS ?? `127.0.0.1:${9092 + offset}`).split(',').map((b) => b.trim());

const ORDER_V1 = {
  type: 'record',
  name: 'Order',
  namespace: 'riffle.demo',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'customer', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'items', type: 'int' },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'] } },
  ],
};
const ORDER_V2 = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'coupon', type: ['null', 'string'], default: null }] };
const SHIPMENT_PROTO = `syntax = "proto3";
package riffle.demo;

message Shipment {
  string id = 1;
  string order_id = 2;
  string carrier = 3;
  int64 weight_grams = 4;
  repeated string parcels = 5;
  State state = 6;
  enum State { LABELLED = 0; IN_TRANSIT = 1; DELIVERED = 2; }
}
`;
const READING_JSON = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Reading',
  type: 'object',
  properties: { sensor: { type: 'string' }, celsius: { type: 'number' }, humidity: { type: 'integer', minimum: 0, maximum: 100 }, at: { type: 'string' } },
  required: ['sensor', 'celsius', 'at'],
};

const TOPICS = { avro: `${prefix}demo.orders.avro`, proto: `${prefix}demo.shipments.proto`, json: `${prefix}demo.readings.json` };

async function registry_<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${registry}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function register(subject: string, schemaType: 'AVRO' | 'PROTOBUF' | 'JSON', schema: string): Promise<number> {
  return (await registry_<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schemaType, schema })).id;
}

async function main(): Promise<void> {
  // the registry may still be starting: wait up to a minute
  for (let i = 0; ; i++) {
    try {
      await registry_('GET', '/subjects');
      break;
    } catch (err) {
      if (i >= 60) throw new Error(`no Schema Registry at ${registry}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const admin = new Admin({ clientId: 'riffle-schema-demo', bootstrapBrokers: brokers, retries: 5, retryDelay: 500 });
  const existing = new Set(await admin.listTopics());
  const missing = Object.values(TOPICS).filter((t) => !existing.has(t));
  if (missing.length) await admin.createTopics({ topics: missing.map((topic) => ({ topic, partitions: 2 })) }).catch(() => {});
  await admin.close();

  await registry_('PUT', `/config/${encodeURIComponent(`${TOPICS.avro}-value`)}`, { compatibility: 'BACKWARD' });
  const v1 = await register(`${TOPICS.avro}-value`, 'AVRO', JSON.stringify(ORDER_V1));
  const v2 = await register(`${TOPICS.avro}-value`, 'AVRO', JSON.stringify(ORDER_V2));
  const shipment = await register(`${TOPICS.proto}-value`, 'PROTOBUF', SHIPMENT_PROTO);
  const reading = await register(`${TOPICS.json}-value`, 'JSON', JSON.stringify(READING_JSON));
  const codecs = {
    v1: buildCodec({ schemaType: 'AVRO', schema: JSON.stringify(ORDER_V1), references: [] }),
    v2: buildCodec({ schemaType: 'AVRO', schema: JSON.stringify(ORDER_V2), references: [] }),
    shipment: buildCodec({ schemaType: 'PROTOBUF', schema: SHIPMENT_PROTO, references: [] }),
    reading: buildCodec({ schemaType: 'JSON', schema: JSON.stringify(READING_JSON), references: [] }),
  };
  const frame = (id: number, codec: (typeof codecs)['v1'], value: unknown) => Buffer.concat([frameHeader(id), codec.encode(value)]);
  console.log(`schema-demo: ${Object.values(TOPICS).join(', ')} (registry ${registry}; Avro ids ${v1}, ${v2})`);

  const producer = new Producer({ clientId: 'riffle-schema-demo', bootstrapBrokers: brokers, serializers: { key: stringSerializer }, autocreateTopics: false });
  const customers = ['ada', 'grace', 'linus', 'barbara', 'ken'];
  const carriers = ['DHL', 'UPS', 'PostNL', 'USPS'];
  let n = 0;
  let stopping = false;
  const timer = setInterval(() => {
    if (stopping) return;
    n++;
    const order = { id: `o-${n}`, customer: customers[n % customers.length]!, amount: Math.round(((n * 37) % 500) * 100 + 99) / 100, items: 1 + (n % 5), status: (['NEW', 'PAID', 'SHIPPED'] as const)[n % 3] };
    const messages = [
      // evolution: odd orders written with v1, even ones with v2 (and a coupon now and then)
      { topic: TOPICS.avro, key: order.id, value: n % 2 ? frame(v1, codecs.v1, order) : frame(v2, codecs.v2, { ...order, coupon: n % 4 === 0 ? 'SPRING' : null }) },
      { topic: TOPICS.proto, key: `s-${n}`, value: frame(shipment, codecs.shipment, { id: `s-${n}`, order_id: order.id, carrier: carriers[n % carriers.length], weight_grams: String(250 + ((n * 91) % 4000)), parcels: Array.from({ length: 1 + (n % 3) }, (_, i) => `p-${n}-${i}`), state: ['LABELLED', 'IN_TRANSIT', 'DELIVERED'][n % 3] }) },
      { topic: TOPICS.json, key: `sensor-${n % 4}`, value: frame(reading, codecs.reading, { sensor: `sensor-${n % 4}`, celsius: Math.round((15 + Math.sin(n / 10) * 8) * 10) / 10, humidity: 40 + (n % 50), at: new Date().toISOString() }) },
    ];
    producer.send({ messages }).catch((err: Error) => console.error(`schema-demo: send failed: ${err.message}`));
  }, 1000);
  const stop = async () => {
    stopping = true;
    clearInterval(timer);
    await producer.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(`schema-demo: ${(err as Error).message}`);
  process.exit(1);
});
