import 'server-only';
import crypto from 'node:crypto';
import type { ApiTokenSummary, CreateTokenInput } from '@/lib/contracts/auth';
import { database } from '../db/db';
import type { ApiTokenTable } from '../db/schema';
import { NotFound } from '../errors';
import type { Principal, Role } from './principal';
import { sha256 } from './secrets';

/** API tokens for scripts and CI, made by admins in the console. Only their SHA-256 is stored. */
function toSummary(row: Omit<ApiTokenTable, 'id'> & { id: number }): ApiTokenSummary {
  return {
    id: Number(row.id),
    name: row.name,
    role: row.role as Role,
    prefix: row.prefix,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

export async function createApiToken(input: CreateTokenInput, by: Principal): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = `rfl_${crypto.randomBytes(24).toString('base64url')}`;
  const now = new Date();
  const row = {
    name: input.name,
    role: input.role,
    sha256: sha256(token),
    prefix: token.slice(0, 8),
    created_by: by.name,
    created_at: now.toISOString(),
    expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
    last_used_at: null,
    revoked_at: null,
  };
  const { db } = await database();
  const inserted = await db.insertInto('riffle_api_tokens').values(row).returning('id').executeTakeFirstOrThrow();
  return { token, summary: toSummary({ ...row, id: Number(inserted.id) }) };
}

export async function listApiTokens(): Promise<ApiTokenSummary[]> {
  const { db } = await database();
  const rows = await db.selectFrom('riffle_api_tokens').selectAll().where('revoked_at', 'is', null).orderBy('id', 'desc').limit(1000).execute();
  return rows.map((r) => toSummary({ ...r, id: Number(r.id) }));
}

export async function revokeApiToken(id: number): Promise<ApiTokenSummary> {
  const { db } = await database();
  const row = await db.selectFrom('riffle_api_tokens').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) throw new NotFound(`no active API token with id ${id}`, 'id');
  await db.updateTable('riffle_api_tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', id).execute();
  return toSummary({ ...row, id: Number(row.id) });
}

const lastTouched = new Map<number, number>();

/** The token's owner and role if it is active; marks it used (at most once a minute). */
export async function lookupApiToken(token: string): Promise<{ id: number; name: string; role: Role; expiresAt: string | null } | null> {
  if (!token.startsWith('rfl_')) return null;
  const { db } = await database();
  const now = new Date().toISOString();
  const row = await db
    .selectFrom('riffle_api_tokens')
    .select(['id', 'name', 'role', 'expires_at'])
    .where('sha256', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || (row.expires_at && row.expires_at <= now)) return null;
  const id = Number(row.id);
  if ((lastTouched.get(id) ?? 0) < Date.now() - 60_000) {
    lastTouched.set(id, Date.now());
    await db.updateTable('riffle_api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }
  return { id, name: `token:${row.name}`, role: row.role as Role, expiresAt: row.expires_at };
}

/**
 * A console-made token by id, if it is still neither revoked nor expired: a session opened
 * with the token checks this on every request, so revoking it ends the session at once.
 */
export async function activeApiToken(id: number): Promise<{ name: string; role: Role } | null> {
  const { db } = await database();
  const row = await db.selectFrom('riffle_api_tokens').select(['name', 'role', 'expires_at']).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row || (row.expires_at && row.expires_at <= new Date().toISOString())) return null;
  return { name: `token:${row.name}`, role: row.role as Role };
}
