import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertHistory, AlertRule, AlertRuleList } from '@/lib/contracts/alerts';
import type { GroupDetail } from '@/lib/contracts/groups';
import { apiAt, rawFetchAt, waitFor } from '../helpers/api';
import { BOOTSTRAP } from '../helpers/kcat';
import { freshPostgres } from '../helpers/pg';
import { connectAdmin, createTopic, deleteGroupQuietly, uniq, type GroupTestAdmin } from '../groups/group-helpers';

// @ts-expect-error plain ESM script without types
import * as lib from '../../scripts/lib.mjs';

/**
 * Lag alerts end to end, against the real cluster: two console instances share one PostgreSQL
 * database (so one of them is the elected sampler), a kcat consumer group reads a topic that a
 * kcat producer keeps writing to, and a webhook receiver runs on loopback. Stopping the
 * consumer must fire exactly one notification per rule, restarting it exactly one "resolved";
 * a receiver answering 500 must get retries that the history shows.
 */
const SAMPLE_MS = 500;
const WINDOW = 6; // STALLED after 3 unchanged samples (1.5 s), STOPPED after 6
const FOR_SECONDS = 2;

interface Received {
  path: string;
  at: number;
  body: { kind: string; group: string; rule: { name: string }; status: string | null; reason: string; lag: number | null };
  answered: number;
}

let db: Awaited<ReturnType<typeof freshPostgres>>;
let admin: GroupTestAdmin;
const servers: { base: string; child: ChildProcess }[] = [];
let receiver: http.Server;
let hook = '';
const received: Received[] = [];
let flakyFailuresLeft = 3;
/** A real SMTP server on loopback (smtp-server, the one nodemailer's authors keep): what the email channel delivered. */
let smtp: SMTPServer;
let smtpPort = 0;
const mails: { from: string; to: string[]; raw: string }[] = [];
const REFUSED = 'refused@example.test';

const topic = uniq('alerts');
const group = uniq('alerts-group');
const SECRET = `s3cr3t-${Math.random().toString(36).slice(2, 10)}`;
const FILE_RULE = uniq('from-file');
let producer: ChildProcess | undefined;
let producerTimer: NodeJS.Timeout | undefined;
let consumer: ChildProcess | undefined;

function startReceiver(): Promise<void> {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const path = req.url ?? '';
      let answered = 200;
      if (path.startsWith('/flaky') && flakyFailuresLeft > 0) {
        flakyFailuresLeft--;
        answered = 500;
      }
      try {
        received.push({ path, at: Date.now(), body: JSON.parse(body) as Received['body'], answered });
      } catch {
        received.push({ path, at: Date.now(), body: { kind: 'unparseable' } as Received['body'], answered });
      }
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'receiver failing on purpose');
    });
  });
  return new Promise((r) => receiver.listen(0, '127.0.0.1', () => r()));
}

function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      // a recipient the mail server refuses: the delivery must record why
      if (address.address === REFUSED) return cb(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  return new Promise((r) => smtp.listen(0, '127.0.0.1', () => ((smtpPort = (smtp.server.address() as AddressInfo).port), r())));
}

