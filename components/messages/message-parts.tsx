'use client';
import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import type { WireBytes, WireMessage } from '@/lib/contracts/messages';
import { decodeValue, detectFormat, valueFormats, type ValueFormat } from '@/lib/messages/decode';
import { bytesForExport } from '@/lib/messages/export';
import { cn } from '@/components/ui/cn';
import { TBody, TD, TR, Table } from '@/components/ui/table';

// Everything from a message is untrusted: it is rendered as React text children only, so any
// markup in keys, values or headers shows as characters and never becomes HTML.

const preview = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** One-line preview of bytes: the text, or the start of the hex when they are not UTF-8. */
export function BytesPreview({ bytes, className }: { bytes: WireBytes | null; className?: string }) {
  if (!bytes) return <span className="text-muted italic">null</span>;
  if (bytes.schema && !bytes.schema.error && bytes.text !== null) {
    return (
      <span className={cn('font-mono text-xs', className)}>
        <SchemaTag schema={bytes.schema} compact />
        {preview(bytes.text)}
      </span>
    );
  }
  if (bytes.schema?.error) {
    const d = decodeValue(bytes, 'bytes');
    return (
      <span className={cn('font-mono text-xs', className)} title={bytes.schema.error}>
        <span className="mr-1 rounded border border-warn/60 px-1 text-[10px] text-warn">not decoded</span>
        {d.format === 'bytes' ? preview(d.hex, 40) : ''}
      </span>
    );
  }
  if (bytes.text === null || detectFormat(bytes) === 'bytes') {
    const d = decodeValue(bytes, 'bytes');
    return (
      <span className={cn('font-mono text-xs', className)}>
        <span className="mr-1 rounded border border-border px-1 text-[10px] text-muted">{bytes.size} B</span>
        {d.format === 'bytes' ? preview(d.hex, 60) : ''}
      </span>
    );
  }
  if (bytes.text === '') return <span className="text-muted italic">empty</span>;
  return <span className={cn('font-mono text-xs', className)}>{preview(bytes.text.replace(/\s+/g, ' '))}</span>;
}

