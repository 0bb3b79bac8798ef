'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { registerSchemaInput, schemaReference, subjectName, type CompatibilityVerdict, type SchemaFormat } from '@/lib/contracts/schemas';
import { useCheckCompatibility, useRegisterSchema } from '@/lib/client/use-schemas';
import { Dialog } from '@/components/ui/dialog';
import { Button, controlClass, Field, inputClass } from '@/components/ui/form';
import { subjectPath } from './subjects-view';

const TEMPLATES: Record<SchemaFormat, string> = {
  AVRO: '{\n  "type": "record",\n  "name": "Example",\n  "fields": [\n    { "name": "id", "type": "string" }\n  ]\n}',
  PROTOBUF: 'syntax = "proto3";\n\nmessage Example {\n  string id = 1;\n}\n',
  JSON: '{\n  "type": "object",\n  "properties": { "id": { "type": "string" } },\n  "required": ["id"]\n}',
};

/**
 * Registers a new version of a subject (or a new subject): the registry's compatibility verdict
 * first, with its own messages, then the registration, which the registry may still refuse.
 */
export function RegisterSchemaDialog({
  cluster,
  subject,
  open,
  onOpenChange,
  initial,
}: {
  cluster: string;
  subject: string | null;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  initial?: { schema: string; schemaType: SchemaFormat; references: string };
}) {
  const router = useRouter();
  const [name, setName] = useState(subject ?? '');
  const [format, setFormat] = useState<SchemaFormat>(initial?.schemaType ?? 'AVRO');
  const [schema, setSchema] = useState(initial?.schema ?? TEMPLATES.AVRO);
  const [refs, setRefs] = useState(initial?.references ?? '[]');
  const [verdict, setVerdict] = useState<CompatibilityVerdict | null>(null);
  const [problem, setProblem] = useState<{ field?: string; message: string } | null>(null);
  const target = subject ?? name;
  const check = useCheckCompatibility(cluster, target);
  const register = useRegisterSchema(cluster, target);

  const input = () => {
    const s = subjectName.safeParse(target);
    if (!s.success) throw { field: 'subject', message: s.error.issues[0]!.message };
    let references: unknown;
    try {
      references = JSON.parse(refs || '[]');
    } catch {
      throw { field: 'references', message: 'references: not valid JSON (a list of {name, subject, version})' };
    }
    const r = schemaReference.array().safeParse(references);
    if (!r.success) throw { field: 'references', message: `references: ${r.error.issues[0]!.message}` };
    return registerSchemaInput.parse({ schema, schemaType: format, references: r.data });
  };

  const run = async (andRegister: boolean) => {
    setProblem(null);
    let body;
    try {
      body = input();
    } catch (e) {
      setProblem(e as { field?: string; message: string });
      return;
    }
    try {
      const v = await check.mutateAsync(body);
      setVerdict(v);
      if (!andRegister || !v.compatible) return;
      const r = await register.mutateAsync(body);
      toast.success(`Registered ${r.subject}${r.version ? ` version ${r.version}` : ''} (schema id ${r.id})`);
      onOpenChange(false);
      if (!subject) router.push(subjectPath(cluster, r.subject));
    } catch (e) {
      const err = e as Error & { field?: string };
      setProblem({ field: err.field, message: err.message });
    }
  };
  const busy = check.isPending || register.isPending;

  return (
    <Dialog open={open} onOpenChange={onOpenChange} size="lg" title={subject ? `Register a new version of ${subject}` : 'New subject'} description="The registry checks compatibility first; an incompatible schema is refused with its reasons.">
      <div className="grid gap-3">
        {!subject && (
          <Field id="subject-name" label="Subject" hint="Usually <topic>-value or <topic>-key" error={problem?.field === 'subject' ? problem.message : null}>
            <input id="subject-name" className={`${inputClass} font-mono`} value={name} onChange={(e) => setName(e.target.value)} placeholder="orders-value" />
          </Field>
        )}
        <label className="flex items-center gap-1.5 text-xs text-muted">
          Format
          <select
            aria-label="Schema format"
            className={controlClass}
            value={format}
            onChange={(e) => {
              const f = e.target.value as SchemaFormat;
              if (schema === TEMPLATES[format]) setSchema(TEMPLATES[f]);
              setFormat(f);
              setVerdict(null);
            }}
          >
            <option value="AVRO">Avro</option>
            <option value="PROTOBUF">Protobuf</option>
            <option value="JSON">JSON Schema</option>
          </select>
        </label>
        <Field id="schema-text" label="Schema" error={problem?.field === 'schema' ? problem.message : null}>
          <textarea
            id="schema-text"
            spellCheck={false}
            className="h-64 w-full rounded-md border border-border bg-bg p-2 font-mono text-xs text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent"
            value={schema}
            onChange={(e) => {
              setSchema(e.target.value);
              setVerdict(null);
            }}
          />
        </Field>
        <Field id="schema-refs" label="References" hint='JSON list: [{"name": "other.proto", "subject": "other", "version": 1}]' error={problem?.field === 'references' ? problem.message : null}>
          <input id="schema-refs" className={`${inputClass} font-mono`} value={refs} onChange={(e) => setRefs(e.target.value)} />
        </Field>
        {verdict && (
          <div role="status" data-testid="compatibility-verdict" className={`rounded-md border px-3 py-2 text-xs ${verdict.compatible ? 'border-ok/40 bg-ok/5' : 'border-bad/40 bg-bad/5'}`}>
            <p className={`font-medium ${verdict.compatible ? 'text-ok' : 'text-bad'}`}>
              {verdict.compatible ? 'Compatible' : 'Incompatible'}
              {verdict.level ? ` under ${verdict.level}` : ''}
            </p>
            {verdict.messages.length > 0 && (
              <ul className="mt-1 list-disc pl-4 whitespace-pre-wrap break-words text-muted">
                {verdict.messages.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {problem && problem.field !== 'subject' && problem.field !== 'references' && (
          <p role="alert" className="whitespace-pre-wrap break-words text-xs text-bad">
            {problem.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button disabled={busy} onClick={() => void run(false)}>
            Check compatibility
          </Button>
          <Button variant="primary" disabled={busy} onClick={() => void run(true)}>
            {busy ? 'Working…' : 'Check and register'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
