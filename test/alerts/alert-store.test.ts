import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '@/lib/server/db/db';
import { evaluateAlerts } from '@/lib/server/lag/alerts/alert-evaluator';
import { listRules, syncFileRules } from '@/lib/server/lag/alerts/alert-rules';
import { readRulesFile } from '@/lib/server/lag/alerts/alert-rules-file';
import { recordCycle, type SampleRow } from '@/lib/server/lag/lag-store';
import { eachDatabase } from '../helpers/pg';

/**
 * The alert rules' storage and the evaluator's claims on both databases Riffle runs on: rules
 * loaded from a file (configuration as code) are added, updated and removed by a re-sync, and an
 * episode fires and resolves once even when a second evaluator, holding stale state, judges the
 * same cycle (what two instances could do during a sampler hand-over).
 */
const opts = { windowSize: 6, minSamples: 3 };
const HOOK = 'http://127.0.0.1:1/hook-secret';

function rulesFile(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't21-rules-'));
  const file = path.join(dir, 'alerts.yaml');
  fs.writeFileSync(file, body);
  return file;
}

const yaml = (forSeconds: number, name = 'lagging g') => `
rules:
  - name: ${name}
    cluster: local
    groups: "g-*"
    condition: { lagAbove: 10 }
    forSeconds: ${forSeconds}
    repeatIntervalSeconds: 60
    channel: { type: webhook, urlEnv: T21_HOOK }
`;

async function cycle(h: DbHandle, ts: number, committed: number, end: number): Promise<SampleRow[]> {
  const rows: SampleRow[] = [{ groupId: 'g-1', topic: 't', partition: 0, committed, logEnd: end }];
  await recordCycle(h, { cluster: 'local', ts, instance: 'test', durationMs: 1, groups: 1, partitions: 1, requests: 1 }, rows);
  return rows;
}

describe('the rules file', () => {
  it('names the rule and field of a mistake, and a missing secret variable', () => {
    expect(() => readRulesFile(rulesFile(yaml(5)), {})).toThrow(/rules\.0\.channel\.url.*T21_HOOK is not set/);
    expect(() => readRulesFile(rulesFile(yaml(-1)), { T21_HOOK: HOOK })).toThrow(/rules\.0\.forSeconds/);
    expect(() => readRulesFile(rulesFile('rules: [{ name: x, cluster: nope, channel: {type: webhook, url: "http://x"} }]'), {})).toThrow(/rules\.0\.cluster.*no cluster "nope"/);
    expect(() => readRulesFile(rulesFile('rules: ['), {})).toThrow(/RIFFLE_ALERTS_FILE/);
  });
});

describe.each(eachDatabase('riffle-t21-alerts'))('alerts on %s', (_dialect, options) => {
  it('syncs file rules: adds, updates by name, removes', async () => {
    const h = await openDatabase(options());
    try {
      await syncFileRules(h, readRulesFile(rulesFile(yaml(5)), { T21_HOOK: HOOK }));
      let rules = await listRules('local', h);
      expect(rules.map((r) => [r.name, r.source, r.forSeconds, r.secret.url])).toEqual([['lagging g', 'file', 5, HOOK]]);
      await syncFileRules(h, readRulesFile(rulesFile(yaml(7)), { T21_HOOK: HOOK }));
      rules = await listRules('local', h);
      expect(rules.map((r) => [r.name, r.forSeconds])).toEqual([['lagging g', 7]]);
      await syncFileRules(h, readRulesFile(rulesFile(yaml(7, 'renamed')), { T21_HOOK: HOOK }));
      expect((await listRules('local', h)).map((r) => r.name)).toEqual(['renamed']);
      await syncFileRules(h, []);
      expect(await listRules('local', h)).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('fires and resolves each episode once, even when a second evaluator judges with stale state', async () => {
    const h = await openDatabase(options());
    try {
      await syncFileRules(h, readRulesFile(rulesFile(yaml(2)), { T21_HOOK: HOOK }));
      const t0 = 1_700_000_000_000;
      // Lag 50 from the first cycle: pending, then firing once it held 2 s.
      expect(await evaluateAlerts(h, 'local', t0, await cycle(h, t0, 100, 150), opts)).toBe(0);
      expect(await evaluateAlerts(h, 'local', t0 + 1000, await cycle(h, t0 + 1000, 100, 150), opts)).toBe(0);
      const staleState = await h.db.selectFrom('alert_states').selectAll().execute();
      const rows2 = await cycle(h, t0 + 2000, 100, 150);
      expect(await evaluateAlerts(h, 'local', t0 + 2000, rows2, opts)).toBe(1);
      // The other instance read the state before the fire: same episode, no second alert.
      await h.db.deleteFrom('alert_states').execute();
      await h.db.insertInto('alert_states').values(staleState).execute();
      expect(await evaluateAlerts(h, 'local', t0 + 2000, rows2, opts)).toBe(0);
      // Still lagging: nothing new.
      expect(await evaluateAlerts(h, 'local', t0 + 3000, await cycle(h, t0 + 3000, 100, 150), opts)).toBe(0);
      // Caught up: resolved once, twice judged.
      const firingState = await h.db.selectFrom('alert_states').selectAll().execute();
      const rows4 = await cycle(h, t0 + 4000, 150, 150);
      expect(await evaluateAlerts(h, 'local', t0 + 4000, rows4, opts)).toBe(1);
      await h.db.deleteFrom('alert_states').execute();
      await h.db.insertInto('alert_states').values(firingState).execute();
      expect(await evaluateAlerts(h, 'local', t0 + 4000, rows4, opts)).toBe(0);
      // Lagging again within the repeat interval (60 s): pends but does not fire.
      for (let i = 5; i <= 9; i++) expect(await evaluateAlerts(h, 'local', t0 + i * 1000, await cycle(h, t0 + i * 1000, 150, 200), opts)).toBe(0);
      // After the interval it may fire again: a new episode.
      expect(await evaluateAlerts(h, 'local', t0 + 63_000, await cycle(h, t0 + 63_000, 150, 260), opts)).toBe(1);

      const deliveries = await h.db.selectFrom('alert_deliveries').select(['kind', 'state', 'payload']).orderBy('id').execute();
      expect(deliveries.map((d) => d.kind)).toEqual(['firing', 'resolved', 'firing']);
      expect(deliveries.every((d) => d.state === 'pending' && !d.payload.includes('hook-secret'))).toBe(true);
      const first = JSON.parse(deliveries[0]!.payload) as { group: string; lag: number; reason: string; since: string };
      expect(first).toMatchObject({ group: 'g-1', lag: 50, since: new Date(t0).toISOString() });
      expect(first.reason).toBe('lag 50 is above 10');
      const events = await h.db.selectFrom('alert_events').select(['state', 'group_id']).orderBy('id').execute();
      expect(events).toEqual([
        { state: 'resolved', group_id: 'g-1' },
        { state: 'firing', group_id: 'g-1' },
      ]);
    } finally {
      await h.close();
    }
  });
});
