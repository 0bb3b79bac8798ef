import type { WireBytes, WireMessage } from '@/lib/contracts/messages';

/** Text of the bytes, or `base64:…` when they are not UTF-8: an export never mangles bytes. */
export function bytesForExport(b: WireBytes | null): string | null {
  if (!b) return null;
  return b.text ?? `base64:${b.b64 ?? ''}`;
}

export function toExportJson(messages: WireMessage[]): string {
  return JSON.stringify(
    messages.map((m) => ({
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      timestamp: new Date(m.timestamp).toISOString(),
      key: bytesForExport(m.key),
      value: bytesForExport(m.value),
      headers: m.headers.map((h) => ({ key: h.key, value: bytesForExport(h.value) })),
    })),
    null,
    2,
  );
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  // a spreadsheet would run a cell starting with = + - @ as a formula: message contents are untrusted
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toExportCsv(messages: WireMessage[]): string {
  const rows = [['topic', 'partition', 'offset', 'timestamp', 'key', 'value', 'headers']];
  const out = rows.map((r) => r.join(','));
  for (const m of messages) {
    const headers = m.headers.map((h) => `${h.key}=${bytesForExport(h.value) ?? ''}`).join('; ');
    out.push([m.topic, m.partition, m.offset, new Date(m.timestamp).toISOString(), bytesForExport(m.key), bytesForExport(m.value), headers].map(csvCell).join(','));
  }
  return out.join('\r\n') + '\r\n';
}
