import avro from 'avsc';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { javaDecode, javaEncode } from '../helpers/schema-oracle';
import { call, dropStore, newStore, startRegistry, type RegistryInstance } from './registry-process';

/**
 * Confluent-framed values written by the formats' own Java libraries (Apache Avro's encoder,
 * protobuf-java) with ids this registry gave: the id in each frame resolves through the registry
 * to the schema it was written with, the JS codecs the console uses (avsc, protobufjs) read the
 * bytes back to the values written, and bytes the JS codecs write are read back by the Java
 * decoders. This holds the registry's ids and the shared helper (test/helpers/schema-oracle.ts)
 * to account; the console's own decoding is tested on top of both.
 */

const store = newStore('wire');
let reg: RegistryInstance;

beforeAll(async () => {
  reg = await startRegistry(store);
}, 180_000);

afterAll(async () => {
  await reg?.stop();
  await dropStore(store);
});

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Reading',
  namespace: 'riffle.wire',
  fields: [
    { name: 'station', type: 'string' },
    { name: 'celsius', type: 'double' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'count', type: 'int' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'sky', type: { type: 'enum', name: 'Sky', symbols: ['CLEAR', 'CLOUDY', 'RAIN'] } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'extra', type: { type: 'map', values: 'long' } },
    { name: 'place', type: { type: 'record', name: 'Place', fields: [{ name: 'lat', type: 'float' }, { name: 'lon', type: 'float' }] } },
  ],
});

const AVRO_VALUES = [
  { station: 'KSEA', celsius: 11.5, at: 1733400000000, count: 3, note: null, sky: 'RAIN', tags: ['coastal', 'wet'], extra: { gusts: 42 }, place: { lat: 47.5, lon: -122.25 } },
  { station: 'Zürich ☂', celsius: -3.25, at: 0, count: -7, note: { string: 'ünïcode' }, sky: 'CLEAR', tags: [], extra: {}, place: { lat: 0, lon: 0 } },
];

const PROTO = `syntax = "proto3";
package riffle.wire;

message Reading {
  string station = 1;
  double celsius = 2;
  int64 at = 3;
  repeated string tags = 4;
  map<string, int32> extra = 5;
  Sky sky = 6;
  message Place { float lat = 1; float lon = 2; }
  Place place = 7;
  enum Sky { CLEAR = 0; CLOUDY = 1; RAIN = 2; }
}

message Alert {
  string text = 1;
}
`;

const PROTO_VALUES = [
  { station: 'KSEA', celsius: 11.5, at: '1733400000000', tags: ['coastal'], extra: { gusts: 42 }, sky: 'RAIN', place: { lat: 47.5, lon: -122.25 } },
  // 64-bit beyond 2^53; no empty lists or maps: proto3 does not tell an empty one from an absent one.
  { station: 'Zürich ☂', celsius: -3.25, at: '-9007199254740993', tags: ['a', 'b'], extra: { x: -1 }, sky: 'CLOUDY', place: { lat: 1.5, lon: 2.5 } },
];

it('frames Avro values written by Apache Avro with the registry\'s id; avsc reads them back; Java reads avsc\'s bytes', async () => {
  const reg1 = await call<{ id: number }>(reg.url, 'POST', '/subjects/wire-avro-value/versions', { schema: AVRO });
  expect(reg1.status, reg1.text).toBe(200);
  const id = reg1.body.id;
  const frames = await javaEncode(AVRO_VALUES.map((json) => ({ format: 'AVRO', schema: AVRO, id, json })));
  const type = avro.Type.forSchema(JSON.parse(AVRO), { wrapUnions: true });
  for (const [i, frame] of frames.entries()) {
    expect(frame[0]).toBe(0);
    const frameId = frame.readInt32BE(1);
    expect(frameId).toBe(id);
    // The id resolves, through the registry, to the schema the value was written with.
    const byId = await call<{ schema: string }>(reg.url, 'GET', `/schemas/ids/${frameId}`);
    expect(byId.body.schema).toBe(AVRO);
    const value = type.fromBuffer(frame.subarray(5));
    expect(JSON.parse(type.toString(value))).toEqual(AVRO_VALUES[i]);
  }
  // The other way: avsc writes, Apache Avro reads.
  const jsFrames = AVRO_VALUES.map((v) => {
    const header = Buffer.alloc(5);
    header.writeInt32BE(id, 1);
    return Buffer.concat([header, type.toBuffer(type.fromString(JSON.stringify(v)))]);
  });
  expect(jsFrames[0]!.equals(frames[0]!)).toBe(true);
  const back = await javaDecode(jsFrames.map((frame) => ({ format: 'AVRO', schema: AVRO, frame })));
  expect(back.map((b) => ('error' in b ? b.error : b.json))).toEqual(AVRO_VALUES);
  expect(back.map((b) => ('error' in b ? b.error : b.id))).toEqual([id, id]);
  // A truncated frame is refused by the Java decoder, not misread.
  const [cut] = await javaDecode([{ format: 'AVRO', schema: AVRO, frame: frames[0]!.subarray(0, 12) }]);
  expect(cut).toHaveProperty('error');
});

