'use client';
import { Plus, Send, X } from 'lucide-react';
import { controlClass } from '@/components/ui/form';
import { useEffect, useId, useState } from 'react';
import { toast } from 'sonner';
import { MAX_PRODUCE_COPIES, produceCompression, type ProduceCompression, type ValueEncoding } from '@/lib/contracts/messages';
import { ApiError } from '@/lib/client/api-fetch';
import { useProduceMessage } from '@/lib/client/use-messages';
import { useProducePreview, useSubjects } from '@/lib/client/use-schemas';
import { useCan } from '@/lib/client/use-session';
import { useReadOnly } from '@/lib/client/use-read-only';


function localError(value: string, encoding: ValueEncoding): string | null {
  if (encoding === 'json') {
    try {
      JSON.parse(value);
    } catch (err) {
      return `Not valid JSON: ${(err as Error).message}`;
    }
  }
  if (encoding === 'base64' && !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(value)) return 'Not valid base64';
  return null;
}

/** Produce form: key, value (text / JSON / base64), headers, partition or by key, N copies. */
/** The form, or the reason it isn't offered (read-only cluster, or a role below operator). */
export function ProduceForm(props: { cluster: string; topic: string; onDone?: () => void }) {
  const readOnly = useReadOnly(props.cluster);
  const canProduce = useCan('operator');
  if (readOnly || !canProduce) {
    return (
      <p className="rounded-md border border-border bg-surface-2 px-3 py-2 text-xs text-muted" data-testid="produce-not-allowed">
        {readOnly ? 'This cluster is read-only: nothing can be produced from the console.' : 'Producing messages needs the operator role.'}
      </p>
    );
  }
  return <ProduceFormFields {...props} />;
}

function ProduceFormFields({ cluster, topic, onDone }: { cluster: string; topic: string; onDone?: () => void }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [encoding, setEncoding] = useState<ValueEncoding>('json');
  const [headers, setHeaders] = useState<{ key: string; value: string }[]>([]);
  const [partition, setPartition] = useState('');
  const [copies, setCopies] = useState('1');
  const [compression, setCompression] = useState<ProduceCompression>('none');
  const [serverError, setServerError] = useState<{ message: string; field?: string } | null>(null);
  const [valueSubject, setValueSubject] = useState('');
  const [valueVersion, setValueVersion] = useState('latest');
  const [keySubject, setKeySubject] = useState('');
  const produce = useProduceMessage(cluster, topic);
  const id = useId();
  const withSchema = valueSubject.trim() !== '';
  // judged once there is something to judge: a pristine empty box is not an error yet
  const valueError = value.trim() ? localError(value, withSchema ? 'json' : encoding) : null;
  const emptyJson = (encoding === 'json' || withSchema) && !value.trim();
  const schemaRefs = {
    valueSchema: withSchema ? { subject: valueSubject.trim(), version: valueVersion === 'latest' ? 'latest' : Number(valueVersion) } : null,
    keySchema: keySubject.trim() ? { subject: keySubject.trim(), version: 'latest' as const } : null,
  };
  // the server's verdict before sending (dry run), once the typing pauses
  const previewBody = withSchema && !valueError && !emptyJson && !(schemaRefs.keySchema && localError(key, 'json')) ? { key: key === '' ? null : key, value, ...schemaRefs } : null;
  const [debounced, setDebounced] = useState<typeof previewBody>(null);
  const previewKey = JSON.stringify(previewBody);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(previewBody), 400);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [previewKey]);
  const preview = useProducePreview(cluster, topic, debounced);

  return (
    <form
      aria-label="Produce a message"
      className="grid gap-3 text-xs md:grid-cols-[1fr_2fr]"
      onSubmit={(e) => {
        e.preventDefault();
        if (valueError || emptyJson) return;
        setServerError(null);
        produce.mutate(
          {
            key: key === '' ? null : key,
            value,
            encoding,
            headers: headers.filter((h) => h.key !== ''),
            partition: partition === '' ? null : Number(partition),
            copies: Number(copies) || 1,
            compression,
            ...schemaRefs,
          },
          {
            onSuccess: (r) => {
              toast.success(r.count === 1 ? `Sent to partition ${r.partition} at offset ${r.offset}` : `Sent ${r.count} copies (first: partition ${r.partition}, offset ${r.offset})`);
              onDone?.();
            },
            onError: (err) => setServerError(err instanceof ApiError ? { message: err.message, field: err.field } : { message: String(err) }),
          },
        );
      }}
    >
      <div className="flex flex-col gap-1.5">
        <label className="flex flex-col gap-1 text-muted" htmlFor={`${id}-key`}>
          Key (empty for none)
        </label>
        <input id={`${id}-key`} className={controlClass} value={key} onChange={(e) => setKey(e.target.value)} placeholder="car-42" />
        <label className="flex flex-col gap-1 text-muted" htmlFor={`${id}-partition`}>
          Partition
        </label>
        <input id={`${id}-partition`} className={controlClass} type="number" min={0} value={partition} onChange={(e) => setPartition(e.target.value)} placeholder="by key (or round-robin)" />
        <label className="flex flex-col gap-1 text-muted" htmlFor={`${id}-copies`}>
          Copies (1 to {MAX_PRODUCE_COPIES})
        </label>
        <input id={`${id}-copies`} className={controlClass} type="number" min={1} max={MAX_PRODUCE_COPIES} value={copies} onChange={(e) => setCopies(e.target.value)} />
        <label className="flex flex-col gap-1 text-muted" htmlFor={`${id}-compression`}>
          Compression
        </label>
        <select id={`${id}-compression`} className={controlClass} value={compression} onChange={(e) => setCompression(produceCompression.parse(e.target.value))}>
          {produceCompression.options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <fieldset className="space-y-1">
          <legend className="mb-1 text-muted">Headers</legend>
          {headers.map((h, i) => (
            <div key={i} className="flex gap-1">
              <input aria-label={`Header ${i + 1} name`} className={`${controlClass} w-24`} value={h.key} onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} placeholder="name" />
              <input aria-label={`Header ${i + 1} value`} className={`${controlClass} min-w-0 flex-1`} value={h.value} onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} placeholder="value" />
              <button type="button" aria-label={`Remove header ${i + 1}`} className="text-muted hover:text-bad" onClick={() => setHeaders(headers.filter((_, j) => j !== i))}>
                <X className="size-3.5" aria-hidden />
              </button>
            </div>
          ))}
          <button type="button" className="inline-flex items-center gap-1 text-accent" onClick={() => setHeaders([...headers, { key: '', value: '' }])}>
            <Plus className="size-3" aria-hidden /> Add header
          </button>
        </fieldset>
      </div>
      <div className="flex flex-col gap-2">
        <SchemaPicker cluster={cluster} topic={topic} id={id} subject={valueSubject} setSubject={setValueSubject} version={valueVersion} setVersion={setValueVersion} keySubject={keySubject} setKeySubject={setKeySubject} />
        <div className={`flex items-center gap-3 ${withSchema ? 'hidden' : ''}`}>
          <span className="text-muted">Value as</span>
          {(['json', 'text', 'base64'] as const).map((enc) => (
            <label key={enc} className="inline-flex items-center gap-1">
              <input type="radio" name="encoding" value={enc} checked={encoding === enc} onChange={() => setEncoding(enc)} />
              {enc === 'json' ? 'JSON' : enc === 'text' ? 'Text' : 'Base64 (bytes)'}
            </label>
          ))}
        </div>
        <label className="text-muted" htmlFor={`${id}-value`}>
          Value
        </label>
        <textarea
            id={`${id}-value`}
            className={`${controlClass} min-h-32 flex-1 font-mono ${valueError ? 'border-bad' : ''}`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={encoding === 'json' || withSchema ? '{"temperature": 21.5}' : encoding === 'base64' ? 'AAEC/w==' : 'hello'}
            aria-invalid={valueError || serverError?.field === 'value' ? true : undefined}
          />
        {valueError && <p className="text-bad" role="alert">{valueError}</p>}
        {withSchema && debounced && (
          <p data-testid="schema-preview" className={preview.error ? 'text-bad' : 'text-muted'} role={preview.error ? 'alert' : 'status'}>
            {preview.isFetching
              ? 'Checking against the schema…'
              : preview.error
                ? preview.error.message
                : preview.data?.schemas?.value
                  ? `Valid for ${valueSubject} version ${preview.data.schemas.value.version} (${preview.data.schemas.value.format}, schema id ${preview.data.schemas.value.id})${preview.data.schemas.key ? `; key valid for version ${preview.data.schemas.key.version}` : ''}`
                  : null}
          </p>
        )}
        {serverError && (
          <p className="text-bad" role="alert">
            {serverError.message}
          </p>
        )}
        <div className="flex justify-end">
          <button type="submit" disabled={produce.isPending || !!valueError || emptyJson} className="inline-flex items-center gap-1.5 rounded bg-accent px-3 py-1.5 font-medium text-accent-fg disabled:opacity-50">
            <Send className="size-3.5" aria-hidden />
            {produce.isPending ? 'Sending…' : 'Send'}
          </button>
        </div>
      </div>
    </form>
  );
}

