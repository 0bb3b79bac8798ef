import 'server-only';
import nodemailer from 'nodemailer';
import type { AlertChannelType, DeliveryResult, NotificationKind } from '@/lib/contracts/alerts';
import { authSettings } from '../../auth/auth-settings';
import { formatDuration } from '../lag-evaluator';
import { alertSettings } from './alert-settings';
import type { ChannelSecret } from './alert-rules';

/** The generic webhook body (and what the history stores): no secret in it. */
export interface Notification {
  version: 1;
  kind: NotificationKind;
  cluster: string;
  rule: { id: number; name: string };
  group: string | null;
  alertId: number | null;
  status: string | null;
  lag: number | null;
  /** null: unknown or not catching up */
  catchUpSeconds: number | null;
  reason: string;
  since: string | null;
  firedAt: string | null;
  resolvedAt: string | null;
  /** The group's page in the console, when RIFFLE_PUBLIC_URL is set. */
  link: string | null;
}

export function groupLink(cluster: string, group: string | null): string | null {
  const base = authSettings().publicUrl;
  if (!base) return null;
  return `${base.replace(/\/$/, '')}/clusters/${encodeURIComponent(cluster)}/${group ? `groups/${encodeURIComponent(group)}` : 'alerts'}`;
}

/** A Slack incoming-webhook body (also what Mattermost, Rocket.Chat and Teams' Slack-compatible hooks take). */
export function slackBody(n: Notification): { text: string; blocks: unknown[] } {
  const head =
    n.kind === 'test'
      ? `:white_check_mark: Test from Riffle: rule "${n.rule.name}" on ${n.cluster} can reach this channel`
      : n.kind === 'firing'
        ? `:rotating_light: FIRING: ${n.rule.name}: group ${n.group} on ${n.cluster} is ${n.status}`
        : `:large_green_circle: RESOLVED: ${n.rule.name}: group ${n.group} on ${n.cluster}`;
  const facts = [
    n.lag !== null ? `*Lag:* ${n.lag.toLocaleString('en-US')} messages` : null,
    n.catchUpSeconds !== null ? `*Catch-up:* ${formatDuration(n.catchUpSeconds * 1000)}` : null,
    n.since ? `*Since:* ${n.since}` : null,
    n.link ? `<${n.link}|Open in Riffle>` : null,
  ].filter(Boolean);
  return {
    text: `${head}\n${n.reason}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${head}\n${n.reason}` } },
      ...(facts.length ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: facts.join('  ·  ') }] }] : []),
    ],
  };
}

function emailText(n: Notification): { subject: string; text: string } {
  const subject = n.kind === 'test' ? `[Riffle] test: ${n.rule.name}` : `[Riffle] ${n.kind.toUpperCase()}: ${n.rule.name}: ${n.group} (${n.cluster})`;
  const lines = [n.reason, n.lag !== null ? `Lag: ${n.lag} messages` : '', n.since ? `Since: ${n.since}` : '', n.resolvedAt ? `Resolved: ${n.resolvedAt}` : '', n.link ?? ''];
  return { subject, text: lines.filter(Boolean).join('\n') };
}

/** Why a send failed, in words that never include the URL (it is a secret: Slack's carries the token). */
function describeFailure(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${alertSettings().timeoutMs} ms`;
  if (e.cause?.message === 'bad port') return 'the port is one HTTP clients may not use (fetch blocks it)';
  const code = e.cause?.code ?? e.cause?.errors?.find((x) => x.code)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code) return `network error ${code}`;
  return 'could not reach the receiver';
}

/** One attempt to deliver: never throws, never retries (the caller schedules retries). */
export async function send(type: AlertChannelType, secret: ChannelSecret, n: Notification): Promise<DeliveryResult> {
  const started = performance.now();
  const at = new Date().toISOString();
  const done = (ok: boolean, httpStatus: number | null, error: string | null): DeliveryResult => ({ at, ok, httpStatus, error, durationMs: Math.round(performance.now() - started) });
  if (type === 'email') return sendEmail(secret, n, done);
  if (!secret.url) return done(false, null, 'no URL configured');
  try {
    const res = await fetch(secret.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'riffle-alerts/1' },
      body: JSON.stringify(type === 'slack' ? slackBody(n) : n),
      redirect: 'manual',
      signal: AbortSignal.timeout(alertSettings().timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return done(true, res.status, null);
    return done(false, res.status, `the receiver answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  } catch (err) {
    return done(false, null, describeFailure(err));
  }
}

async function sendEmail(secret: ChannelSecret, n: Notification, done: (ok: boolean, s: number | null, e: string | null) => DeliveryResult): Promise<DeliveryResult> {
  const s = alertSettings();
  if (!s.smtpUrl) return done(false, null, 'email is not configured on the server (RIFFLE_SMTP_URL)');
  if (!secret.to?.length) return done(false, null, 'no recipients');
  try {
    const { subject, text } = emailText(n);
    // a transport per send: alerts are rare, and a pooled one would hold a connection open between them
    await nodemailer.createTransport(s.smtpUrl).sendMail({ from: s.smtpFrom, to: secret.to.join(', '), subject, text });
    return done(true, null, null);
  } catch (err) {
    const code = (err as { responseCode?: number; code?: string }).responseCode ?? (err as { code?: string }).code;
    return done(false, null, `the mail server refused or could not be reached${code ? ` (${code})` : ''}`);
  }
}
