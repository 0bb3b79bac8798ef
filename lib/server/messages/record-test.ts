import 'server-only';
// Loaded by the search worker too (search-worker.mjs, through Node's own type stripping): the
// imports here name their files with the extension, as Node needs, and carry no `@/` alias.
import type { MessageFilter } from '../../messages/filter.ts';
import { matches, matchesCondition } from '../../messages/filter.ts';
import { utf8Text } from '../wire-bytes.ts';

/** key, value; a header key may repeat (the kafka layer's RecordHeader). */
type Header = [key: Buffer, value: Buffer | null];

/** Why a record passed or failed, for the counts a search reports. */
export type RecordVerdict = 'match' | 'miss' | 'not-json';

/**
 * A whole-topic search's test of one unmasked record, on the record's bytes: the same verdict as
 * `matches(messageFilterView(wire(record)), filter)`, at a fraction of its cost. A value
 * condition is first tried on the raw bytes: text that contains the needle has UTF-8 bytes that
 * contain the needle's bytes, so a record without them can't match and is never decoded.
 * JSON.parse runs only for a `where` condition, on a value that passed every other test. A value
 * that is not JSON fails a `where` and is reported as such (counted, never thrown).
 */
export function recordTest(filter: MessageFilter): (key: Buffer | null, value: Buffer | null, headers: Header[]) => RecordVerdict {
  const needle = filter.valueContains ? Buffer.from(filter.valueContains, 'utf8') : null;
  const where = filter.where;
  const valueOnly = filter.keyContains === undefined && filter.headerContains === undefined;
  const rest: MessageFilter = { ...filter, where: undefined };
  return (key, value, headers) => {
    if (needle && (value === null || value.indexOf(needle) < 0)) return 'miss';
    const valueText = value === null ? null : utf8Text(value);
    if (valueOnly) {
      // the text rule of the wire form: a value that is not UTF-8 has no text, and contains nothing
      if (filter.valueContains !== undefined && (valueText === null || !valueText.includes(filter.valueContains))) return 'miss';
    } else {
      const view = {
        keyText: key === null ? null : (utf8Text(key) ?? ''),
        valueText,
        headers: headers.map(([k, v]) => ({ key: k.toString('utf8'), valueText: v === null ? null : utf8Text(v) })),
      };
      if (!matches(view, rest)) return 'miss';
    }
    if (where) {
      // a value that is not UTF-8 text is no JSON either
      if (valueText === null) return value === null ? 'miss' : 'not-json';
      let json: unknown;
      try {
        json = JSON.parse(valueText);
      } catch {
        return 'not-json';
      }
      if (!matchesCondition(json, where)) return 'miss';
    }
    return 'match';
  };
}
