'use client';
import { useState } from 'react';
import { toast } from 'sonner';
import { aclCommand } from '@/lib/client/kafka-cli-security';
import { useCreateAcl } from '@/lib/client/use-security';
import { aclBinding, ACL_PATTERN_TYPES, ACL_RESOURCE_TYPES, CLUSTER_RESOURCE_NAME, OPERATION_HELP, operationsFor, type AclBindingInput, type AclResourceType } from '@/lib/contracts/acls';
import { Button, CliPreview, Field, inputClass, zodFieldErrors, type FieldErrors, selectClass } from '@/components/ui/form';
import { Dialog } from '@/components/ui/dialog';
import { serverFieldError, useBootstrap } from './shared';

const PATTERN_HELP = {
  LITERAL: 'exactly this name (a literal * is every name)',
  PREFIXED: 'every name that starts with this',
} as const;

export function CreateAclDialog({ cluster, open, onOpenChange, initial }: { cluster: string; open: boolean; onOpenChange: (o: boolean) => void; initial?: Partial<AclBindingInput> }) {
  const bootstrap = useBootstrap(cluster);
  const create = useCreateAcl(cluster);
  const [form, setForm] = useState<AclBindingInput>({ principal: 'User:', host: '*', resourceType: 'TOPIC', resourceName: '', patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW', ...initial });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (patch: Partial<AclBindingInput>) => setForm((f) => ({ ...f, ...patch }));
  const ops = operationsFor(form.resourceType as AclResourceType);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = aclBinding.safeParse(form);
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error.issues));
    setErrors({});
    try {
      await create.mutateAsync(parsed.data);
      toast.success(`ACL added: ${parsed.data.permission} ${parsed.data.principal} ${parsed.data.operation} on ${parsed.data.resourceType} ${parsed.data.resourceName}`);
      onOpenChange(false);
    } catch (err) {
      const f = serverFieldError(err);
      if (f) setErrors({ [f.field]: f.message });
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Add an ACL" description="Who may do what on which resource. Kafka denies whatever no ACL allows on this cluster; a DENY always wins over an ALLOW." size="xl">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="acl-principal" label="Principal" hint="User:<name> — the SCRAM user name a client signs in with; User:* is every user" error={errors.principal}>
            <input id="acl-principal" className={inputClass} value={form.principal} onChange={(e) => set({ principal: e.target.value })} aria-invalid={!!errors.principal} autoComplete="off" />
          </Field>
          <Field id="acl-permission" label="Permission" hint="DENY overrides any ALLOW that also matches" error={errors.permission}>
            <select id="acl-permission" className={selectClass} value={form.permission} onChange={(e) => set({ permission: e.target.value as 'ALLOW' | 'DENY' })}>
              <option value="ALLOW">ALLOW</option>
              <option value="DENY">DENY</option>
            </select>
          </Field>
          <Field id="acl-resource-type" label="Resource type" hint="what kind of thing the rule is about" error={errors.resourceType}>
            <select
              id="acl-resource-type"
              className={selectClass}
              value={form.resourceType}
              onChange={(e) => {
                const t = e.target.value as AclResourceType;
                set({
                  resourceType: t,
                  operation: operationsFor(t).includes(form.operation as never) ? form.operation : operationsFor(t)[1],
                  ...(t === 'CLUSTER' ? { resourceName: CLUSTER_RESOURCE_NAME, patternType: 'LITERAL' } : form.resourceType === 'CLUSTER' ? { resourceName: '' } : {}),
                });
              }}
            >
              {ACL_RESOURCE_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
          <Field id="acl-operation" label="Operation" hint={OPERATION_HELP[form.operation as keyof typeof OPERATION_HELP]} error={errors.operation}>
            <select id="acl-operation" className={selectClass} value={form.operation} onChange={(e) => set({ operation: e.target.value as AclBindingInput['operation'] })} aria-invalid={!!errors.operation}>
              {ops.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </Field>
          <Field id="acl-pattern" label="Pattern type" hint={PATTERN_HELP[(form.patternType ?? 'LITERAL') as 'LITERAL' | 'PREFIXED']} error={errors.patternType}>
            <select id="acl-pattern" className={selectClass} value={form.patternType} disabled={form.resourceType === 'CLUSTER'} onChange={(e) => set({ patternType: e.target.value as 'LITERAL' | 'PREFIXED' })}>
              {ACL_PATTERN_TYPES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </Field>
          <Field id="acl-resource-name" label={form.patternType === 'PREFIXED' ? 'Name prefix' : 'Resource name'} hint={form.resourceType === 'CLUSTER' ? 'the cluster resource is always kafka-cluster' : 'topic, group, transactional id… name'} error={errors.resourceName}>
            <input id="acl-resource-name" className={inputClass} value={form.resourceName} disabled={form.resourceType === 'CLUSTER'} onChange={(e) => set({ resourceName: e.target.value })} aria-invalid={!!errors.resourceName} autoComplete="off" />
          </Field>
          <Field id="acl-host" label="Host" hint="client IP address the rule applies to; * is any host" error={errors.host}>
            <input id="acl-host" className={inputClass} value={form.host} onChange={(e) => set({ host: e.target.value })} aria-invalid={!!errors.host} autoComplete="off" />
          </Field>
        </div>
        <CliPreview command={aclCommand('add', bootstrap, form)} />
        {errors.form && (
          <p role="alert" className="text-xs text-bad">
            {errors.form}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add ACL'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
