import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamSlotsResponse } from '@/lib/contracts/auth';
import { liveBatch } from '@/lib/contracts/live-batch';
import type { WireMessage } from '@/lib/contracts/messages';
import { parseMuxData, type SubStreamInput } from '@/lib/contracts/streams';
import { api, TEST_USERS, waitFor } from '../helpers/api';
import { createTestTopics, testAdmin, type TestAdmin } from '../helpers/kafka-admin';
import { kcat } from '../helpers/kcat';
import { SseClient } from './sse';

/**
 * The multiplexed live stream (GET /api/clusters/{cluster}/streams): several sub-streams on one
 * connection, each tagged, each resuming after its own last event.
 */
const RUN = `t4-mux-${Date.now().toString(36)}`;
const A = `${RUN}-a`;
const B = `${RUN}-b`;
const SECRET = `t7-secret-${RUN}`;
const MASKED = `t7-masked-${RUN}`;
let admin: TestAdmin;

beforeAll(async () => {
  admin = await testAdmin();
  await createTestTopics(admin, [A, B, SECRET, MASKED].map((topic) => ({ topic, numPartitions: 1 })));
  await kcat(['-P', '-t', MASKED, '-k', 'k1'], `${JSON.stringify({ card: { number: '4111-1111-1111-1111' } })}\n`);
});
afterAll(async () => {
  await admin.deleteTopics([A, B, SECRET, MASKED]).catch(() => {});
  await admin.close();
});

const path = (subs: unknown) => `/api/clusters/local/streams?${new URLSearchParams({ s: typeof subs === 'string' ? subs : JSON.stringify(subs) })}`;
const tail = (key: string, topic: string, extra: { query?: Record<string, string>; resume?: string } = {}): SubStreamInput => ({ key, kind: 'live', query: { topic }, ...extra }) as SubStreamInput;

/** Every event of sub-stream `key` on the connection, unwrapped. */
function subEvents(sse: SseClient, key: string) {
  return sse.events.map((e) => ({ event: e.event, ...parseMuxData(e.data)! })).filter((e) => e.s === key);
}
function subMessages(sse: SseClient, key: string): WireMessage[] {
  return subEvents(sse, key)
    .filter((e) => e.event === 'messages')
    .flatMap((e) => liveBatch.parse(e.data));
}
function lastSubId(sse: SseClient, key: string): string {
  return subEvents(sse, key).filter((e) => e.id).at(-1)!.id!;
}

async function produce(topic: string, from: number, to: number) {
  for (let i = from; i <= to; i++) {
    const res = await api('POST', `/api/clusters/local/topics/${topic}/messages`, { key: `k${i}`, value: `${topic}-${i}`, partition: 0 });
    expect(res.status).toBe(201);
  }
}