/** A kcat balanced consumer committing every 100 ms: the group's offsets move while it runs. */
function startConsumer(): ChildProcess {
  const child = spawn('kcat', ['-b', BOOTSTRAP, '-G', group, '-X', 'auto.offset.reset=earliest', '-X', 'auto.commit.interval.ms=100', '-q', '-u', topic], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', () => {});
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM'); // kcat leaves the group, so a restart joins at once
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

const countOf = (kind: string, pathPrefix: string) => received.filter((r) => r.body.kind === kind && r.path.startsWith(pathPrefix) && r.body.group === group).length;

beforeAll(async () => {
  if (lib.ensureBuild() !== 0) throw new Error('next build failed');
  db = await freshPostgres('riffle_t21');
  admin = await connectAdmin();
  await createTopic(admin, topic, 1);
  await startReceiver();
  await startSmtp();
  hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // Rules as code: one rule from a file, its URL from the environment.
  const rulesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 't21-alerts-')), 'alerts.yaml');
  fs.writeFileSync(rulesFile, `rules:\n  - name: ${FILE_RULE}\n    groups: "t21-nothing-*"\n    condition: { status: [STOPPED] }\n    channel: { type: slack, urlEnv: T21_FILE_HOOK }\n`);
  const env = { ...lib.testServerEnv(), RIFFLE_ALERTS_FILE: rulesFile, T21_FILE_HOOK: `${hook}/file/${SECRET}`, DATABASE_URL: db.url, RIFFLE_LAG_SAMPLE_MS: String(SAMPLE_MS), RIFFLE_LAG_WINDOW: String(WINDOW), RIFFLE_ALERTS_DELIVERY_MS: '200', RIFFLE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, RIFFLE_SMTP_FROM: 'riffle-alerts@example.test', RIFFLE_CLUSTERS: '', KAFKA_BROKERS: BOOTSTRAP };
  await Promise.all(
    ['a', 'b'].map(async (name) => {
      const port: number = await lib.freePort();
      const child: ChildProcess = await lib.startServer({ port, env, logFile: `/tmp/riffle-t21-alerts-${name}.log` });
      servers.push({ base: `http://127.0.0.1:${port}`, child });
    }),
  );
  // kcat keeps producing: four messages a second, one line each, through one long-lived producer.
  producer = spawn('kcat', ['-b', BOOTSTRAP, '-P', '-t', topic, '-X', 'linger.ms=0'], { stdio: ['pipe', 'ignore', 'ignore'] });
  let i = 0;
  producerTimer = setInterval(() => producer?.stdin?.write(`m-${i++}\n`), 250);
}, 240_000);

afterAll(async () => {
  if (producerTimer) clearInterval(producerTimer);
  producer?.stdin?.end();
  await stopChild(producer);
  await stopChild(consumer);
  for (const s of servers) await lib.stopProcess(s.child);
  receiver?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await deleteGroupQuietly(admin, group);
  await admin?.deleteTopics([topic]).catch(() => {});
  await admin?.close();
  await db?.drop();
}, 60_000);

