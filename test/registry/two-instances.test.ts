import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, dropStore, newStore, startRegistry, type RegistryInstance } from './registry-process';

/**
 * Two registry instances on one store: one writer elected through Kafka, the follower
 * forwards writes to it, both answer reads alike, ids never collide, and when the writer
 * stops the other takes over and carries on after the highest id.
 */

const store = newStore('two');
let a: RegistryInstance;
let b: RegistryInstance;

beforeAll(async () => {
  a = await startRegistry(store);
  b = await startRegistry(store);
}, 240_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await dropStore(store);
});

const schema = (n: number) => JSON.stringify({ type: 'record', name: `R${n}`, fields: [{ name: 'f', type: 'int' }] });

async function eventually<T>(probe: () => Promise<T>, ok: (t: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await probe();
    if (ok(t) || Date.now() > deadline) return t;
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('agrees on ids when both take writes, and reads the same from either', async () => {
  const writes = await Promise.all(
    Array.from({ length: 12 }, (_, i) => call<{ id: number }>(i % 2 ? b.url : a.url, 'POST', `/subjects/s${i}/versions`, { schema: schema(i) })),
  );
  for (const w of writes) expect(w.status, w.text).toBe(200);
  const ids = writes.map((w) => w.body.id);
  expect(new Set(ids).size).toBe(12);
  expect([...ids].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  // Each id names the same schema on both instances (a follower's answer waits for nothing: it may lag a moment).
  for (const [i, id] of ids.entries()) {
    for (const inst of [a, b]) {
      const got = await eventually(() => call<{ schema: string }>(inst.url, 'GET', `/schemas/ids/${id}`), (r) => r.status === 200);
      expect(got.body.schema).toBe(schema(i));
    }
  }
  const subjectsA = await call(a.url, 'GET', '/subjects');
  const subjectsB = await eventually(() => call(b.url, 'GET', '/subjects'), (r) => JSON.stringify(r.body) === JSON.stringify(subjectsA.body));
  expect((subjectsB.body as string[]).length).toBe(12);
  // Odd paths are forwarded as they are (a path starting with "//" is not a host).
  for (const inst of [a, b]) {
    const odd = await call<{ id: number }>(inst.url, 'POST', '//subjects//odd-path/versions', { schema: '"int"' });
    expect(odd.status, odd.text).toBe(200);
  }
  // Config writes go through the writer too.
  expect((await call(b.url, 'PUT', '/config/s0', { compatibility: 'FULL' })).body).toEqual({ compatibility: 'FULL' });
  expect((await eventually(() => call(a.url, 'GET', '/config/s0'), (r) => r.status === 200)).body).toEqual({ compatibilityLevel: 'FULL' });
});

it('hands the writer role over when the writer stops or crashes', async () => {
  const before = (await call<{ id: number }[]>(a.url, 'GET', '/schemas')).body;
  const maxBefore = Math.max(...before.map((s) => s.id));
  // Stop both in turn: whichever was the writer, the survivor must take over.
  await a.stop();
  const afterA = await eventually(
    () => call<{ id: number }>(b.url, 'POST', '/subjects/after-a/versions', { schema: '"bytes"' }),
    (r) => r.status === 200,
    40_000,
  );
  expect(afterA.status, afterA.text).toBe(200);
  expect(afterA.body.id).toBe(maxBefore + 1);
  a = await startRegistry(store);
  // This time a crash: no goodbye to the group, the coordinator notices after the session timeout.
  await b.stop('SIGKILL');
  const afterB = await eventually(
    () => call<{ id: number }>(a.url, 'POST', '/subjects/after-b/versions', { schema: '"double"' }),
    (r) => r.status === 200,
    40_000,
  );
  expect(afterB.status, afterB.text).toBe(200);
  expect(afterB.body.id).toBe(maxBefore + 2);
});
