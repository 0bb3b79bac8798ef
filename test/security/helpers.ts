import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { api, waitFor } from '../helpers/api';

export const C = '/api/clusters/local';
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
export const newPassword = () => randomBytes(18).toString('base64url');

/** A topic with `values` in it, made through the console (connected as the super user). */
export async function topicWith(name: string, values: string[]): Promise<void> {
  const created = await api('POST', `${C}/topics`, { name, partitions: 1, replicationFactor: 1, configs: {} });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const value of values) {
    await waitFor(async () => (await api('POST', `${C}/topics/${name}/messages`, { key: null, value, partition: 0 })).status === 201, { what: `produce to ${name}` });
  }
}

export async function createUser(name: string, password: string): Promise<void> {
  const res = await api('POST', `${C}/users`, { name, password, mechanism: 'SCRAM-SHA-512' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

export async function createAcl(acl: Record<string, string>): Promise<void> {
  const res = await api('POST', `${C}/acls`, acl);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}
