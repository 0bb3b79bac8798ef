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