export function formatTimestamp(ms: number): { local: string; utc: string } {
  const d = new Date(ms);
  const local = d.toLocaleString('en-GB', { hour12: false, timeZoneName: 'short' });
  const utc = `${d.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
  return { local, utc };
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 rounded border border-border px-2 py-0.5 text-xs text-muted hover:text-fg"
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => {
            setDone(true);
            setTimeout(() => setDone(false), 1200);
          },
          () => toast.error('The browser refused clipboard access'),
        );
      }}
    >
      {done ? <Check aria-hidden className="size-3" /> : <Copy aria-hidden className="size-3" />}
      {label}
    </button>
  );
}

function JsonNode({ name, value, depth }: { name?: string; value: unknown; depth: number }) {
  const label = name !== undefined ? <span className="text-info">{JSON.stringify(name)}: </span> : null;
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return <div>{label}{open}{close}</div>;
    return (
      <details open={depth < 3} className="pl-0">
        <summary className="cursor-pointer select-none">
          {label}
          {open}
          <span className="text-muted"> {entries.length} {Array.isArray(value) ? 'items' : 'keys'}</span>
        </summary>
        <div className="border-l border-border pl-4">
          {entries.map(([k, v]) => (
            <JsonNode key={k} name={Array.isArray(value) ? undefined : k} value={v} depth={depth + 1} />
          ))}
        </div>
        <div>{close}</div>
      </details>
    );
  }
  const cls = typeof value === 'string' ? 'text-ok' : typeof value === 'number' ? 'text-warn' : 'text-accent';
  return (
    <div>
      {label}
      <span className={cls}>{JSON.stringify(value)}</span>
    </div>
  );
}

/** Which schema decoded the bytes (format, subject and version, id), or why none could. */
export function SchemaTag({ schema, compact }: { schema: NonNullable<WireBytes['schema']>; compact?: boolean }) {
  const where = [schema.subject ? `${schema.subject}${schema.version ? ` v${schema.version}` : ''}` : null, schema.id !== null ? `id ${schema.id}` : null].filter(Boolean).join(' · ');
  if (compact) {
    return (
      <span className="mr-1 rounded border border-accent/50 px-1 text-[10px] text-accent" title={where}>
        {schema.format ?? 'schema'}
      </span>
    );
  }
  return (
    <p className="mb-1 text-xs" data-testid="schema-tag">
      <span className="mr-1 rounded border border-accent/50 px-1 text-[10px] text-accent">{schema.format ?? 'schema-framed'}</span>
      <span className="text-muted">{where}</span>
      {schema.error && <span className="block text-warn">Shown as bytes: {schema.error}</span>}
    </p>
  );
}

/** A value decoded for what it is, with a manual override of the detected format. */
export function ValueView({ bytes, format }: { bytes: WireBytes | null; format: ValueFormat }) {
  if (!bytes) return <p className="text-xs italic text-muted">null (a tombstone or no value)</p>;
  const d = decodeValue(bytes, format);
  const tag = bytes.schema ? <SchemaTag schema={bytes.schema} /> : null;
  if (tag) {
    return (
      <div>
        {tag}
        <ValueView bytes={{ ...bytes, schema: undefined }} format={bytes.schema!.error ? 'bytes' : format} />
      </div>
    );
  }
  const box = 'max-h-96 overflow-auto rounded border border-border bg-surface-2 p-2 font-mono text-xs';
  switch (d.format) {
    case 'json':
      return <div className={box} data-testid="value-json"><JsonNode value={d.value} depth={0} /></div>;
    case 'xml':
      return <pre className={cn(box, 'whitespace-pre')}>{d.pretty}</pre>;
    case 'number':
      return <p className={cn(box, 'tabular')}>{d.text}</p>;
    case 'text':
      return <pre className={cn(box, 'whitespace-pre-wrap break-words')} data-testid="value-text">{d.text}</pre>;
    case 'bytes':
      return (
        <div className="space-y-2">
          {d.reason && <p className="text-xs text-warn">Shown as bytes: {d.reason}.</p>}
          <div>
            <p className="mb-1 text-[11px] uppercase tracking-wide text-muted">Hex ({d.size} bytes)</p>
            <pre className={cn(box, 'whitespace-pre-wrap break-all')} data-testid="value-hex">{d.hex}</pre>
          </div>
          <div>
            <p className="mb-1 text-[11px] uppercase tracking-wide text-muted">Base64</p>
            <pre className={cn(box, 'whitespace-pre-wrap break-all')}>{d.base64}</pre>
          </div>
        </div>
      );
  }
}

export function FormatSelect({ value, onChange, detected, id }: { value: ValueFormat; onChange: (f: ValueFormat) => void; detected?: string; id: string }) {
  return (
    <label className="inline-flex items-center gap-1 text-xs text-muted" htmlFor={id}>
      Show as
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as ValueFormat)} className="rounded border border-border bg-surface px-1 py-0.5 text-xs text-fg">
        {valueFormats.map((f) => (
          <option key={f} value={f}>
            {f === 'auto' ? `auto${detected ? ` (${detected})` : ''}` : f}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Everything about one message: where it is, when, key, headers and the decoded value. */
export function MessageDetail({ message: m }: { message: WireMessage }) {
  const [format, setFormat] = useState<ValueFormat>('auto');
  const ts = formatTimestamp(m.timestamp);
  const copyText = JSON.stringify(
    { topic: m.topic, partition: m.partition, offset: m.offset, timestamp: new Date(m.timestamp).toISOString(), key: bytesForExport(m.key), value: bytesForExport(m.value), headers: Object.fromEntries(m.headers.map((h) => [h.key, bytesForExport(h.value)])) },
    null,
    2,
  );
  return (
    <div className="space-y-3 text-[13px]" data-testid="message-detail">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted">
        <span>
          <span className="font-mono text-fg">{m.topic}</span> · partition <span className="tabular text-fg">{m.partition}</span> · offset{' '}
          <span className="tabular text-fg">{m.offset}</span>
        </span>
        <span title={ts.utc}>{ts.local}</span>
        <span>{ts.utc}</span>
        <span className="ml-auto flex gap-2">
          <CopyButton text={copyText} label="Copy message" />
          {m.value?.text != null && <CopyButton text={m.value.text} label="Copy value" />}
        </span>
      </div>
      <div data-testid="message-key">
        <p className="mb-1 text-[11px] uppercase tracking-wide text-muted">Key</p>
        {m.key ? <ValueView bytes={m.key} format={m.key.schema && !m.key.schema.error ? 'auto' : m.key.text === null ? 'bytes' : 'text'} /> : <p className="text-xs italic text-muted">null (no key)</p>}
      </div>
      <div>
        <p className="mb-1 text-[11px] uppercase tracking-wide text-muted">Headers ({m.headers.length})</p>
        {m.headers.length === 0 ? (
          <p className="text-xs text-muted">none</p>
        ) : (
          <Table className="text-xs">
            <TBody>
              {m.headers.map((h, i) => (
                <TR key={i}>
                  <TD className="pr-3 align-top font-mono text-muted">{h.key}</TD>
                  <TD className="align-top">
                    <BytesPreview bytes={h.value} />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </div>
      <div data-testid="message-value">
        <div className="mb-1 flex items-center justify-between">
          <p className="text-[11px] uppercase tracking-wide text-muted">Value {m.value ? `(${m.value.size} bytes${m.value.schema && !m.value.schema.error ? ' framed' : ''})` : ''}</p>
          {m.value && <FormatSelect id={`fmt-${m.topic}-${m.partition}-${m.offset}`} value={format} onChange={setFormat} detected={detectFormat(m.value)} />}
        </div>
        <ValueView bytes={m.value} format={format} />
      </div>
    </div>
  );
}

export function downloadText(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
