/**
 * Avro schema pairs for the compatibility oracle (avro-compatibility.test.ts): for each, can data
 * written with `writer` be read with `reader`? Apache Avro's Java SchemaCompatibility decides the
 * expected answer at test time; the corpus only names the cases, it holds no verdicts.
 */
export interface AvroPair {
  name: string;
  writer: unknown;
  reader: unknown;
}

const rec = (name: string, fields: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'record', name, fields, ...extra });
const f = (name: string, type: unknown, extra: Record<string, unknown> = {}) => ({ name, type, ...extra });
const en = (symbols: string[], extra: Record<string, unknown> = {}) => ({ type: 'enum', name: 'Colour', symbols, ...extra });
const fx = (size: number, name = 'Hash', extra: Record<string, unknown> = {}) => ({ type: 'fixed', name, size, ...extra });

export const AVRO_PAIRS: AvroPair[] = [
  // primitives and the specification's promotions
  { name: 'int read as long', writer: 'int', reader: 'long' },
  { name: 'long read as int', writer: 'long', reader: 'int' },
  { name: 'int read as float', writer: 'int', reader: 'float' },
  { name: 'int read as double', writer: 'int', reader: 'double' },
  { name: 'long read as float', writer: 'long', reader: 'float' },
  { name: 'long read as double', writer: 'long', reader: 'double' },
  { name: 'float read as double', writer: 'float', reader: 'double' },
  { name: 'double read as float', writer: 'double', reader: 'float' },
  { name: 'float read as long', writer: 'float', reader: 'long' },
  { name: 'string read as bytes', writer: 'string', reader: 'bytes' },
  { name: 'bytes read as string', writer: 'bytes', reader: 'string' },
  { name: 'string read as int', writer: 'string', reader: 'int' },
  { name: 'boolean read as int', writer: 'boolean', reader: 'int' },
  { name: 'null read as null', writer: 'null', reader: 'null' },
  { name: 'null read as string', writer: 'null', reader: 'string' },
  // records: fields added, removed, defaults, order, renames
  { name: 'field added with a default', writer: rec('R', [f('a', 'int')]), reader: rec('R', [f('a', 'int'), f('b', 'string', { default: 'x' })]) },
  { name: 'field added without a default', writer: rec('R', [f('a', 'int')]), reader: rec('R', [f('a', 'int'), f('b', 'string')]) },
  { name: 'field removed', writer: rec('R', [f('a', 'int'), f('b', 'string')]), reader: rec('R', [f('a', 'int')]) },
  { name: 'field promoted int to long', writer: rec('R', [f('a', 'int')]), reader: rec('R', [f('a', 'long')]) },
  { name: 'field changed int to string', writer: rec('R', [f('a', 'int')]), reader: rec('R', [f('a', 'string')]) },
  { name: 'fields reordered', writer: rec('R', [f('a', 'int'), f('b', 'string')]), reader: rec('R', [f('b', 'string'), f('a', 'int')]) },
  { name: 'optional field added with null default', writer: rec('R', [f('a', 'int')]), reader: rec('R', [f('a', 'int'), f('b', ['null', 'string'], { default: null })]) },
  { name: 'field renamed without alias', writer: rec('R', [f('a', 'int')]), reader: rec('R', [f('z', 'int')]) },
  { name: 'field renamed with a reader alias', writer: rec('R', [f('a', 'int')]), reader: rec('R', [f('z', 'int', { aliases: ['a'] })]) },
  { name: 'record renamed without alias', writer: rec('R', [f('a', 'int')]), reader: rec('S', [f('a', 'int')]) },
  { name: 'record renamed with a reader alias', writer: rec('R', [f('a', 'int')]), reader: rec('S', [f('a', 'int')], { aliases: ['R'] }) },
  { name: 'record namespace changed', writer: rec('R', [f('a', 'int')], { namespace: 'one' }), reader: rec('R', [f('a', 'int')], { namespace: 'two' }) },
  // nested records
  {
    name: 'nested record gains a defaulted field',
    writer: rec('Outer', [f('inner', rec('Inner', [f('x', 'int')]))]),
    reader: rec('Outer', [f('inner', rec('Inner', [f('x', 'int'), f('y', 'double', { default: 0 })]))]),
  },
  {
    name: 'nested record gains a field without default',
    writer: rec('Outer', [f('inner', rec('Inner', [f('x', 'int')]))]),
    reader: rec('Outer', [f('inner', rec('Inner', [f('x', 'int'), f('y', 'double')]))]),
  },
  {
    name: 'array of nested records gains a defaulted field',
    writer: rec('Outer', [f('items', { type: 'array', items: rec('Item', [f('x', 'int')]) })]),
    reader: rec('Outer', [f('items', { type: 'array', items: rec('Item', [f('x', 'int'), f('tag', 'string', { default: '' })]) })]),
  },
  {
    name: 'recursive list unchanged',
    writer: rec('Node', [f('value', 'int'), f('next', ['null', 'Node'], { default: null })]),
    reader: rec('Node', [f('value', 'int'), f('next', ['null', 'Node'], { default: null })]),
  },
  // unions
  { name: 'string read as optional string', writer: 'string', reader: ['null', 'string'] },
  { name: 'optional string read as string', writer: ['null', 'string'], reader: 'string' },
  { name: 'union gains a branch', writer: ['null', 'int'], reader: ['null', 'int', 'string'] },
  { name: 'union loses a branch', writer: ['int', 'string', 'boolean'], reader: ['int', 'string'] },
  { name: 'union branch promoted int to long', writer: ['int', 'string'], reader: ['long', 'string'] },
  { name: 'union branch narrowed long to int', writer: ['null', 'long'], reader: ['null', 'int'] },
  { name: 'int read as a union with long', writer: 'int', reader: ['null', 'long'] },
  { name: 'int read as a union of string and float', writer: 'int', reader: ['string', 'float'] },
  { name: 'int read as a union without a match', writer: 'int', reader: ['string', 'boolean'] },
  { name: 'string read as a union with bytes', writer: 'string', reader: ['null', 'bytes'] },
  { name: 'optional record read as record', writer: ['null', rec('R', [f('a', 'int')])], reader: rec('R', [f('a', 'int')]) },
  // enums
  { name: 'enum gains a symbol', writer: en(['RED', 'GREEN']), reader: en(['RED', 'GREEN', 'BLUE']) },
  { name: 'enum loses a symbol, no default', writer: en(['RED', 'GREEN', 'BLUE']), reader: en(['RED', 'GREEN']) },
  { name: 'enum loses a symbol, reader default', writer: en(['RED', 'GREEN', 'BLUE']), reader: en(['RED', 'GREEN', 'UNKNOWN'], { default: 'UNKNOWN' }) },
  { name: 'enum symbols reordered', writer: en(['RED', 'GREEN']), reader: en(['GREEN', 'RED']) },
  { name: 'enum renamed without alias', writer: en(['RED']), reader: { type: 'enum', name: 'Hue', symbols: ['RED'] } },
  { name: 'enum renamed with a reader alias', writer: en(['RED']), reader: { type: 'enum', name: 'Hue', symbols: ['RED'], aliases: ['Colour'] } },
  { name: 'enum field in record loses a symbol, reader default', writer: rec('R', [f('c', en(['A', 'B', 'C']))]), reader: rec('R', [f('c', en(['A', 'B'], { default: 'A' }))]) },
  // fixed
  { name: 'fixed same size', writer: fx(16), reader: fx(16) },
  { name: 'fixed size changed', writer: fx(16), reader: fx(8) },
  { name: 'fixed renamed', writer: fx(16), reader: fx(16, 'Digest') },
  { name: 'fixed renamed with a reader alias', writer: fx(16), reader: fx(16, 'Digest', { aliases: ['Hash'] }) },
  { name: 'fixed read as bytes', writer: fx(4), reader: 'bytes' },
  { name: 'bytes read as fixed', writer: 'bytes', reader: fx(4) },
  // arrays and maps
  { name: 'array of int read as array of long', writer: { type: 'array', items: 'int' }, reader: { type: 'array', items: 'long' } },
  { name: 'array of int read as array of string', writer: { type: 'array', items: 'int' }, reader: { type: 'array', items: 'string' } },
  { name: 'map of int read as map of double', writer: { type: 'map', values: 'int' }, reader: { type: 'map', values: 'double' } },
  { name: 'map read as array', writer: { type: 'map', values: 'int' }, reader: { type: 'array', items: 'int' } },
  // logical types (resolution looks at the underlying type)
  { name: 'timestamp-millis read as long', writer: { type: 'long', logicalType: 'timestamp-millis' }, reader: 'long' },
  { name: 'date read as long', writer: { type: 'int', logicalType: 'date' }, reader: 'long' },
  {
    name: 'decimal precision changed',
    writer: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 },
    reader: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 },
  },
];
