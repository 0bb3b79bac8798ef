import type { WireBytes } from '@/lib/contracts/messages';

export const valueFormats = ['auto', 'json', 'xml', 'text', 'number', 'bytes'] as const;
export type ValueFormat = (typeof valueFormats)[number];
export type DetectedFormat = Exclude<ValueFormat, 'auto'>;

export type Decoded =
  | { format: 'json'; value: unknown; pretty: string }
  | { format: 'xml'; pretty: string }
  | { format: 'text'; text: string }
  | { format: 'number'; value: number; text: string }
  | { format: 'bytes'; hex: string; base64: string; size: number; reason?: string };

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The exact bytes of a wire value (the UTF-8 encoding of its text, or its base64). */
export function wireToBytes(b: WireBytes): Uint8Array {
  return b.text !== null ? new TextEncoder().encode(b.text) : base64ToBytes(b.b64 ?? '');
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function hexOf(bytes: Uint8Array, max = 4096): string {
  const parts: string[] = [];
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) parts.push(bytes[i]!.toString(16).padStart(2, '0'));
  return parts.join(' ') + (bytes.length > max ? ` … (${bytes.length - max} more bytes)` : '');
}

const NUMBER = /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/;

export function detectFormat(b: WireBytes): DetectedFormat {
  if (b.text === null) return 'bytes';
  const t = b.text.trim();
  if (NUMBER.test(t)) return 'number';
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      JSON.parse(t);
      return 'json';
    } catch {
      /* not JSON after all */
    }
  }
  if (t.startsWith('<') && t.endsWith('>')) return 'xml';
  // Control characters other than whitespace mean it is binary that happens to be valid UTF-8.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(b.text)) return 'bytes';
  return 'text';
}

function asBytes(b: WireBytes, reason?: string): Decoded {
  const bytes = wireToBytes(b);
  return { format: 'bytes', hex: hexOf(bytes), base64: b.b64 ?? bytesToBase64(bytes), size: b.size, ...(reason ? { reason } : {}) };
}

/** Decodes for display; an override that does not fit falls back to bytes and says why. */
export function decodeValue(b: WireBytes, override: ValueFormat = 'auto'): Decoded {
  const format = override === 'auto' ? detectFormat(b) : override;
  if (format === 'bytes') return asBytes(b);
  if (b.text === null) return asBytes(b, 'not valid UTF-8');
  switch (format) {
    case 'json':
      try {
        const value: unknown = JSON.parse(b.text);
        return { format: 'json', value, pretty: JSON.stringify(value, null, 2) };
      } catch {
        return asBytes(b, 'not valid JSON');
      }
    case 'xml':
      return { format: 'xml', pretty: indentXml(b.text) };
    case 'number': {
      const n = Number(b.text.trim());
      if (!NUMBER.test(b.text)) return asBytes(b, 'not a number');
      return { format: 'number', value: n, text: b.text.trim() };
    }
    default:
      return { format: 'text', text: b.text };
  }
}

/** Indents XML tag by tag for reading. A display aid, not a parser: the text stays as sent. */
export function indentXml(xml: string): string {
  const tokens = xml.replace(/>\s*</g, '><').split(/(?=<)|(?<=>)/).filter((t) => t.trim() !== '');
  let depth = 0;
  const lines: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const isClose = /^<\//.test(tok);
    const isSelf = /\/>$/.test(tok) || /^<\?/.test(tok) || /^<!/.test(tok);
    const isOpen = /^<[^/!?]/.test(tok) && !isSelf;
    if (isClose) depth = Math.max(0, depth - 1);
    const prev = lines[lines.length - 1];
    // keep <a>text</a> on one line
    if (isClose && prev !== undefined && !/^\s*</.test(tokens[i - 1] ?? '<')) {
      lines[lines.length - 1] = prev + tok;
      continue;
    }
    if (!/^</.test(tok) && prev !== undefined) {
      lines[lines.length - 1] = prev + tok.trim();
      continue;
    }
    lines.push('  '.repeat(depth) + tok.trim());
    if (isOpen) depth++;
  }
  return lines.join('\n');
}
