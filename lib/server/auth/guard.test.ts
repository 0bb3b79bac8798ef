import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../errors';
import type { Access } from './guard';

// The guard against the test server's real settings: clusters (one read-only) and users.
const root = path.resolve(__dirname, '../../..');
process.env.RIFFLE_CLUSTERS = path.join(root, 'test/fixtures/clusters.yaml');
process.env.RIFFLE_AUTH_FILE = path.join(root, 'test/fixtures/auth.yaml');

let authorize: typeof import('./guard').authorize;
let describeRoute: typeof import('../http').describeRoute;
beforeAll(async () => {
  ({ authorize } = await import('./guard'));
  ({ describeRoute } = await import('../http'));
});

const tokens = {
  viewer: 'rfl_test_viewer_token_0123456789abcdef',
  operator: 'rfl_test_operator_token_0123456789abcdef',
  admin: 'rfl_test_admin_token_0123456789abcdef',
};

function req(method: string, who: keyof typeof tokens | null, headers: Record<string, string> = {}) {
  return new Request('http://127.0.0.1:3000/api/x', {
    method,
    headers: { host: '127.0.0.1:3000', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(method === 'DELETE' || method === 'GET' ? {} : { 'content-type': 'application/json' }), ...headers },
  });
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    return (err as AppError).status;
  }
}

describe('authorize', () => {
  it('read-only mode blocks every mutation, whatever the role and method', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const who of ['viewer', 'operator', 'admin'] as const) {
        for (const role of ['viewer', 'operator', 'admin'] as const) {
          const access: Access = { role, cluster: 'local-ro' };
          expect(await status(authorize(req(method, who), access)), `${method} as ${who} needing ${role}`).toBe(403);
        }
      }
      expect(await status(authorize(req(method, 'admin'), { role: 'admin', cluster: 'local' })), `${method} on local`).toBe(200);
      // an explicit mutation flag on a GET is blocked too
      expect(await status(authorize(req('GET', 'admin'), { role: 'viewer', cluster: 'local-ro', mutation: true }))).toBe(403);
    }
    expect(await status(authorize(req('GET', 'viewer'), { role: 'viewer', cluster: 'local-ro' }))).toBe(200);
  });

  it('roles: each route role admits that role and above', async () => {
    const order = ['viewer', 'operator', 'admin'] as const;
    for (const [i, need] of order.entries()) {
      for (const [j, who] of order.entries()) {
        expect(await status(authorize(req('DELETE', who), { role: need, cluster: 'local' }))).toBe(j >= i ? 200 : 403);
      }
    }
    expect(await status(authorize(req('GET', null), { role: 'viewer' }))).toBe(401);
    expect(await status(authorize(req('GET', null), { role: 'public' }))).toBe(200);
  });

  it('sensitive topics: only listed roles and users read their messages', async () => {
    expect(await status(authorize(req('GET', 'viewer'), { role: 'viewer', messagesOf: 't7-secret-payments' }))).toBe(403);
    expect(await status(authorize(req('GET', 'operator'), { role: 'viewer', messagesOf: 't7-secret-payments' }))).toBe(403); // the token is not the listed user
    expect(await status(authorize(req('GET', 'admin'), { role: 'viewer', messagesOf: 't7-secret-payments' }))).toBe(200);
    expect(await status(authorize(req('GET', 'viewer'), { role: 'viewer', messagesOf: 't7-public' }))).toBe(200);
  });

  it('unknown clusters are a 404 only after authentication (no probing cluster ids signed out)', async () => {
    expect(await status(authorize(req('GET', null), { role: 'viewer', cluster: 'nope' }))).toBe(401);
    expect(await status(authorize(req('GET', 'viewer'), { role: 'viewer', cluster: 'nope' }))).toBe(404);
  });

  it('mutations need JSON, and refuse the internal middleware header', async () => {
    expect(await status(authorize(req('POST', 'admin', { 'content-type': 'text/plain' }), { role: 'admin' }))).toBe(415);
    const bodiless = new Request('http://127.0.0.1:3000/api/x', { method: 'POST', headers: { host: '127.0.0.1:3000', authorization: `Bearer ${tokens.admin}` } });
    expect(await status(authorize(bodiless, { role: 'admin' }))).toBe(200);
    const formish = new Request('http://127.0.0.1:3000/api/x', { method: 'POST', headers: { host: '127.0.0.1:3000', authorization: `Bearer ${tokens.admin}` }, body: 'a=1' });
    expect(await status(authorize(formish, { role: 'admin' }))).toBe(415);
    expect(await status(authorize(req('GET', 'admin', { 'x-middleware-subrequest': 'middleware' }), { role: 'public' }))).toBe(403);
  });
});

describe('describeRoute', () => {
  it('names the action by route pattern and the target by the last parameter', () => {
    expect(describeRoute('DELETE', '/api/clusters/local/topics/orders%2Eeu')).toEqual({ action: 'DELETE /api/clusters/{cluster}/topics/{topic}', target: 'orders.eu' });
    expect(describeRoute('PATCH', '/api/clusters/local/topics/t/configs')).toEqual({ action: 'PATCH /api/clusters/{cluster}/topics/{topic}/configs', target: 't' });
    expect(describeRoute('POST', '/api/clusters/local/consumer-groups/g1/offsets')).toEqual({ action: 'POST /api/clusters/{cluster}/consumer-groups/{group}/offsets', target: 'g1' });
    expect(describeRoute('POST', '/api/clusters/local/topics')).toEqual({ action: 'POST /api/clusters/{cluster}/topics', target: null });
    expect(describeRoute('DELETE', '/api/auth/tokens/%E0%A4%A')).toMatchObject({ target: '%E0%A4%A' });
  });
});
