import 'server-only';
import { CONFIG_INVALID, CONNECTOR_CLASS, type ConfigField, type ConfigValidation, type ConnectorConfig } from '@/lib/contracts/connect';
import type { ConnectConfig } from '../config';
import { AppError, BadRequest } from '../errors';
import { connectRequest } from './connect-http';

/**
 * Connector configs: the plugin's config definition (which keys are PASSWORDs), validation by
 * the worker itself, and the masking that keeps secrets on the server.
 */

interface RawDefinition {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string | null;
  group: string | null;
  order?: number;
  order_in_group?: number;
  display_name: string | null;
}

interface RawValidation {
  name: string;
  error_count: number;
  groups: string[];
  configs: { definition: RawDefinition; value: { name: string; value: string | null; recommended_values: string[]; errors: string[]; visible: boolean } | null }[];
}

// Keys no definition covers (client overrides such as producer.override.sasl.jaas.config,
// a transform's own settings) are masked by name as well: a false positive only hides a value.
const SECRET_NAME = /(password|passwd|secret|jaas\.config|credentials?|api[._-]?key|token|private[._-]?key)$/i;

const definitionCache = new Map<string, { at: number; passwords: Set<string> }>();
const DEFINITION_TTL_MS = 5 * 60_000;

/** Keys whose definition says PASSWORD, from GET /connector-plugins/{class}/config (cached for 5 minutes). */
async function passwordKeysOf(conn: ConnectConfig, className: string): Promise<Set<string> | null> {
  const cacheKey = `${conn.url} ${className}`;
  const hit = definitionCache.get(cacheKey);
  if (hit && Date.now() - hit.at < DEFINITION_TTL_MS) return hit.passwords;
  try {
    const { body } = await connectRequest<RawDefinition[]>(conn, { path: `/connector-plugins/${encodeURIComponent(className)}/config` });
    const passwords = new Set(body.filter((d) => d.type === 'PASSWORD').map((d) => d.name));
    definitionCache.set(cacheKey, { at: Date.now(), passwords });
    return passwords;
  } catch {
    return null; // plugin gone or worker busy: fall back to names alone
  }
}

/** Which keys of this config are secrets: PASSWORD-type by the plugin's definition, or secret by name. */
export async function secretKeysOf(conn: ConnectConfig, config: ConnectorConfig): Promise<Set<string>> {
  const className = config[CONNECTOR_CLASS];
  const passwords = className ? await passwordKeysOf(conn, className) : null;
  const out = new Set<string>();
  for (const key of Object.keys(config)) if (passwords?.has(key) || SECRET_NAME.test(key)) out.add(key);
  return out;
}

/** The config with every secret's value replaced by null. */
export function maskConfig(config: ConnectorConfig, secrets: Set<string>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, secrets.has(k) ? null : v]));
}

/**
 * A config as the browser sends it back after an edit: secrets it never saw are left out, so
 * they keep the connector's current values. A secret sent as "" is cleared.
 */
export function withKeptSecrets(next: ConnectorConfig, current: ConnectorConfig, secrets: Set<string>): ConnectorConfig {
  const out = { ...next };
  for (const key of secrets) if (!(key in out) && current[key] !== undefined) out[key] = current[key]!;
  for (const [k, v] of Object.entries(out)) if (v === '' && secrets.has(k)) delete out[k];
  return out;
}

/** Secret values of a config, for scrubbing error messages. */
export function secretValues(config: ConnectorConfig, secrets: Set<string>): string[] {
  return [...secrets].map((k) => config[k]).filter((v): v is string => Boolean(v));
}

function toField(c: RawValidation['configs'][number], isSecret: boolean): ConfigField {
  const d = c.definition;
  return {
    name: d.name,
    type: d.type,
    required: d.required,
    defaultValue: d.type === 'PASSWORD' ? null : (d.default_value ?? null),
    importance: d.importance,
    documentation: d.documentation ?? '',
    group: d.group ?? null,
    orderInGroup: d.order_in_group ?? d.order ?? 0,
    displayName: d.display_name ?? d.name,
    value: isSecret ? null : (c.value?.value ?? null),
    recommendedValues: c.value?.recommended_values ?? [],
    errors: c.value?.errors ?? [],
    visible: c.value?.visible ?? true,
  };
}

/**
 * The installed connector plugin a connector.class names (its full name, its simple name, or
 * that without "Connector", as Connect accepts), or a 400 naming the field. The worker itself
 * answers an unknown class with a 500 that lists its plugin folders.
 */
async function resolvePlugin(conn: ConnectConfig, className: string): Promise<string> {
  const { body } = await connectRequest<{ class: string }[]>(conn, { path: '/connector-plugins?connectorsOnly=true' });
  const found = body.find((p) => {
    const simple = p.class.slice(p.class.lastIndexOf('.') + 1);
    return p.class === className || simple === className || simple.replace(/Connector$/, '') === className;
  });
  if (!found) {
    throw new BadRequest(
      `no connector plugin "${className}" on Kafka Connect "${conn.name}"; installed: ${body.map((p) => p.class).join(', ') || 'none'}`,
      `config.${CONNECTOR_CLASS}`,
      'UNKNOWN_PLUGIN',
    );
  }
  return found.class;
}

/** Asks the worker to validate a config against its plugin (PUT /connector-plugins/{class}/config/validate). */
export async function validateConfig(conn: ConnectConfig, config: ConnectorConfig, secrets?: Set<string>): Promise<ConfigValidation> {
  if (!config[CONNECTOR_CLASS]) throw new BadRequest(`${CONNECTOR_CLASS} is required`, `config.${CONNECTOR_CLASS}`, 'VALIDATION_FAILED');
  // Checked against the installed plugins, then sent as written: the worker requires the path's
  // name to match connector.class exactly (an alias in one and the full name in the other fails).
  await resolvePlugin(conn, config[CONNECTOR_CLASS]);
  const className = config[CONNECTOR_CLASS];
  const known = secrets ?? (await secretKeysOf(conn, config));
  const { body } = await connectRequest<RawValidation>(conn, {
    method: 'PUT',
    path: `/connector-plugins/${encodeURIComponent(className)}/config/validate`,
    body: config,
    timeoutMs: 20_000,
    secrets: secretValues(config, known),
  });
  const fields = body.configs.map((c) => toField(c, c.definition.type === 'PASSWORD' || known.has(c.definition.name) || SECRET_NAME.test(c.definition.name)));
  return { className: body.name, errorCount: body.error_count, groups: body.groups, fields };
}

/** The worker refused a config: 422 with every field's messages, as the worker wrote them. */
export class ConfigInvalid extends AppError {
  constructor(readonly fields: Record<string, string[]>) {
    const entries = Object.entries(fields);
    super(422, CONFIG_INVALID, `the worker refused the config: ${entries.map(([k, m]) => `${k}: ${m.join('; ')}`).join(' · ')}`, entries[0] ? `config.${entries[0][0]}` : 'config');
  }

  override toBody() {
    const body = super.toBody();
    return { error: { ...body.error, fields: this.fields } };
  }
}

/** Validates and throws ConfigInvalid if the worker found any error. */
export async function assertValid(conn: ConnectConfig, config: ConnectorConfig, secrets: Set<string>): Promise<void> {
  const v = await validateConfig(conn, config, secrets);
  if (v.errorCount === 0) return;
  const fields: Record<string, string[]> = {};
  for (const f of v.fields) if (f.errors.length) fields[f.name] = f.errors;
  throw new ConfigInvalid(fields);
}
