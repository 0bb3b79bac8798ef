import 'server-only';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../config';
import type { Role } from './principal';
import { singleton } from '../singleton';

/**
 * Access-control settings, parsed once with zod from the environment and the optional
 * RIFFLE_AUTH_FILE (YAML or JSON). Passwords are stored only as bcrypt hashes and tokens only
 * as SHA-256 digests, so the file itself holds no secret that signs anyone in.
 */
const role = z.enum(['viewer', 'operator', 'admin']);
const bcryptHash = z.string().regex(/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/, 'expected a bcrypt hash ($2b$...)');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/i, 'expected the SHA-256 of the token, 64 hex digits');
const userName = z.string().min(1).max(100).regex(/^[A-Za-z0-9._@+-]+$/, 'letters, digits and . _ @ + - only');
const patterns = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((p) => (Array.isArray(p) ? p : [p]));

const userEntry = z.object({ name: userName, role, passwordHash: bcryptHash }).strict();
const tokenEntry = z.object({ name: userName, role, sha256: sha256Hex }).strict();
const topicAccessEntry = z
  .object({
    /** Topic name globs (`*`, `?`) whose messages only the listed roles/users may read. */
    topics: patterns,
    roles: z.array(role).default([]),
    users: z.array(userName).default([]),
  })
  .strict();
const maskEntry = z
  .object({
    topics: patterns,
    /** JSON path in the value: `$.card.number`, `$.items[*].iban`, `$..password`. */
    path: z.string().regex(/^\$(\.\.?[A-Za-z0-9_*-]+|\[\*\]|\[\d+\])+$/, 'expected a JSON path like $.a.b, $.a[*].b or $..b').optional(),
    /** Regular expression applied to the key, value and header values (as text). */
    regex: z.string().min(1).max(500).optional(),
    replacement: z.string().max(100).default('****'),
    /** Roles that see the clear value. */
    exemptRoles: z.array(role).default([]),
  })
  .strict()
  .refine((m) => m.path !== undefined || m.regex !== undefined, { message: 'give path or regex', path: ['path'] })
  .refine(
    (m) => {
      if (m.regex === undefined) return true;
      try {
        new RegExp(m.regex, 'g');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression', path: ['regex'] },
  );
const oidcEntry = z
  .object({
    /** HTTPS, or plain HTTP on a loopback host only (a provider running beside the console, tests). */
    issuer: z
      .string()
      .url()
      .refine((u) => {
        const url = new URL(u);
        return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
      }, 'the issuer must be an https:// URL (plain http:// only on a loopback host)'),
    clientId: z.string().min(1),
    /** Environment variable holding the client secret (the file holds no secret). */
    clientSecretEnv: z.string().min(1).optional(),
    scopes: z.string().default('openid profile email'),
    /**
     * Claim holding the user's groups (a list or one string), from the ID token or else the
     * UserInfo endpoint; a dotted path reaches into objects (`realm_access.roles`). Each role
     * lists the groups that grant it; the highest role granted wins.
     */
    groupsClaim: z.string().min(1).default('groups'),
    roles: z.object({ admin: z.array(z.string()).default([]), operator: z.array(z.string()).default([]), viewer: z.array(z.string()).default([]) }).strict().default({ admin: [], operator: [], viewer: [] }),
    /** Role of a signed-in user in none of the groups; `none` refuses them. */
    defaultRole: z.enum(['viewer', 'operator', 'admin', 'none']).default('none'),
    /** Text of the sign-in button on the login page. */
    label: z.string().min(1).max(60).default('Sign in with SSO'),
  })
  .strict();

const authFile = z
  .object({
    users: z.array(userEntry).default([]),
    tokens: z.array(tokenEntry).default([]),
    topicAccess: z.array(topicAccessEntry).default([]),
    masking: z.array(maskEntry).default([]),
    oidc: oidcEntry.optional(),
  })
  .strict();

export type UserEntry = z.infer<typeof userEntry>;
export type TokenEntry = z.infer<typeof tokenEntry>;
export type TopicAccessRule = z.infer<typeof topicAccessEntry>;
export type MaskRule = z.infer<typeof maskEntry>;
export type OidcSettings = z.infer<typeof oidcEntry> & { clientSecret?: string };

export interface AuthSettings {
  enabled: boolean;
  users: UserEntry[];
  tokens: TokenEntry[];
  topicAccess: TopicAccessRule[];
  masking: MaskRule[];
  oidc?: OidcSettings;
  /** Plain admin token from RIFFLE_ADMIN_TOKEN (CI), else the first-start token file. */
  adminToken?: string;
  sessionSecret?: string;
  sessionHours: number;
  /** Mutations per minute per principal; 0 turns the limit off. */
  mutationsPerMinute: number;
  /** Failed sign-ins per minute per user name and address. */
  signInFailuresPerMinute: number;
  maxStreamsPerUser: number;
  /** Topics one user may watch live at once, over all their streams and sub-streams. */
  maxLiveTopicsPerUser: number;
  /** Produce: bytes one request may write (value, key and headers times copies). */
  produceMaxBytesPerRequest: number;
  /** Produce: bytes one user may write per minute; 0 turns the limit off. */
  produceBytesPerMinute: number;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  trustedProxies: string[];
  /** Audit rows of refused anonymous requests per client address per minute (the rest are counted, not stored). */
  anonymousAuditPerMinute: number;
  /** Days refused anonymous requests stay in the audit log. */
  anonymousAuditRetentionDays: number;
  auditReads: boolean;
  auditTopic?: string;
  auditCluster?: string;
  publicUrl?: string;
  dataDir: string;
}

type Env = Record<string, string | undefined>;

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function inlineList<T>(setting: string, value: string | undefined, schema: z.ZodType<T>, keys: string[]): T[] {
  if (!value?.trim()) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item, i) => {
      const parts = item.split(':');
      const parsed = schema.safeParse(Object.fromEntries(keys.map((k, j) => [k, parts[j]])));
      if (!parsed.success) throw new ConfigError(`${setting}[${i}]`, `${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message} (format ${keys.join(':')})`);
      return parsed.data;
    });
}

