import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { authSettings, type AuthSettings } from './auth-settings';
import { singleton } from '../singleton';

/**
 * Secrets the console makes for itself on first start, kept in the data directory with mode
 * 0600: the key that signs session cookies, and (when no user is configured) the first-start
 * admin token, as Jupyter makes its token. Neither is ever written to a log.
 */
function readOrCreate(file: string, make: () => string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${make()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    // Another process made it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return fs.readFileSync(file, 'utf8').trim();
}

const g = singleton('riffle:auth/secrets', (): { riffleSessionKey?: Uint8Array; riffleAdminToken?: string | null } => ({}));

export function sessionKey(s: AuthSettings = authSettings()): Uint8Array {
  if (!g.riffleSessionKey) {
    const secret = s.sessionSecret ?? readOrCreate(path.join(s.dataDir, 'session-secret'), () => crypto.randomBytes(32).toString('base64url'));
    // HKDF turns any configured passphrase into a uniform 256-bit HMAC key.
    g.riffleSessionKey = new Uint8Array(crypto.hkdfSync('sha256', secret, 'riffle', 'session-cookie-v1', 32));
  }
  return g.riffleSessionKey;
}

export const adminTokenFile = (s: AuthSettings = authSettings()) => path.join(s.dataDir, 'admin-token');

/** Nobody configured: the console makes its own admin credential on first start. */
export function needsBootstrapAdmin(s: AuthSettings = authSettings()): boolean {
  return s.users.length === 0 && s.tokens.length === 0 && !s.oidc;
}

/** The admin token from RIFFLE_ADMIN_TOKEN, else the first-start one; null when users are configured. */
export function adminToken(s: AuthSettings = authSettings()): string | null {
  if (g.riffleAdminToken === undefined) {
    if (s.adminToken) g.riffleAdminToken = s.adminToken;
    else if (needsBootstrapAdmin(s)) g.riffleAdminToken = readOrCreate(adminTokenFile(s), () => `rfl_${crypto.randomBytes(24).toString('base64url')}`);
    else g.riffleAdminToken = null;
  }
  return g.riffleAdminToken;
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Compares two secrets in constant time (over their digests, so lengths don't leak either). */
export function secretEquals(a: string, b: string): boolean {
  return crypto.timingSafeEqual(Buffer.from(sha256(a), 'hex'), Buffer.from(sha256(b), 'hex'));
}
