import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskMessage, maskerFor, parseJsonPath } from './masking';
import type { MaskRule } from './auth-settings';

const rule = (r: Partial<MaskRule> & Pick<MaskRule, 'topics'>): MaskRule => ({ replacement: '****', exemptRoles: [], ...r });
const viewer = { role: 'viewer' as const };
const admin = { role: 'admin' as const };

describe('maskMessage', () => {
  it('masks a JSON path in the value of matching topics only', () => {
    const rules = [rule({ topics: ['payments.*'], path: '$.card.number' })];
    const value = JSON.stringify({ card: { number: '4111111111111111', brand: 'visa' }, amount: 12 });
    const out = maskMessage(viewer, 'payments.eu', { key: 'k', value }, rules);
    expect(JSON.parse(out.value!)).toEqual({ card: { number: '****', brand: 'visa' }, amount: 12 });
    expect(maskMessage(viewer, 'orders', { key: 'k', value }, rules).value).toBe(value);
  });

  it('follows [*], [n] and recursive descent', () => {
    const value = JSON.stringify({ items: [{ iban: 'A', n: 1 }, { iban: 'B' }], deep: { x: { password: 'p' } }, password: 'q' });
    const wild = maskMessage(viewer, 't', { key: null, value }, [rule({ topics: ['t'], path: '$.items[*].iban' })]);
    expect(JSON.parse(wild.value!).items).toEqual([{ iban: '****', n: 1 }, { iban: '****' }]);
    const first = maskMessage(viewer, 't', { key: null, value }, [rule({ topics: ['t'], path: '$.items[0].iban' })]);
    expect(JSON.parse(first.value!).items).toEqual([{ iban: '****', n: 1 }, { iban: 'B' }]);
    const deep = maskMessage(viewer, 't', { key: null, value }, [rule({ topics: ['t'], path: '$..password' })]);
    expect(JSON.parse(deep.value!)).toMatchObject({ deep: { x: { password: '****' } }, password: '****' });
  });

  it('applies a regex to key, value and headers, JSON or not', () => {
    const rules = [rule({ topics: ['*'], regex: '\\d{4}-\\d{4}-\\d{4}-\\d{4}', replacement: '####' })];
    const out = maskMessage(viewer, 'any', { key: 'card 1234-5678-9012-3456', value: 'paid with 1111-2222-3333-4444 and 5555-6666-7777-8888', headers: { note: '9999-0000-1111-2222' } }, rules);
    expect(out).toEqual({ key: 'card ####', value: 'paid with #### and ####', headers: { note: '####' } });
    const arr = maskMessage(viewer, 'any', { key: null, value: null, headers: [{ key: 'h', value: '1234-5678-9012-3456' }] }, rules);
    expect(arr.headers).toEqual([{ key: 'h', value: '####' }]);
  });

  it('leaves exempt roles and unmatched paths untouched', () => {
    const rules = [rule({ topics: ['t'], path: '$.secret', exemptRoles: ['admin'] })];
    const value = '{"secret":"s","other":1}';
    expect(maskMessage(admin, 't', { key: null, value }, rules).value).toBe(value);
    expect(maskMessage(viewer, 't', { key: null, value: '{"other":1}' }, rules).value).toBe('{"other":1}');
    expect(maskMessage(admin, 't', { key: null, value: 'not json {' }, rules).value).toBe('not json {');
  });

  it('fails closed: a value a path rule cannot parse is withheld whole, with the reason', () => {
    const rules = [rule({ topics: ['t'], path: '$.secret' })];
    for (const value of ['not json {', '{"secret":"s",}', '{"secret":"s","n":NaN}', '\u0000\u0000\u0000\u0000\u0001{"secret":"s"}']) {
      const out = maskMessage(viewer, 't', { key: 'order-1', value }, rules);
      expect(out.value).toMatch(/^\[masked: value withheld — it is not valid JSON, so the masking rule for \$\.secret could not be applied\]$/);
      expect(out.key).toBe('order-1'); // a key that is not JSON is an identifier: kept
    }
    // JSON scalars hold no field to mask: kept as they are
    expect(maskMessage(viewer, 't', { key: null, value: '"s"' }, rules).value).toBe('"s"');
  });

  it('keeps other fields of the message object', () => {
    const msg = { key: null, value: '{"secret":1}', partition: 3, offset: '42' };
    const out = maskerFor<typeof msg>(viewer, 't', [rule({ topics: ['t'], path: '$.secret' })])(msg);
    expect(out).toEqual({ key: null, value: '{"secret":"****"}', partition: 3, offset: '42' });
  });

  it('never lets a masked string value survive anywhere in random JSON', () => {
    const secret = 'S3CR3T-VALUE';
    const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.constant(secret), fc.integer(), fc.string(), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('a', 'b', 'password'), tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(tree, (doc) => {
        const wrapped = { password: doc };
        const out = maskMessage(viewer, 't', { key: null, value: JSON.stringify(wrapped) }, [rule({ topics: ['t'], path: '$..password' })]);
        expect(JSON.parse(out.value!).password).toBe('****');
      }),
    );
  });
});

describe('parseJsonPath', () => {
  it('accepts the documented forms and refuses others', () => {
    expect(parseJsonPath('$.a.b')).toHaveLength(2);
    expect(parseJsonPath('$..a')).toEqual([{ kind: 'name', name: 'a', deep: true }]);
    expect(parseJsonPath('$.a[*]')[1]).toEqual({ kind: 'any', deep: false });
    expect(() => parseJsonPath('a.b')).toThrow();
    expect(() => parseJsonPath('$.a(b)')).toThrow();
  });
});
