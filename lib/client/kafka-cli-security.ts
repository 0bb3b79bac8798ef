// kafka-acls.sh and kafka-configs.sh equivalents of the security forms (see kafka-cli.ts).
import type { AclBindingInput } from '@/lib/contracts/acls';
import type { QuotaEntity } from '@/lib/contracts/quotas';
import { shellQuote } from './kafka-cli';

const BOOTSTRAP = '--bootstrap-server';
const CONFIG = '--command-config admin.properties';

const RESOURCE_FLAG: Record<string, string> = {
  TOPIC: '--topic',
  GROUP: '--group',
  TRANSACTIONAL_ID: '--transactional-id',
  DELEGATION_TOKEN: '--delegation-token',
  USER: '--user-principal',
};

/** AclCommand spells operations in PascalCase: DESCRIBE_CONFIGS → DescribeConfigs. */
const pascal = (op: string) => op.toLowerCase().replace(/(^|_)(.)/g, (_, __, c: string) => c.toUpperCase());

function resourceArgs(type: string | undefined, name: string | undefined): string[] {
  if (!type) return [];
  if (type === 'CLUSTER') return ['--cluster'];
  return [RESOURCE_FLAG[type] ?? `--${type.toLowerCase()}`, shellQuote(name || '<name>')];
}

/** kafka-acls.sh --add or --remove for one binding (or a filter, for --remove). */
export function aclCommand(action: 'add' | 'remove' | 'list', bootstrap: string, a: Partial<Omit<AclBindingInput, 'patternType'>> & { patternType?: string }): string {
  const parts = ['kafka-acls.sh', BOOTSTRAP, shellQuote(bootstrap), CONFIG, `--${action}`];
  if (action !== 'list' && a.principal) parts.push(a.permission === 'DENY' ? '--deny-principal' : '--allow-principal', shellQuote(a.principal));
  if (action === 'list' && a.principal) parts.push('--principal', shellQuote(a.principal));
  if (action !== 'list' && a.host && a.host !== '*') parts.push(a.permission === 'DENY' ? '--deny-host' : '--allow-host', shellQuote(a.host));
  if (a.operation && action !== 'list') parts.push('--operation', pascal(a.operation));
  parts.push(...resourceArgs(a.resourceType, a.resourceName));
  if (a.patternType && a.patternType !== 'LITERAL') parts.push('--resource-pattern-type', a.patternType.toLowerCase());
  if (action === 'remove') parts.push('--force');
  return parts.join(' ');
}

export function scramCommand(action: 'add' | 'delete', bootstrap: string, o: { name: string; mechanism: string; iterations?: number }): string {
  const parts = ['kafka-configs.sh', BOOTSTRAP, shellQuote(bootstrap), CONFIG, '--alter'];
  if (action === 'add') parts.push('--add-config', shellQuote(`${o.mechanism}=[iterations=${o.iterations ?? 8192},password=<password>]`));
  else parts.push('--delete-config', o.mechanism);
  parts.push('--entity-type', 'users', '--entity-name', shellQuote(o.name || '<name>'));
  return parts.join(' ');
}

function entityArgs(e: Partial<QuotaEntity>): string[] {
  const out: string[] = [];
  if (e.user !== undefined) out.push('--entity-type', 'users', ...(e.user === null ? ['--entity-default'] : ['--entity-name', shellQuote(e.user || '<user>')]));
  if (e.clientId !== undefined) out.push('--entity-type', 'clients', ...(e.clientId === null ? ['--entity-default'] : ['--entity-name', shellQuote(e.clientId || '<client-id>')]));
  return out;
}

export function quotaCommand(bootstrap: string, e: Partial<QuotaEntity>, set: Record<string, number | string>, remove: string[]): string {
  const parts = ['kafka-configs.sh', BOOTSTRAP, shellQuote(bootstrap), CONFIG, '--alter'];
  const kv = Object.entries(set).map(([k, v]) => `${k}=${v}`);
  if (kv.length) parts.push('--add-config', shellQuote(kv.join(',')));
  if (remove.length) parts.push('--delete-config', shellQuote(remove.join(',')));
  parts.push(...entityArgs(e));
  return parts.join(' ');
}