const offsets = (ms: WireMessage[]) => ms.map((m) => m.offset);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('multiplexed live stream', () => {
  it('carries two topics tagged by sub-stream, and resumes each after a cut with no gap and no duplicate', async () => {
    const first = await new SseClient().open(path([tail('a', A), tail('b', B)]));
    await first.until(() => subEvents(first, 'a').some((e) => e.event === 'ready') && subEvents(first, 'b').some((e) => e.event === 'ready'), 'both ready');
    await produce(A, 1, 5);
    await produce(B, 1, 3);
    await first.until(() => subMessages(first, 'a').length === 5 && subMessages(first, 'b').length === 3, '5 + 3 messages');
    expect(subMessages(first, 'a').every((m) => m.topic === A)).toBe(true);
    expect(subMessages(first, 'b').every((m) => m.topic === B)).toBe(true);
    const token = first.lastEventId!;
    await first.cut();

    // produced while nobody is connected
    await produce(A, 6, 8);
    await produce(B, 4, 7);
    // what a reconnecting EventSource does: send the last id back
    const second = await new SseClient().open(path([tail('a', A), tail('b', B)]), { 'last-event-id': token });
    await produce(A, 9, 10);
    await second.until(() => subMessages(second, 'a').length === 5 && subMessages(second, 'b').length === 4, 'the rest');
    const all = { a: [...subMessages(first, 'a'), ...subMessages(second, 'a')], b: [...subMessages(first, 'b'), ...subMessages(second, 'b')] };
    expect(offsets(all.a)).toEqual(range(0, 9));
    expect(offsets(all.b)).toEqual(range(0, 6));

    // the set changes (the browser's leader reopens): each sub-stream resumes from its own id in `s`
    const aId = lastSubId(second, 'a');
    await second.cut();
    await produce(A, 11, 12);
    const third = await new SseClient().open(path([tail('a', A, { resume: aId }), tail('c', B, { query: { topic: B, from: 'earliest' } })]));
    await third.until(() => subMessages(third, 'a').length === 2 && subMessages(third, 'c').length === 7, 'a resumed, c from the beginning');
    expect(offsets(subMessages(third, 'a'))).toEqual([10, 11]);
    expect(offsets(subMessages(third, 'c'))).toEqual(range(0, 6));
    await third.cut();
  });

  it('resumes topics of 1,000 partitions each: the combined id stays a header servers accept', async () => {
    // Two topics of 1,000 partitions on one connection: their tokens travel in every event id
    // and come back as Last-Event-ID, which Node caps at 16 KB (all headers) and nginx at 8 KB.
    const wide = [`${RUN}-wide1`, `${RUN}-wide2`];
    await createTestTopics(admin, wide.map((topic) => ({ topic, numPartitions: 1000 })));
    try {
      // offsets far from 0 on a spread of partitions (kcat writes them, one record each)
      const parts = [0, 1, 250, 499, 500, 998, 999];
      for (const t of wide) for (const p of parts) await kcat(['-P', '-t', t, '-p', String(p)], `${t}-${p}-first\n`);
      const subs = wide.map((t, i) => tail(`w${i}`, t, { query: { topic: t, from: 'earliest' } }));
      const first = await new SseClient().open(path(subs));
      await first.until(() => subMessages(first, 'w0').length === parts.length && subMessages(first, 'w1').length === parts.length, 'the first records of both topics');
      const token = first.lastEventId!;
      await first.cut();
      expect(token.length).toBeLessThan(8_192);
      for (const t of wide) for (const p of parts) await kcat(['-P', '-t', t, '-p', String(p)], `${t}-${p}-second\n`);
      const second = await new SseClient().open(path(subs), { 'last-event-id': token });
      await second.until(() => subMessages(second, 'w0').length === parts.length && subMessages(second, 'w1').length === parts.length, 'the second records');
      await new Promise((r) => setTimeout(r, 500)); // anything more would be a duplicate
      for (const [i, t] of wide.entries()) {
        expect(subMessages(second, `w${i}`).map((m) => m.value!.text).sort()).toEqual(parts.map((p) => `${t}-${p}-second`).sort());
        expect(subMessages(second, `w${i}`).every((m) => m.offset === 1)).toBe(true);
      }
      await second.cut();
    } finally {
      await admin.deleteTopics(wide).catch(() => {});
    }
  }, 120_000);

  it('counts as one stream against the per-user limit, however many sub-streams it carries', async () => {
    const as = { authorization: `Bearer ${TEST_USERS.operator.token}` };
    const slots = async () => streamSlotsResponse.parse((await api('GET', '/api/auth/streams', undefined, {}, 'operator')).body).open;
    const before = await slots();
    const sse = await new SseClient().open(path([tail('a', A), tail('b', B), tail('c', MASKED), { key: 'w', kind: 'weather', query: { station: 'Seattle' } }]), as);
    await sse.until(() => ['a', 'b', 'c'].every((k) => subEvents(sse, k).some((e) => e.event === 'ready')), 'ready');
    expect(await slots()).toBe(before + 1);
    await sse.cut();
    await waitFor(async () => (await slots()) === before, { what: 'the slot to be released' });
  });

  it('rejects a bad list with a 400 naming the field', async () => {
    const cases: [string, string, Record<string, string>?][] = [
      ['/api/clusters/local/streams', 's'],
      [path('not json'), 's'],
      [path([]), 's'],
      [path([{ key: 'a', kind: 'nope', query: {} }]), 's.0.kind'],
      [path([{ key: 'bad key!', kind: 'live', query: { topic: A } }]), 's.0.key'],
      [path([tail('a', A), tail('a', B)]), 's.1.key'],
      [path([tail('a', A), { key: 'b', kind: 'live', query: {} }]), 's.1.query.topic'],
      [path([tail('a', A, { resume: 'garbage' })]), 's.0.resume'],
      [path([tail('a', A), { key: 'w', kind: 'weather', query: { station: '' } }]), 's.1.query.station'],
      [path([tail('a', A)]), 'resume', { 'last-event-id': 'garbage' }],
    ];
    for (const [p, field, headers] of cases) {
      const res = await api<{ error: { code: string; field?: string } }>('GET', p, undefined, headers ?? {});
      expect({ p, status: res.status, field: res.body.error?.field }).toEqual({ p, status: 400, field });
    }
  });

  it('applies the same authorization as each sub-stream: sign-in, per-topic read rules, masking', async () => {
    expect((await api('GET', path([tail('a', A)]), undefined, {}, 'none')).status).toBe(401);
    // viewers may not read t7-secret-*: the whole request is refused, naming the sub-stream
    const denied = await api<{ error: { field?: string } }>('GET', path([tail('a', A), tail('s', SECRET)]), undefined, {}, 'viewer');
    expect(denied.status).toBe(403);
    expect(denied.body.error.field).toBe('s.1');
    // admins may
    const op = await new SseClient().open(path([tail('s', SECRET)]), { authorization: `Bearer ${TEST_USERS.admin.token}` });
    await op.until(() => subEvents(op, 's').some((e) => e.event === 'ready'), 'ready');
    await op.cut();
    // masked for a viewer exactly as on the single stream
    const viewer = await new SseClient().open(path([tail('m', MASKED, { query: { topic: MASKED, from: 'earliest' } })]), { authorization: `Bearer ${TEST_USERS.viewer.token}` });
    await viewer.until(() => subMessages(viewer, 'm').length === 1, 'the masked message');
    expect(JSON.parse(subMessages(viewer, 'm')[0]!.value!.text!)).toEqual({ card: { number: '****' } });
    await viewer.cut();
  });
});
