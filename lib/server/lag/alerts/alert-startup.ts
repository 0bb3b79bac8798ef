import 'server-only';
import { database } from '../../db/db';
import { alertSettings } from './alert-settings';
import { syncFileRules } from './alert-rules';
import { readRulesFile } from './alert-rules-file';
import { singleton } from '../../singleton';

const g = singleton('riffle:lag/alerts/alert-startup', (): { riffleAlertsFile?: Promise<string | null> } => ({}));

/**
 * Loads RIFFLE_ALERTS_FILE into the database once per process (every instance may: the sync is
 * idempotent). Resolves to the error that stopped it, if any, for the rules page to show.
 */
export function ensureFileRules(): Promise<string | null> {
  g.riffleAlertsFile ??= (async () => {
    const file = alertSettings().rulesFile;
    if (!file) return null;
    try {
      const rules = readRulesFile(file);
      await syncFileRules(await database(), rules);
      console.log(`[riffle] alerts: ${rules.length} rule${rules.length === 1 ? '' : 's'} from ${file}`);
      return null;
    } catch (err) {
      const msg = (err as Error).message;
      console.error(`[riffle] alerts: ${msg}`);
      return msg;
    }
  })();
  return g.riffleAlertsFile;
}
