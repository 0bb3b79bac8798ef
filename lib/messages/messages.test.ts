import { describe, expect, it } from 'vitest';
import { decodeValue, detectFormat, indentXml } from './decode';
import { buildFilter, matches, parseWhere, FilterError } from './filter';
import { decodeToken, encodeToken, TokenError } from './resume-token';


const wb = (s: string) => ({ b64: Buffer.from(s).toString('base64'), text: s, size: Buffer.byteLength(s) });

describe('resume token', () => {
  it('round-trips', () => {
    const p = new Map([['b.topic', new Map([[1, 22], [0, 15]])], ['a', new Map([[0, 0]])]]);
    const t = encodeToken(p);
    expect(t).toBe('a@0:0|b.topic@0:15,1:22');
    expect(decodeToken(t)).toEqual(p);
  });
  it('writes a topic of many partitions by position in base 36, small enough for a request header', () => {
    const many = new Map(Array.from({ length: 1000 }, (_, p) => [p, 1_000_000_000 + p * 7919] as [number, number]));
    many.delete(500); // a partition the token does not know stays unknown
    const p = new Map([['clicks', many], ['a', new Map([[0, 3]])]]);
    const t = encodeToken(p);
    expect(t.startsWith('a@0:3|clicks#gjdgxs.gjdn1r.')).toBe(true);
    expect(t).toContain('..');
    expect(t.length).toBeLessThan(7_500); // the plain form: ~15,000
    expect(decodeToken(t)).toEqual(p);
  });
  it.each(['', 'nope', 'a@x:1', 'a@1:', 'a@0:1|a@0:2', '@0:1', 'a b@0:1', 'a@0:1,1:-2', 'a#1.-2', 'a#1.A', 'a#zzzzzzzzzzzz', '#1.2', 'a#1|a@0:1'])('rejects %j', (bad) => {
    expect(() => decodeToken(bad)).toThrow(TokenError);
  });
});

describe('filters are data', () => {
  it('parses paths and compares', () => {
    const c = parseWhere('$.temperature > 30');
    expect(c).toEqual({ path: ['temperature'], op: '>', literal: 30 });
    expect(parseWhere(`$.a[2]["b c"] == "x"`).path).toEqual(['a', 2, 'b c']);
    const f = buildFilter({ where: '$.temperature > 30' })!;
    const msg = (v: string) => ({ keyText: 'k', valueText: v, headers: [] });
    expect(matches(msg('{"temperature": 31.5}'), f)).toBe(true);
    expect(matches(msg('{"temperature": 30}'), f)).toBe(false);
    expect(matches(msg('not json'), f)).toBe(false);
    expect(matches(msg('{"temperature": "hot"}'), f)).toBe(false);
    expect(matches(msg('{"room": {"name": "lab"}}'), buildFilter({ where: '$.room.name contains "la"' })!)).toBe(true);
  });
  it('never evaluates code', () => {
    expect(() => parseWhere('$.a > process.exit(1)')).toThrow(FilterError);
    expect(() => parseWhere('require("fs")')).toThrow(FilterError);
    expect(() => parseWhere('$.constructor == 1')).not.toThrow();
    expect(matches({ keyText: null, valueText: '{}', headers: [] }, buildFilter({ where: '$.constructor != null' })!)).toBe(false);
  });
  it('contains on key, value and headers', () => {
    const m = { keyText: 'car-7', valueText: 'hello', headers: [{ key: 'trace', valueText: 'abc' }] };
    expect(matches(m, { keyContains: 'car' })).toBe(true);
    expect(matches(m, { valueContains: 'bye' })).toBe(false);
    expect(matches(m, { headerContains: 'ab' })).toBe(true);
  });
});

describe('decoding', () => {
  it('detects formats', () => {
    expect(detectFormat(wb('{"a":1}'))).toBe('json');
    expect(detectFormat(wb('[1,2]'))).toBe('json');
    expect(detectFormat(wb('42.5'))).toBe('number');
    expect(detectFormat(wb('<a><b>1</b></a>'))).toBe('xml');
    expect(detectFormat(wb('hello'))).toBe('text');
    expect(detectFormat({ b64: 'gA==', text: null, size: 1 })).toBe('bytes');
  });
  it('falls back to bytes with a reason', () => {
    const d = decodeValue(wb('nope'), 'json');
    expect(d.format).toBe('bytes');
    expect(d.format === 'bytes' && d.reason).toBe('not valid JSON');
    const b = decodeValue({ b64: Buffer.from([0xde, 0xad]).toString('base64'), text: null, size: 2 });
    expect(b.format === 'bytes' && b.hex).toBe('de ad');
  });
  it('indents XML', () => {
    expect(indentXml('<a><b>1</b><b>2</b></a>')).toBe('<a>\n  <b>1</b>\n  <b>2</b>\n</a>');
  });
});

describe('export', () => {
  it('writes CSV that a spreadsheet cannot run', async () => {
    const { toExportCsv, toExportJson } = await import('./export');
    const m = { topic: 't', partition: 0, offset: 1, timestamp: 0, key: wb('=cmd|x'), value: wb('a,"b"\nc'), headers: [{ key: 'h', value: { b64: 'gA==', text: null, size: 1 } }] };
    const csv = toExportCsv([m]);
    expect(csv).toContain(`'=cmd|x`);
    expect(csv).toContain('"a,""b""\nc"');
    expect(csv).toContain('h=base64:gA==');
    expect(JSON.parse(toExportJson([m]))[0].value).toBe('a,"b"\nc');
  });
});

describe('wire bytes', () => {
  it('text re-encodes to the exact bytes, a BOM included', async () => {
    const { wireToBytes, decodeValue } = await import('./decode');
    const bom = Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom);
    expect(Buffer.from(wireToBytes({ text, size: 5 })).equals(bom)).toBe(true);
    const d = decodeValue({ text: 'hi', size: 2 }, 'bytes');
    expect(d.format === 'bytes' && d.base64).toBe('aGk=');
  });
});
