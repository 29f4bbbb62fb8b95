import type { Migration } from '../migrate.ts';
import { appendAudit } from '../../audit/chain.ts';
import { CATALOG_VERSION, INDICATORS } from '../../../../shared/indicators/catalog.ts';
import { defaultWeights, type Weights } from '../../../../shared/indicators/score.ts';

/**
 * Every case gets its indicator state when it is created. Cases made before that (whose state
 * was created the first time their checklist was read) and never read get theirs here, frozen
 * at the catalog and weights in force now, exactly as the first read would have done, with the
 * same audit event. Reading a case's checklist or risk then never writes.
 */
export const m006: Migration = {
  version: 6,
  name: 'indicator-state',
  up(db) {
    const missing = db.prepare('SELECT c.id, c.number FROM cases c LEFT JOIN case_indicator_state s ON s.case_id = c.id WHERE s.case_id IS NULL ORDER BY c.id').all() as { id: number; number: string }[];
    if (missing.length === 0) return;
    const overrides = db.prepare(`SELECT value FROM settings WHERE key = 'indicators.weights'`).pluck().get() as string | undefined;
    const weights: Weights = { ...defaultWeights(INDICATORS), ...(overrides ? (JSON.parse(overrides) as Weights) : {}) };
    const insert = db.prepare('INSERT INTO case_indicator_state (case_id, catalog_version, weights) VALUES (?, ?, ?)');
    const now = new Date().toISOString();
    for (const c of missing) {
      insert.run(c.id, CATALOG_VERSION, JSON.stringify(weights));
      appendAudit(db, 'Casebook upgrade', { caseId: c.id, entity: 'indicators', entityId: c.number, action: 'catalog_frozen', after: { catalogVersion: CATALOG_VERSION } }, now);
    }
  },
};
