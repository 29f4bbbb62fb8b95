import type { Db, ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { INDICATORS } from '../../../shared/indicators/catalog.ts';
import { defaultWeights, type Weights } from '../../../shared/indicators/score.ts';
import { AppError } from '../../../shared/errors.ts';

const KEY = 'indicators.weights';

export const DEFAULT_WEIGHTS: Weights = defaultWeights(INDICATORS);

/** The weights in force: the catalog's defaults with the officer's overrides from settings. */
export function currentWeights(db: ReadDb): Weights {
  const raw = stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  return { ...DEFAULT_WEIGHTS, ...(raw ? (JSON.parse(raw) as Weights) : {}) };
}

/** Saves weight overrides (audited). Returns the weights in force afterwards. */
export function saveWeights(db: Db, actor: string, changes: Weights, reset: boolean): Weights {
  const unknown = Object.keys(changes).filter((id) => !(id in DEFAULT_WEIGHTS));
  if (unknown.length) throw new AppError('invalid_input', `No indicator ${unknown.join(', ')} in the catalog.`);
  const before = currentWeights(db);
  const base = reset ? { ...DEFAULT_WEIGHTS } : before;
  const after = { ...base, ...changes };
  const overrides = Object.fromEntries(Object.entries(after).filter(([id, w]) => DEFAULT_WEIGHTS[id] !== w));
  const now = new Date().toISOString();
  stmt(db, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(KEY, JSON.stringify(overrides), now);
  const changed = Object.keys(after).filter((id) => before[id] !== after[id]);
  if (changed.length) {
    appendAudit(db, actor, {
      caseId: null, entity: 'settings', entityId: KEY, action: 'weights_changed',
      before: Object.fromEntries(changed.map((id) => [id, before[id]])),
      after: Object.fromEntries(changed.map((id) => [id, after[id]])),
    }, now);
  }
  return after;
}
