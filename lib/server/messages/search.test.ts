import { describe, expect, it } from 'vitest';
import { buildFilter } from '@/lib/messages/filter';
import { searchMapper } from './search';

/**
 * The search's fast paths (raw-byte substring, value-only test before building a message) must
 * accept exactly what the general path (build the message, mask, then matches()) accepts.
 */
const values: (Buffer | null)[] = [
  null,
  Buffer.from('{"temp": 48, "note": "needle-x"}'),
  Buffer.from('{"temp": 47, "note": "needle-x"}'),
  Buffer.from('{"temp": 49}'),
  Buffer.from('\uFEFF{"temp": 49, "note": "needle-x"}'), // a byte-order mark: text, but not JSON
  Buffer.from('{"temp": 50, "note": "grüße needle-x"}'),
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('needle-x {"temp": 49}')]), // not UTF-8
  Buffer.from('needle-x'),
  Buffer.from('{"nested": {"temp": 60}}'),
  Buffer.from('not json at all, temp 49'),
];
const filters = [{ valueContains: 'needle-x' }, { where: '$.temp >= 48' }, { valueContains: 'grüße', where: '$.temp == 50' }, { valueContains: 'needle-x', keyContains: 'k' }, { where: '$.nested.temp > 59' }];

describe('search mapper', () => {
  for (const f of filters) {
    it(`fast and general paths agree on ${JSON.stringify(f)}`, () => {
      const filter = buildFilter(f)!;
      const counts = () => ({ scanned: 0, matched: 0, bytes: 0, notJson: 0 });
      const fast = searchMapper('t', filter, null, () => Infinity, counts());
      const general = searchMapper('t', filter, (m) => m, () => Infinity, counts());
      const key = Buffer.from('k1');
      const got = values.map((v, i) => [fast(0, i, 0, key, v, []) !== null, general(0, i, 0, key, v, []) !== null]);
      for (const [a, b] of got) expect(a).toBe(b);
      expect(got.some(([a]) => a)).toBe(true);
    });
  }
  it('counts what it reads and leaves out records past the end', () => {
    const counts = { scanned: 0, matched: 0, bytes: 0, notJson: 0 };
    const map = searchMapper('t', buildFilter({ valueContains: 'needle-x' })!, null, () => 5, counts);
    values.forEach((v, i) => map(0, i, 0, null, v, []));
    expect(counts.scanned).toBe(5);
    expect(counts.matched).toBe(3); // the byte-order-marked value is text too
  });
});
