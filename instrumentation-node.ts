import { ConfigError, loadSettings } from '@/lib/server/config';
import { loadAuthSettings } from '@/lib/server/auth/auth-settings';

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
