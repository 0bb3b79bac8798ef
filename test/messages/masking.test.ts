import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveBatch } from '@/lib/contracts/live-batch';
import { browseResult, type WireMessage } from '@/lib/contracts/messages';
import { api, rawFetch } from '../helpers/api';
import { createTestTopics, testAdmin, type TestAdmin } from '../helpers/kafka-admin';
import { kcat } from '../helpers/kcat';

/**
 * Masking rules of the test server (test/fixtures/auth.yaml) apply on the server, before a
 * message leaves it, in browse and in the live tail alike: `$.card.number` for everyone but
 * admins, and a card-number regex for everyone. Filters see only the masked text.
 */
const topic = `t7-masked-${Date.now()}`;
const payload = JSON.stringify({ card: { number: '4111-1111-1111-1111', holder: 'Ada' }, note: 'paid with 5500-0000-0000-0004' });
let admin: TestAdmin;

beforeAll(async () => {
  admin = await testAdmin();
  await createTestTopics(admin, [{ topic, numPartitions: 1 }]);
  await kcat(['-P', '-t', topic, '-k', 'k1'], `${payload}\n`);
});
afterAll(async () => {
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

async function browse(as: 'viewer' | 'admin', query = ''): Promise<WireMessage[]> {
  const res = await api('GET', `/api/clusters/local/topics/${topic}/messages?from=earliest${query}`, undefined, {}, as);
  expect(res.status).toBe(200);
  return browseResult.parse(res.body).messages;
}

async function tailFirst(as: 'viewer' | 'admin'): Promise<WireMessage> {
  const controller = new AbortController();
  const res = await rawFetch(`/api/clusters/local/topics/${topic}/live?from=earliest`, { signal: controller.signal }, as);
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended before a message');
    text += decoder.decode(value, { stream: true });
    const m = /event: messages\nid: [^\n]*\ndata: ([^\n]*)\n\n/.exec(text);
    if (m) {
      controller.abort();
      return liveBatch.parse(m[1]!)[0]!;
    }
  }
}

describe('masking rules', () => {
  it('mask the JSON path and the regex for a viewer, in browse and in the tail', async () => {
    for (const m of [(await browse('viewer'))[0]!, await tailFirst('viewer')]) {
      const value = JSON.parse(m.value!.text!) as { card: { number: string; holder: string }; note: string };
      expect(value.card.number).toBe('****');
      expect(value.card.holder).toBe('Ada');
      expect(value.note).toBe('paid with ####');
      expect(m.value!.text).not.toMatch(/\d{4}-\d{4}/);
    }
  });

  it('exempt admins from the path rule only', async () => {
    const value = JSON.parse((await browse('admin'))[0]!.value!.text!) as { card: { number: string }; note: string };
    expect(value.card.number).toBe('####'); // the regex rule has no exemption
    expect(value.note).toBe('paid with ####');
  });

  it('filters see the masked text, so they cannot probe what is hidden', async () => {
    expect(await browse('viewer', '&valueContains=4111')).toHaveLength(0);
    expect(await browse('viewer', '&valueContains=Ada')).toHaveLength(1);
  });
});