it('frames Protobuf values written by protobuf-java with the registry\'s id and message indexes; protobufjs reads them back', async () => {
  const reg1 = await call<{ id: number }>(reg.url, 'POST', '/subjects/wire-proto-value/versions', { schema: PROTO, schemaType: 'PROTOBUF' });
  expect(reg1.status, reg1.text).toBe(200);
  const id = reg1.body.id;
  const stored = await call<{ schema: string; schemaType: string }>(reg.url, 'GET', `/schemas/ids/${id}`);
  expect(stored.body.schemaType).toBe('PROTOBUF');
  const frames = await javaEncode([
    ...PROTO_VALUES.map((json) => ({ format: 'PROTOBUF' as const, schema: stored.body.schema, id, json })),
    { format: 'PROTOBUF', schema: stored.body.schema, id, json: { lat: 9.5, lon: 8.5 }, message: 'Reading.Place' },
    { format: 'PROTOBUF', schema: stored.body.schema, id, json: { text: 'storm' }, message: 'Alert' },
  ]);
  const root = protobuf.parse(stored.body.schema, { keepCase: true }).root;
  const reading = root.lookupType('riffle.wire.Reading');
  const toJson = (t: protobuf.Type, bytes: Buffer) => t.toObject(t.decode(bytes), { longs: String, enums: String, defaults: false });
  for (const [i, frame] of frames.slice(0, 2).entries()) {
    expect(frame.readInt32BE(1)).toBe(id);
    // [0], the file's first message, is written as the single byte 0.
    expect(frame[5]).toBe(0);
    expect(toJson(reading, frame.subarray(6))).toEqual(PROTO_VALUES[i]);
  }
  // Reading.Place: index path [0, 1] (count 2, then 0, 1 as zigzag varints): nested index 1, as
  // the map field's implicit ExtraEntry message is nested type 0 in the descriptor. Alert: [1].
  expect([...frames[2]!.subarray(5, 8)]).toEqual([4, 0, 2]);
  expect(toJson(root.lookupType('riffle.wire.Reading.Place'), frames[2]!.subarray(8))).toEqual({ lat: 9.5, lon: 8.5 });
  expect([...frames[3]!.subarray(5, 7)]).toEqual([2, 2]);
  expect(toJson(root.lookupType('riffle.wire.Alert'), frames[3]!.subarray(7))).toEqual({ text: 'storm' });

  const decoded = await javaDecode(frames.map((frame) => ({ format: 'PROTOBUF', schema: stored.body.schema, frame })));
  expect(decoded.map((d) => ('error' in d ? d.error : [d.id, d.message, d.indexes]))).toEqual([
    [id, 'riffle.wire.Reading', [0]],
    [id, 'riffle.wire.Reading', [0]],
    [id, 'riffle.wire.Reading.Place', [0, 1]],
    [id, 'riffle.wire.Alert', [1]],
  ]);
  expect(decoded.slice(0, 2).map((d) => ('json' in d ? d.json : null))).toEqual(PROTO_VALUES);
  // protobufjs writes, protobuf-java reads.
  const jsBytes = Buffer.from(reading.encode(reading.fromObject(PROTO_VALUES[0]!)).finish());
  const header = Buffer.from([0, 0, 0, 0, 0, 0]);
  header.writeInt32BE(id, 1);
  const [fromJs] = await javaDecode([{ format: 'PROTOBUF', schema: stored.body.schema, frame: Buffer.concat([header, jsBytes]) }]);
  expect('json' in fromJs! ? fromJs.json : fromJs).toEqual(PROTO_VALUES[0]);
});
