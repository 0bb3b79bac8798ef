import { describe, expect, it } from 'vitest';
import type { LogRecord } from './kafka-log';
import { RegistryState } from './state';

/**
 * The state rebuilt from `_schemas` records as Confluent's registry writes them (newer versions
 * add fields such as metadata and ruleSet, and may spell out schemaType AVRO), so a topic that
 * Confluent's registry or Karapace wrote is read the same way.
 */

let offset = 0n;
const rec = (key: unknown, value: unknown): LogRecord => ({
  offset: offset++,
  key: Buffer.from(JSON.stringify(key)),
  value: value === null ? null : Buffer.from(JSON.stringify(value)),
});
const schemaKey = (subject: string, version: number) => ({ keytype: 'SCHEMA', subject, version, magic: 1 });

describe('RegistryState', () => {
  it('reads schema, config, delete-subject, clear-subject and noop records', () => {
    const s = new RegistryState();
    s.apply(rec({ keytype: 'NOOP', magic: 0 }, null));
    s.apply(rec(schemaKey('a', 1), { subject: 'a', version: 1, id: 1, schemaType: 'AVRO', schema: '"string"', metadata: null, ruleSet: null, deleted: false }));
    s.apply(rec(schemaKey('a', 2), { subject: 'a', version: 2, id: 3, schema: '"bytes"', deleted: false }));
    s.apply(rec(schemaKey('b', 1), { subject: 'b', version: 1, id: 2, schemaType: 'PROTOBUF', schema: 'syntax = "proto3";', references: [] }));
    s.apply(rec({ keytype: 'CONFIG', subject: null, magic: 0 }, { compatibilityLevel: 'FULL' }));
    s.apply(rec({ keytype: 'CONFIG', subject: 'a', magic: 0 }, { compatibilityLevel: 'NONE', alias: null, normalize: null }));
    expect(s.versionsOf('a', false).map((v) => [v.version, v.id, v.schemaType])).toEqual([
      [1, 1, 'AVRO'],
      [2, 3, 'AVRO'],
    ]);
    expect(s.versionsOf('b', false)[0]).toMatchObject({ id: 2, schemaType: 'PROTOBUF', deleted: false });
    expect([s.globalLevel(), s.levelOf('a'), s.levelOf('b')]).toEqual(['FULL', 'NONE', 'FULL']);
    expect(s.maxId).toBe(3);
    expect(s.idOf('AVRO', '"bytes"', [])).toBe(3);
    expect(s.usesOf(1).map((v) => v.subject)).toEqual(['a']);

    // Soft delete of the subject up to version 1, then a clear of what is deleted.
    s.apply(rec({ keytype: 'DELETE_SUBJECT', subject: 'a', magic: 0 }, { subject: 'a', version: 1 }));
    expect(s.versionsOf('a', false).map((v) => v.version)).toEqual([2]);
    expect(s.versionsOf('a', true).map((v) => v.version)).toEqual([1, 2]);
    s.apply(rec({ keytype: 'CLEAR_SUBJECT', subject: 'a', magic: 0 }, { subject: 'a' }));
    expect(s.versionsOf('a', true).map((v) => v.version)).toEqual([2]);
    expect(s.usesOf(1)).toEqual([]);
    expect(s.idOf('AVRO', '"string"', [])).toBeNull();

    // Tombstones: a version and a subject config go away; the highest id stays the highest.
    s.apply(rec(schemaKey('a', 2), null));
    s.apply(rec({ keytype: 'CONFIG', subject: 'a', magic: 0 }, null));
    expect(s.versionsOf('a', true)).toEqual([]);
    expect(s.subjects.has('a')).toBe(false);
    expect(s.levelOf('a')).toBe('FULL');
    expect(s.maxId).toBe(3);
  });

  it('skips records it does not understand instead of failing', () => {
    const s = new RegistryState();
    s.apply({ offset: 0n, key: Buffer.from('not json'), value: Buffer.from('{}') });
    s.apply({ offset: 1n, key: null, value: null });
    s.apply(rec({ keytype: 'MODE', subject: null, magic: 0 }, { mode: 'READWRITE' }));
    s.apply(rec({ keytype: 'CONTEXT', tenant: 'default', context: '.', magic: 0 }, {}));
    s.apply(rec(schemaKey('x', 1), { subject: 'x', version: 1 }));
    s.apply(rec({ keytype: 'CONFIG', subject: null, magic: 0 }, { compatibilityLevel: 'SIDEWAYS' }));
    expect(s.subjects.size).toBe(0);
    expect(s.globalLevel()).toBe('BACKWARD');
  });

  it('replaces a version re-written with deleted: true (a soft-deleted version) without losing its id', () => {
    const s = new RegistryState();
    s.apply(rec(schemaKey('c', 1), { subject: 'c', version: 1, id: 7, schema: '"int"', deleted: false }));
    s.apply(rec(schemaKey('c', 1), { subject: 'c', version: 1, id: 7, schema: '"int"', deleted: true }));
    expect(s.versionsOf('c', false)).toEqual([]);
    expect(s.usesOf(7).map((v) => v.deleted)).toEqual([true]);
  });
});
