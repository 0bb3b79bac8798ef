import { ConfigError, loadSettings } from '@/lib/server/config';
import { loadAuthSettings } from '@/lib/server/auth/auth-settings';

// The real peer address of every request, for sign-in limits and the audit log (issue 24).
export { stampPeerAddresses } from '@/lib/server/auth/client-address';

/**
 * A server whose stdout or stderr reader is gone (the test runner or `npm run demo` that started
 * it died) gets EPIPE on its next log line. Unhandled, that is an uncaughtException, which Next
 * logs, which fails again: a loop that held a core for an hour on an orphaned test server and
 * kept it from exiting. Such a server has no one left to serve or log to: it shuts down the
 * normal way (SIGTERM: streams end, the lag sampler leaves its group).
 */
export function exitWhenLogReaderGone(): void {
  let leaving = false;
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    if (leaving) return;
    leaving = true;
    process.kill(process.pid, 'SIGTERM');
    // if a shutdown step hangs, do not linger as an orphan
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}

/** Checks the settings at start-up; a bad one stops the server with a message naming it. */
export async function checkSettings(): Promise<void> {
  try {
    const s = loadSettings();
    loadAuthSettings();
    const list = s.clusters.map((c) => `${c.id} (${c.brokers.join(',')}${c.readOnly ? ', read-only' : ''})`).join('; ');
    console.log(`[riffle] clusters: ${list}`);
    const { reportAuthAtStartup } = await import('@/lib/server/auth/startup');
    reportAuthAtStartup(s.host, s.port);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[riffle] configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

/** Starts the consumer-lag sampler (issue #5): RIFFLE_LAG_SAMPLE_MS sets its interval, 0 turns it off. */
export async function startLagSampler(): Promise<void> {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { lagSettings } = await import('@/lib/server/lag/lag-settings');
  try {
    lagSettings();
  } catch (err) {
    console.error(`[riffle] configuration error: ${(err as Error).message}`);
    process.exit(1);
  }
  const { startLagSamplers } = await import('@/lib/server/lag/lag-sampler');
  await startLagSamplers();
}

/** Starts scraping the brokers' JMX exporters of clusters configured with metrics.prometheusJmx (issue 20). */
export async function startBrokerMetrics(): Promise<void> {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startJmxScrapers } = await import('@/lib/server/broker-metrics/jmx-scraper');
  await startJmxScrapers();
}