describe('alert rules API', () => {
  it('refuses bad input with a 400 naming the field, and a viewer with a 403', async () => {
    const base = servers[0]!.base;
    const good = { name: uniq('rule'), groups: group, condition: { status: ['STALLED'] }, forSeconds: 1, channel: { type: 'webhook', url: `${hook}/x` } };
    const cases: [unknown, string][] = [
      [{ ...good, channel: { type: 'webhook', url: 'ftp://example.com/x' } }, 'channel.url'],
      [{ ...good, channel: { type: 'webhook' } }, 'channel.url'],
      [{ ...good, condition: {} }, 'condition'],
      [{ ...good, condition: { status: ['OK'] } }, 'condition.status.0'],
      [{ ...good, forSeconds: -1 }, 'forSeconds'],
      [{ ...good, name: '' }, 'name'],
      [{ ...good, surprise: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await apiAt<{ error: { code: string; field?: string; message: string } }>(base, 'POST', '/api/clusters/local/alerts/rules', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(res.body.error.field).toBe(field);
      expect(res.body.error.message.length).toBeGreaterThan(0);
    }
    const notJson = await rawFetchAt(base, '/api/clusters/local/alerts/rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(422);
    const bad = await apiAt<{ error: { field: string } }>(base, 'GET', '/api/clusters/local/alerts/rules/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('id');
    expect((await apiAt(base, 'GET', '/api/clusters/local/alerts/rules/999999')).status).toBe(404);
    expect((await apiAt(base, 'GET', '/api/clusters/local/alerts/history?limit=0')).status).toBe(400);
    const asViewer = await rawFetchAt(base, '/api/clusters/local/alerts/rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(good) }, 'viewer');
    expect(asViewer.status).toBe(403);
    const viewerList = await rawFetchAt(base, '/api/clusters/local/alerts/rules', {}, 'viewer');
    expect(viewerList.status).toBe(200);
  });

  it('loads rules from RIFFLE_ALERTS_FILE, read-only in the console', async () => {
    const base = servers[0]!.base;
    const list = await apiAt<AlertRuleList>(base, 'GET', '/api/clusters/local/alerts/rules');
    const rule = list.body.rules.find((r) => r.name === FILE_RULE)!;
    expect(rule).toMatchObject({ source: 'file', groups: 't21-nothing-*', channel: { type: 'slack', configured: true } });
    expect(list.body.rulesFile).toMatch(/alerts\.yaml$/);
    expect(list.body.rulesFileError).toBeNull();
    const put = await apiAt<{ error: { code: string } }>(base, 'PUT', `/api/clusters/local/alerts/rules/${rule.id}`, { name: FILE_RULE, groups: 'x', condition: { lagAbove: 1 }, channel: { type: 'slack' } });
    expect(put.status).toBe(409);
    expect((await apiAt(base, 'DELETE', `/api/clusters/local/alerts/rules/${rule.id}`)).status).toBe(409);
    // Both instances loaded the same file into the shared database: still one rule.
    const again = await apiAt<AlertRuleList>(servers[1]!.base, 'GET', '/api/clusters/local/alerts/rules');
    expect(again.body.rules.filter((r) => r.name === FILE_RULE)).toHaveLength(1);
  });

  it('never answers the webhook URL, and a test send reaches the receiver', async () => {
    const base = servers[0]!.base;
    const created = await apiAt<AlertRule>(base, 'POST', '/api/clusters/local/alerts/rules', {
      name: uniq('secret-rule'),
      groups: 'nothing-matches-this-*',
      condition: { lagAbove: 1 },
      channel: { type: 'slack', url: `${hook}/test/${SECRET}` },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    expect(created.body.channel).toEqual({ type: 'slack', target: `${hook}/…`, configured: true });
    const tested = await apiAt<{ ok: boolean; httpStatus: number }>(base, 'POST', `/api/clusters/local/alerts/rules/${created.body.id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, httpStatus: 200 });
    const got = received.find((r) => r.path === `/test/${SECRET}`) as unknown as { body: { text: string; blocks: unknown[] } };
    expect(got.body.text).toContain('Test from Riffle');
    expect(Array.isArray(got.body.blocks)).toBe(true);
    // An update without the URL keeps it.
    const updated = await apiAt<AlertRule>(base, 'PUT', `/api/clusters/local/alerts/rules/${created.body.id}`, { name: created.body.name, groups: 'nothing-matches-this-*', condition: { lagAbove: 2 }, channel: { type: 'slack' } });
    expect(updated.status).toBe(200);
    expect(updated.body.condition).toEqual({ lagAbove: 2 });
    expect(updated.body.lastTest?.ok).toBe(true);
    const tested2 = await apiAt<{ ok: boolean }>(base, 'POST', `/api/clusters/local/alerts/rules/${created.body.id}/test`);
    expect(tested2.body.ok).toBe(true);
    for (const s of servers) {
      const list = await rawFetchAt(s.base, '/api/clusters/local/alerts/rules', {}, 'viewer');
      expect(await list.text()).not.toContain(SECRET);
    }
    const audit = await apiAt(base, 'GET', '/api/clusters/local/audit?limit=500');
    expect(JSON.stringify(audit.body)).not.toContain(SECRET);
    expect(JSON.stringify(audit.body)).toContain('alerts.rule.create');
    await readAllLogs().then((logs) => expect(logs).not.toContain(SECRET));
    expect((await apiAt(base, 'DELETE', `/api/clusters/local/alerts/rules/${created.body.id}`)).status).toBe(200);
  });

  it('sends email through a real SMTP server, shows only the mail domain, and records a refusal with its reason', async () => {
    const base = servers[0]!.base;
    const name = uniq('mail-rule');
    const created = await apiAt<AlertRule>(base, 'POST', '/api/clusters/local/alerts/rules', { name, groups: 'nothing-matches-this-*', condition: { lagAbove: 1 }, channel: { type: 'email', to: ['oncall@example.test'] } });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('oncall@');
    const tested = await apiAt<{ ok: boolean; error: string | null }>(base, 'POST', `/api/clusters/local/alerts/rules/${created.body.id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, error: null });
    const mail = mails.find((m) => m.raw.includes(`[Riffle] test: ${name}`));
    expect(mail, 'the SMTP server received the test mail').toBeDefined();
    expect(mail!.to).toEqual(['oncall@example.test']);
    expect(mail!.from).toBe('riffle-alerts@example.test');
    // the mail server refuses this recipient: the answer says so, with the SMTP code, and nothing was delivered to it
    const refused = await apiAt<AlertRule>(base, 'PUT', `/api/clusters/local/alerts/rules/${created.body.id}`, { name, groups: 'nothing-matches-this-*', condition: { lagAbove: 1 }, channel: { type: 'email', to: [REFUSED] } });
    expect(refused.status).toBe(200);
    const before = mails.length;
    const failed = await apiAt<{ ok: boolean; error: string | null }>(base, 'POST', `/api/clusters/local/alerts/rules/${created.body.id}/test`);
    expect(failed.body.ok).toBe(false);
    expect(failed.body.error).toMatch(/mail server refused.*550/);
    expect(mails.length).toBe(before);
    expect((await apiAt(base, 'DELETE', `/api/clusters/local/alerts/rules/${created.body.id}`)).status).toBe(200);
  });
});

async function readAllLogs(): Promise<string> {
  const fs = await import('node:fs/promises');
  return (await Promise.all(['a', 'b'].map((n) => fs.readFile(`/tmp/riffle-t21-alerts-${n}.log`, 'utf8').catch(() => '')))).join('\n');
}

describe('a stalled group', () => {
  it('fires exactly one alert per rule across two instances, retries a failing receiver, and resolves once after catch-up', async () => {
    const base = servers[0]!.base;
    const groupDetail = async () => {
      const res = await apiAt<GroupDetail>(base, 'GET', `/api/clusters/local/consumer-groups/${group}`);
      return res.status === 200 ? res.body : undefined;
    };
    consumer = startConsumer();
    await waitFor(async () => {
      const g = await groupDetail();
      return g && g.status === 'OK' && (g.partitions[0]?.committed ?? 0) > 0 && g.members.length > 0;
    }, { timeoutMs: 90_000, what: 'the kcat consumer group to be OK with commits' });
    // Both instances are up; exactly one samples.
    await waitFor(async () => {
      const roles = await Promise.all(servers.map(async (s) => (await apiAt<{ sampler: { role: string } }>(s.base, 'GET', '/api/clusters/local/consumer-groups')).body.sampler.role));
      return roles.filter((r) => r === 'sampling').length === 1 && roles.filter((r) => r === 'standby').length === 1;
    }, { timeoutMs: 60_000, what: 'one sampling and one standby instance' });

    const stallRule = await apiAt<AlertRule>(base, 'POST', '/api/clusters/local/alerts/rules', {
      name: uniq('stalled'),
      groups: group.slice(0, -3) + '*', // a pattern, not the bare name
      topics: [topic],
      condition: { status: ['STALLED', 'STOPPED'] },
      forSeconds: FOR_SECONDS,
      channel: { type: 'webhook', url: `${hook}/ok/${SECRET}` },
    });
    expect(stallRule.status).toBe(201);
    const lagRule = await apiAt<AlertRule>(base, 'POST', '/api/clusters/local/alerts/rules', {
      name: uniq('lag'),
      groups: group,
      condition: { lagAbove: 30 },
      forSeconds: 0,
      channel: { type: 'webhook', url: `${hook}/flaky` },
    });
    expect(lagRule.status).toBe(201);
    // Running consumer: nothing fires.
    await new Promise((r) => setTimeout(r, 3 * SAMPLE_MS + 1000));
    expect(countOf('firing', '/ok')).toBe(0);

    const stoppedAt = Date.now();
    await stopChild(consumer);
    const firing = await waitFor(async () => received.find((r) => r.body.kind === 'firing' && r.path.startsWith('/ok') && r.body.group === group), {
      timeoutMs: 60_000,
      what: 'the firing notification',
    });
    // Window: the stall shows after half the status window, then the rule's forSeconds; the rest is slack for a loaded machine.
    expect(firing.at - stoppedAt).toBeGreaterThanOrEqual(FOR_SECONDS * 1000);
    expect(firing.at - stoppedAt).toBeLessThan(45_000);
    expect(firing.body.rule.name).toBe(stallRule.body.name);
    expect(['STALLED', 'STOPPED']).toContain(firing.body.status);
    expect(firing.body.lag).toBeGreaterThan(0);

    // The failing receiver: 500 three times, then accepted on a later attempt.
    await waitFor(async () => received.some((r) => r.path === '/flaky' && r.body.kind === 'firing' && r.answered === 200), { timeoutMs: 60_000, what: 'the flaky receiver to accept after retries' });

    // Stays stopped a while longer: still one notification per rule (two instances, many cycles).
    await new Promise((r) => setTimeout(r, 4_000));
    expect(countOf('firing', '/ok')).toBe(1);
    expect(received.filter((r) => r.path === '/flaky' && r.body.kind === 'firing' && r.answered === 200)).toHaveLength(1);
    expect(received.filter((r) => r.path === '/flaky' && r.answered === 500)).toHaveLength(3);

    const flakyHistory = await apiAt<AlertHistory>(servers[1]!.base, 'GET', `/api/clusters/local/alerts/history?rule=${lagRule.body.id}`);
    expect(flakyHistory.status).toBe(200);
    const ev = flakyHistory.body.events[0]!;
    expect(ev.state).toBe('firing');
    const d = ev.deliveries.find((x) => x.kind === 'firing')!;
    expect(d.state).toBe('sent');
    expect(d.attempts.map((a) => a.httpStatus)).toEqual([500, 500, 500, 200]);
    expect(d.attempts.slice(0, 3).every((a) => !a.ok && a.error?.includes('500'))).toBe(true);
    // Backoff: each retry waited longer than the one before (1 s, 2 s, 4 s).
    const gaps = d.attempts.slice(1).map((a, i) => Date.parse(a.at) - Date.parse(d.attempts[i]!.at));
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1900);
    expect(gaps[2]).toBeGreaterThanOrEqual(3900);

    // Catch up: the consumer comes back and reads everything.
    consumer = startConsumer();
    const resolved = await waitFor(async () => received.find((r) => r.body.kind === 'resolved' && r.path.startsWith('/ok') && r.body.group === group), {
      timeoutMs: 90_000,
      what: 'the resolved notification after catch-up',
    });
    expect(resolved.body.rule.name).toBe(stallRule.body.name);
    await waitFor(async () => countOf('resolved', '/flaky') === 1, { timeoutMs: 60_000, what: 'the lag rule to resolve' });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(countOf('firing', '/ok')).toBe(1);
    expect(countOf('resolved', '/ok')).toBe(1);

    const history = await apiAt<AlertHistory>(base, 'GET', `/api/clusters/local/alerts/history?rule=${stallRule.body.id}`);
    expect(history.body.events).toHaveLength(1);
    expect(history.body.events[0]).toMatchObject({ state: 'resolved', group, ruleName: stallRule.body.name });
    expect(history.body.events[0]!.deliveries.map((x) => [x.kind, x.state])).toEqual([
      ['firing', 'sent'],
      ['resolved', 'sent'],
    ]);
    // In the database too: one alert, two deliveries, however many instances evaluated.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = await client.query('select kind, count(*)::int as n from alert_deliveries where rule_id = $1 group by kind order by kind', [stallRule.body.id]);
      expect(rows.rows).toEqual([
        { kind: 'firing', n: 1 },
        { kind: 'resolved', n: 1 },
      ]);
    } finally {
      await client.end();
    }
    const list = await apiAt<AlertRuleList>(base, 'GET', '/api/clusters/local/alerts/rules');
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
  }, 300_000);
});
