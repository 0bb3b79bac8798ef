import { ConfigError, loadSettings } from '@/lib/server/config';

/** Checks the settings at start-up; a bad one stops the server with a message naming it. */
export function checkSettings(): void {
  try {
    const s = loadSettings();
    const list = s.clusters.map((c) => `${c.id} (${c.brokers.join(',')}${c.readOnly ? ', read-only' : ''})`).join('; ');
    console.log(`[riffle] clusters: ${list}`);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[riffle] configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