/** Subject (and version) to frame the value with, and optionally the key: empty sends plain bytes. */
function SchemaPicker(p: { cluster: string; topic: string; id: string; subject: string; setSubject: (s: string) => void; version: string; setVersion: (v: string) => void; keySubject: string; setKeySubject: (s: string) => void }) {
  const subjects = useSubjects(p.cluster, { search: p.topic, cursor: 0, limit: 50 });
  const names = subjects.data?.subjects.map((s) => s.subject) ?? [];
  return (
    <fieldset className="grid grid-cols-[1fr_6rem_1fr] gap-2 rounded border border-border p-2">
      <legend className="px-1 text-muted">Schema (Schema Registry; JSON typed below is validated, then framed)</legend>
      <label className="flex flex-col gap-1 text-muted">
        Value subject
        <input list={`${p.id}-subjects`} className={controlClass} value={p.subject} onChange={(e) => p.setSubject(e.target.value)} placeholder={names.includes(`${p.topic}-value`) ? `${p.topic}-value` : 'none: plain bytes'} aria-label="Value schema subject" />
      </label>
      <label className="flex flex-col gap-1 text-muted">
        Version
        <input className={controlClass} value={p.version} onChange={(e) => p.setVersion(e.target.value.trim() || 'latest')} aria-label="Value schema version" />
      </label>
      <label className="flex flex-col gap-1 text-muted">
        Key subject (key as JSON)
        <input list={`${p.id}-subjects`} className={controlClass} value={p.keySubject} onChange={(e) => p.setKeySubject(e.target.value)} placeholder="none" aria-label="Key schema subject" />
      </label>
      <datalist id={`${p.id}-subjects`}>
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {subjects.error && <p className="col-span-3 text-warn">Schema Registry: {subjects.error.message}</p>}
    </fieldset>
  );
}
