import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection.ts';
import { openTestDatabase } from '../helpers/core.ts';
import { migrate, type Migration } from '../../electron/core/db/migrate.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { AppError } from '../../shared/errors.ts';

const dirs: string[] = [];
const tempDb = () => {
  const d = mkdtempSync(join(tmpdir(), 'casebook-mig-'));
  dirs.push(d);
  return join(d, 'casebook.db');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('bring a new database to the latest version with the required pragmas', () => {
    const db = openTestDatabase(tempDb());
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const strict = db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 0 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'").pluck().all();
    expect(strict).toEqual([]);
    db.close();
  });

  it('001 stores cases with their numbering keys, tags and full-text index', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare(`INSERT INTO cases (number, num_year, num_seq, title, priority, status, tags, opened_at, created_by, updated_at)
      VALUES ('CB-2026-0001', 2026, 1, 'Payout to a third party', 'high', 'open', '["payroll"]', '2026-01-01T00:00:00.000Z', 'me', '2026-01-01T00:00:00.000Z')`).run();
    expect(db.prepare("SELECT priority_rank, status_rank FROM cases").get()).toEqual({ priority_rank: 3, status_rank: 1 });
    expect(db.prepare(`SELECT rowid FROM cases_fts WHERE cases_fts MATCH '"third"'`).pluck().all()).toEqual([1]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM cases ORDER BY priority_rank DESC, id DESC LIMIT 50').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('cases_priority');
    expect(() => db.prepare('DELETE FROM cases').run()).toThrow(/never deleted/);
    db.close();
  });

  it('run all pending steps in one transaction: a failing step leaves the database untouched', () => {
    const db = new Database(':memory:');
    const bad: Migration[] = [
      MIGRATIONS[0]!,
      { version: 2, name: 'broken', up: (d) => d.exec('CREATE TABLE x (a INTEGER) STRICT; THIS IS NOT SQL') },
    ];
    expect(() => migrate(db, bad)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'cases'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuse a database written by a newer Casebook, and change nothing', () => {
    const file = tempDb();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 3}`);
    raw.close();
    let error: unknown;
    try {
      openDatabase(file, { key: null });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unsupported_database');
    expect((error as AppError).message).toMatch(/newer version of Casebook/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 3);
    again.close();
  });
});
