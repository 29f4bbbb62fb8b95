import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/migrate.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { verifyChain } from '../../electron/core/audit/chain.ts';
import { CATALOG_VERSION, INDICATORS } from '../../shared/indicators/catalog.ts';
import { defaultWeights } from '../../shared/indicators/score.ts';

const STATE_MIGRATION = MIGRATIONS.findIndex((m) => m.name === 'indicator-state');

describe('the migration that gives every case its indicator state', () => {
  it('creates the state of cases whose checklist was never read, with the weights in force, audited; others are left as they were', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, STATE_MIGRATION));
    const addCase = db.prepare(`INSERT INTO cases (number, num_year, num_seq, title, priority, status, opened_at, created_by, updated_at) VALUES (?, 2026, ?, 't', 'low', 'open', '2026-01-01', 'x', '2026-01-01')`);
    for (const [i, n] of ['CB-2026-0001', 'CB-2026-0002', 'CB-2026-0003'].entries()) addCase.run(n, i + 1);
    // The second case's checklist was read under the old code: its state says catalog 1.
    db.prepare(`INSERT INTO case_indicator_state (case_id, catalog_version, weights) VALUES (2, 1, '{}')`).run();
    db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('indicators.weights', '{"NA-01": 3}', '2026-01-01')`).run();

    migrate(db, MIGRATIONS);

    const states = db.prepare('SELECT case_id, catalog_version, weights FROM case_indicator_state ORDER BY case_id').all() as { case_id: number; catalog_version: number; weights: string }[];
    expect(states.map((s) => [s.case_id, s.catalog_version])).toEqual([[1, CATALOG_VERSION], [2, 1], [3, CATALOG_VERSION]]);
    expect(JSON.parse(states[0]!.weights)).toEqual({ ...defaultWeights(INDICATORS), 'NA-01': 3 });
    expect(states[1]!.weights).toBe('{}');
    const events = db.prepare(`SELECT case_id, entity, entity_id, action, after FROM audit_events WHERE entity <> 'template' ORDER BY seq`).all();
    expect(events).toEqual([
      { case_id: 1, entity: 'indicators', entity_id: 'CB-2026-0001', action: 'catalog_frozen', after: JSON.stringify({ catalogVersion: CATALOG_VERSION }) },
      { case_id: 3, entity: 'indicators', entity_id: 'CB-2026-0003', action: 'catalog_frozen', after: JSON.stringify({ catalogVersion: CATALOG_VERSION }) },
    ]);
    expect(verifyChain(db).ok).toBe(true);
    db.close();
  });
});
