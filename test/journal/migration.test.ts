import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/migrate.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { m013 } from '../../electron/core/db/migrations/013-journal.ts';

describe('the journal migration', () => {
  it('adds timeline entries and notes, with the notes indexed for search and never deleted', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, MIGRATIONS.indexOf(m013) + 1));
    db.prepare(`INSERT INTO cases (number, num_year, num_seq, title, priority, status, tags, opened_at, created_by, updated_at)
      VALUES ('CB-2026-0001', 2026, 1, 'Payout', 'high', 'open', '[]', '2026-01-01T00:00:00.000Z', 'me', '2026-01-01T00:00:00.000Z')`).run();
    db.prepare(`INSERT INTO timeline_entries (case_id, at_utc, local_time, zone, text, created_by, created_at, updated_at)
      VALUES (1, '2024-03-01T00:30:00.000Z', '2024-03-01T09:30', 'Asia/Seoul', 'Offer signed', 'me', 'now', 'now')`).run();
    expect(db.prepare('SELECT exhibits, version, removed_at FROM timeline_entries').get()).toEqual({ exhibits: '[]', version: 1, removed_at: null });
    db.prepare(`INSERT INTO case_notes (case_id, author, body, created_at, updated_at) VALUES (1, 'me', 'The recruiter at Nimbus Staffing', 'now', 'now')`).run();
    const find = (q: string) => db.prepare('SELECT rowid FROM case_notes_fts WHERE case_notes_fts MATCH ?').pluck().all(`"${q}"`);
    expect(find('Nimbus')).toEqual([1]);
    db.prepare(`UPDATE case_notes SET body = 'Zephyr Partners' WHERE id = 1`).run();
    expect(find('Nimbus')).toEqual([]);
    expect(find('phyr Part')).toEqual([1]);
    expect(() => db.prepare('DELETE FROM case_notes').run()).toThrow(/never deleted/);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM timeline_entries WHERE case_id = 1 ORDER BY at_utc").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('timeline_entries_case');
    db.close();
  });
});
