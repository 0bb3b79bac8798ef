import avro from 'avsc';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { buildCodec, frameHeader, SchemaParseError } from './schema-codec';

// Bytes below are written by the libraries' own encoders (avsc, protobufjs), independently of the codec under test.

const avroSchema = JSON.stringify({
  type: 'record',
  name: 'Reading',
  fields: [
    { name: 'station', type: 'string' },
    { name: 'temp', type: 'double' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});

describe('Avro codec', () => {
  const codec = buildCodec({ schemaType: 'AVRO', schema: avroSchema, references: [] });
  const type = avro.Type.forSchema(JSON.parse(avroSchema));

  it('decodes avsc-written bytes to the JSON value', () => {
    const bytes = type.toBuffer({ station: 'KSEA', temp: 12.5, note: 'wet' });
    expect(JSON.parse(codec.decode(bytes))).toEqual({ station: 'KSEA', temp: 12.5, note: 'wet' });
  });

  it('says why truncated bytes do not decode', () => {
    const bytes = type.toBuffer({ station: 'KSEA', temp: 12.5, note: null });
    expect(() => codec.decode(bytes.subarray(0, 4))).toThrow(/truncated/);
  });

  it('validates with a path per problem and encodes what avsc decodes back', () => {
    expect(codec.validate({ station: 'KSEA', temp: 'warm' })).toEqual([expect.stringContaining('$.temp')]);
    expect(codec.validate({ station: 'KSEA', temp: 1 })).toEqual([]);
    expect(type.fromBuffer(codec.encode({ station: 'X', temp: 1, note: 'n' }))).toMatchObject({ station: 'X', temp: 1, note: 'n' });
  });

  it('refuses a schema avsc cannot parse, with its reason', () => {
    expect(() => buildCodec({ schemaType: 'AVRO', schema: '{"type":"record"}', references: [] })).toThrow(SchemaParseError);
  });
});

describe('Protobuf codec', () => {
  const proto = 'syntax = "proto3";\npackage demo;\nmessage First { string a = 1; }\nmessage Order { string id = 1; int64 qty = 2; message Line { string sku = 1; } repeated Line lines = 3; }\n';
  const codec = buildCodec({ schemaType: 'PROTOBUF', schema: proto, references: [] });
  const root = protobuf.parse(proto, { keepCase: true }).root;
  const Order = root.lookupType('demo.Order');
  const Line = root.lookupType('demo.Order.Line');

  it('follows the message-index list to the second top-level message', () => {
    const idx = protobuf.Writer.create().sint32(1).sint32(1).finish(); // one index: [1]
    const body = Order.encode(Order.create({ id: 'o1', qty: 3, lines: [{ sku: 's' }] })).finish();
    expect(JSON.parse(codec.decode(Buffer.concat([idx, body])))).toEqual({ id: 'o1', qty: '3', lines: [{ sku: 's' }] });
  });

  it('follows a nested index path', () => {
    const idx = protobuf.Writer.create().sint32(2).sint32(1).sint32(0).finish(); // [1, 0]: Order.Line
    expect(JSON.parse(codec.decode(Buffer.concat([idx, Line.encode({ sku: 'z' }).finish()])))).toEqual({ sku: 'z' });
  });

  it('names an index the schema does not have', () => {
    const idx = protobuf.Writer.create().sint32(1).sint32(7).finish();
    expect(() => codec.decode(Buffer.from(idx))).toThrow(/message index 7/);
  });

  it('refuses unknown fields when validating', () => {
    expect(codec.validate({ a: 'x', nope: 1 })).toEqual([expect.stringContaining('no field "nope"')]);
  });
});

describe('JSON Schema codec', () => {
  const codec = buildCodec({ schemaType: 'JSON', schema: JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }), references: [] });
  it('decodes the JSON after the header and validates with ajv', () => {
    expect(codec.decode(Buffer.from('{"n":1}'))).toBe('{"n":1}');
    expect(() => codec.decode(Buffer.from('{"n":'))).toThrow();
    expect(codec.validate({ n: 'x' })).toEqual(['$.n: must be integer']);
    expect(codec.validate({})).toHaveLength(1);
  });
});

it('writes the Confluent frame header: magic 0 and the id big-endian', () => {
  expect([...frameHeader(258)]).toEqual([0, 0, 0, 1, 2]);
});
