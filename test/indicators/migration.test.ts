import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/migrate.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { listRowsSql, listSql } from '../../electron/core/cases/list.ts';
import { CaseListQuery } from '../../shared/cases.ts';

const plan = (db: Database.Database, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('migration 003 (indicators and activity)', () => {
  it('adds the risk column, the assessment and activity tables, and the indexes their queries use', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    db.prepare(`INSERT INTO cases (number, num_year, num_seq, title, priority, status, opened_at, created_by, updated_at) VALUES ('CB-2026-0001', 2026, 1, 't', 'low', 'open', '2026-01-01', 'x', '2026-01-01')`).run();
    expect(db.prepare('SELECT risk_score FROM cases').pluck().get()).toBe(0);
    db.prepare(`INSERT INTO indicator_assessments (case_id, indicator_id, status, assessed_by, assessed_at) VALUES (1, 'NA-01', 'present', 'x', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO indicator_assessments (case_id, indicator_id, status, assessed_by, assessed_at) VALUES (1, 'NA-02', 'maybe', 'x', 'now')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO case_indicator_state (case_id, catalog_version, score) VALUES (1, 2, 101)`).run()).toThrow(/CHECK/);

    const q = CaseListQuery.parse({ sort: 'risk', desc: true });
    const { where, orderBy } = listSql(q);
    expect(plan(db, listRowsSql(where, orderBy), 50, 0)).toMatch(/USING INDEX cases_risk/);
    // The cross-case look-up goes by network; a case's own addresses by the key (case first, since migration 015).
    expect(plan(db, 'SELECT case_id FROM case_ips WHERE net = ? AND case_id <> ?', '192.0.2.1', 1)).toMatch(/USING (COVERING )?INDEX case_ips_net \(net=\?\)/);
    expect(plan(db, 'SELECT ip FROM case_ips WHERE case_id = ?', 1)).toMatch(/SEARCH case_ips USING PRIMARY KEY \(case_id=\?\)/);
    expect(plan(db, 'SELECT id FROM login_events WHERE case_id = ? AND ts BETWEEN ? AND ? AND ip = ?', 1, 0, 1, 'x')).toMatch(/USING INDEX login_events_case \(case_id=\? AND ts>\? AND ts<\?\)/);
    db.close();
  });
});
