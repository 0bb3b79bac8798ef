import { describe, expect, it } from 'vitest';
import { detectFormat } from '@/lib/messages/decode';
import { demoTopics } from './demo-data';

const wire = (v: Buffer | string) => {
  const b = Buffer.isBuffer(v) ? v : Buffer.from(v);
  let text: string | null = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    text = null;
  }
  return text !== null ? { text, size: b.length } : { b64: b.toString('base64'), text, size: b.length };
};

describe('demo topics', () => {
  it('cover each format, detected as what they are', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const detected = Object.fromEntries(demoTopics.map((t) => [t.format, detectFormat(wire(t.make(3, now).value))]));
    expect(detected).toEqual({
      'JSON objects': 'json',
      numbers: 'number',
      'JSON lists': 'json',
      XML: 'xml',
      dates: 'text',
      'key-value text': 'text',
      'raw bytes': 'bytes',
      'plain text': 'text',
    });
    expect(new Set(demoTopics.map((t) => t.topic)).size).toBe(demoTopics.length);
    expect(demoTopics.every((t) => t.rate <= 2)).toBe(true);
  });
});
