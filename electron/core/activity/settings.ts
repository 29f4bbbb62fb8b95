import type { Db, ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { ActivitySettings, DEFAULT_ACTIVITY_SETTINGS } from '../../../shared/activity/fields.ts';

const KEY = 'activity.settings';

export function activitySettings(db: ReadDb): ActivitySettings {
  const raw = stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  return { ...DEFAULT_ACTIVITY_SETTINGS, ...(raw ? (JSON.parse(raw) as Partial<ActivitySettings>) : {}) };
}

/** Saves detector thresholds and the GeoIP database path; every change is audited. */
export function saveActivitySettings(db: Db, actor: string, patch: Partial<ActivitySettings>): ActivitySettings {
  return db.transaction(() => {
    const before = activitySettings(db);
    const after = ActivitySettings.parse({ ...before, ...patch });
    const changed = (Object.keys(after) as (keyof ActivitySettings)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length === 0) return before;
    const now = new Date().toISOString();
    stmt(db, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(KEY, JSON.stringify(after), now);
    appendAudit(db, actor, {
      caseId: null, entity: 'settings', entityId: KEY, action: 'thresholds_changed',
      before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    }, now);
    return after;
  }).immediate();
}