function addressList(env: Env, name: string): string[] {
  const raw = env[name];
  if (!raw?.trim()) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [addr, bits, extra] = entry.split('/');
      const version = net.isIP(addr ?? '');
      const max = version === 6 ? 128 : 32;
      const ok = version !== 0 && extra === undefined && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max));
      if (!ok) throw new ConfigError(name, `"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8)`);
      return entry;
    });
}

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `expected a whole number from ${min} to ${max}`);
  return n;
}

/** Reads the access-control settings. Throws ConfigError naming the bad setting. */
export function loadAuthSettings(rawEnv: Env = process.env): AuthSettings {
  // An empty variable means unset, as in loadSettings().
  const env: Env = Object.fromEntries(Object.entries(rawEnv).map(([k, v]) => [k, v === '' ? undefined : v]));
  const mode = (env.RIFFLE_AUTH ?? 'on').toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0', ''].includes(mode)) throw new ConfigError('RIFFLE_AUTH', 'expected on or off');
  const enabled = !['off', 'false', '0'].includes(mode);
  const host = env.HOST || '127.0.0.1';
  if (!enabled && !isLoopbackHost(host)) {
    throw new ConfigError('RIFFLE_AUTH', `authentication can be turned off only when listening on loopback; HOST is ${host}`);
  }
  let file: z.infer<typeof authFile> = { users: [], tokens: [], topicAccess: [], masking: [] };
  if (env.RIFFLE_AUTH_FILE) {
    const where = path.resolve(env.RIFFLE_AUTH_FILE);
    let text: string;
    try {
      text = fs.readFileSync(where, 'utf8');
    } catch (err) {
      throw new ConfigError('RIFFLE_AUTH_FILE', `cannot read ${where}: ${(err as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (err) {
      throw new ConfigError('RIFFLE_AUTH_FILE', `${where} is neither valid JSON nor YAML: ${(err as Error).message}`);
    }
    const parsed = authFile.safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(`RIFFLE_AUTH_FILE (${where}: ${issue.path.join('.')})`, issue.message);
    }
    file = parsed.data;
  }
  const users = [...file.users, ...inlineList('RIFFLE_USERS', env.RIFFLE_USERS, userEntry, ['name', 'role', 'passwordHash'])];
  const tokens = [...file.tokens, ...inlineList('RIFFLE_TOKENS', env.RIFFLE_TOKENS, tokenEntry, ['name', 'role', 'sha256'])];
  const names = new Set<string>();
  for (const u of users) {
    if (names.has(u.name)) throw new ConfigError('RIFFLE_USERS', `user "${u.name}" is listed twice`);
    names.add(u.name);
  }
  if (env.RIFFLE_ADMIN_TOKEN !== undefined && env.RIFFLE_ADMIN_TOKEN.length < 24) {
    throw new ConfigError('RIFFLE_ADMIN_TOKEN', 'use at least 24 characters');
  }
  if (env.RIFFLE_SESSION_SECRET !== undefined && env.RIFFLE_SESSION_SECRET.length < 32) {
    throw new ConfigError('RIFFLE_SESSION_SECRET', 'use at least 32 characters');
  }
  let oidc: OidcSettings | undefined;
  if (file.oidc) {
    const secretEnv = file.oidc.clientSecretEnv;
    if (secretEnv && env[secretEnv] === undefined) throw new ConfigError(`RIFFLE_AUTH_FILE (oidc.clientSecretEnv)`, `environment variable ${secretEnv} is not set`);
    oidc = { ...file.oidc, clientSecret: secretEnv ? env[secretEnv] : undefined };
  }
  if (env.RIFFLE_PUBLIC_URL) {
    try {
      new URL(env.RIFFLE_PUBLIC_URL);
    } catch {
      throw new ConfigError('RIFFLE_PUBLIC_URL', 'expected an absolute URL such as https://riffle.example.com');
    }
  }
  return {
    enabled,
    users,
    tokens,
    topicAccess: file.topicAccess,
    masking: file.masking,
    oidc,
    adminToken: env.RIFFLE_ADMIN_TOKEN || undefined,
    sessionSecret: env.RIFFLE_SESSION_SECRET || undefined,
    sessionHours: intSetting(env, 'RIFFLE_SESSION_HOURS', 12, 1, 24 * 30),
    mutationsPerMinute: intSetting(env, 'RIFFLE_MUTATION_RATE', 300, 0, 1_000_000),
    signInFailuresPerMinute: intSetting(env, 'RIFFLE_SIGNIN_FAILURES_PER_MINUTE', 10, 1, 10_000),
    maxStreamsPerUser: intSetting(env, 'RIFFLE_MAX_STREAMS_PER_USER', 4, 1, 1000),
    maxLiveTopicsPerUser: intSetting(env, 'RIFFLE_MAX_LIVE_TOPICS_PER_USER', 40, 1, 100_000),
    produceMaxBytesPerRequest: intSetting(env, 'RIFFLE_PRODUCE_MAX_BYTES', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    produceBytesPerMinute: intSetting(env, 'RIFFLE_PRODUCE_BYTES_PER_MINUTE', 64 * 1024 * 1024, 0, 1024 * 1024 * 1024 * 1024),
    trustedProxies: addressList(env, 'RIFFLE_TRUSTED_PROXIES'),
    anonymousAuditPerMinute: intSetting(env, 'RIFFLE_AUDIT_ANONYMOUS_PER_MINUTE', 30, 1, 100_000),
    anonymousAuditRetentionDays: intSetting(env, 'RIFFLE_AUDIT_ANONYMOUS_RETENTION_DAYS', 7, 1, 3650),
    auditReads: ['1', 'true', 'on'].includes((env.RIFFLE_AUDIT_READS ?? '').toLowerCase()),
    auditTopic: env.RIFFLE_AUDIT_TOPIC || undefined,
    auditCluster: env.RIFFLE_AUDIT_CLUSTER || undefined,
    publicUrl: env.RIFFLE_PUBLIC_URL || undefined,
    dataDir: env.RIFFLE_DATA_DIR ? path.resolve(/*turbopackIgnore: true*/ env.RIFFLE_DATA_DIR) : path.join(process.cwd(), '.data'),
  };
}

export function authSettings(): AuthSettings {
  return singleton('riffle:auth/auth-settings', loadAuthSettings);
}

export const roleOrder: Role[] = ['viewer', 'operator', 'admin'];
