// Case list and case creation at scale: the core against plain better-sqlite3 doing the same work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, openTestDb } from '../test/helpers/core.ts';
import { seedCases } from '../electron/core/cases/seed.ts';
import { createCase } from '../electron/core/cases/repo.ts';
import { countSql, listCases, listRowsSql, listSql } from '../electron/core/cases/list.ts';
import { verifyChain } from '../electron/core/audit/chain.ts';
import { CaseListQuery } from '../shared/cases.ts';
import { report, median, time } from './lib.ts';

process.env.CASEBOOK_LOG_SLOW = '0';
const dir = mkdtempSync(join(tmpdir(), 'casebook-bench-'));
try {
  const file = join(dir, 'casebook.db');
  const db = openTestDatabase(file);
  const seedMs = time(() => seedCases(db, 'Bench', 100_000));
  console.log(`seeded 100,000 cases (audit included) in ${(seedMs / 1000).toFixed(1)} s`);

  const queries: CaseListQuery[] = [
    { sort: 'number', desc: true },
    { sort: 'priority', desc: true, status: ['investigating'] },
    { sort: 'title', desc: false, search: 'laptop' },
    { sort: 'openedAt', desc: true, search: 'USDT', status: ['open', 'investigating'] },
    { sort: 'assignee', desc: false, tag: 'crypto', priority: ['high', 'critical'] },
    { sort: 'updatedAt', desc: true, openedFrom: '2025-01-01', openedTo: '2025-06-30', search: 'Castelerford' },
    { sort: 'openedAt', desc: true, search: 'Brian Thornenley' },
    { sort: 'status', desc: false, assignee: 'S. Tanaka', search: 'résumé' },
    { sort: 'number', desc: false, search: 'CB-2025-01' },
  ];
  const rounds = 40;
  const coreTimes: number[] = [];
  const rawTimes: number[] = [];
  const rawDb = openTestDb(file, { readonly: true });
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      coreTimes.push(time(() => listCases(db, { ...q, limit: 50, offset: 0 })));
      const parsed = CaseListQuery.parse({ ...q, limit: 50, offset: 0 });
      const { where, params, orderBy } = listSql(parsed);
      rawTimes.push(time(() => {
        const { n } = rawDb.prepare(countSql(where)).get(...params) as { n: number };
        rawDb.prepare(listRowsSql(where, orderBy, n)).all(...params, 50, 0);
      }));
    }
  }
  rawDb.close();
  queries.forEach((q, i) => {
    const own = coreTimes.filter((_, j) => j % queries.length === i);
    console.log(`      ${median(own).toFixed(2)} ms  ${JSON.stringify(q)}`);
  });
  const coreMedian = median(coreTimes);
  const rawMedian = median(rawTimes);
  report('list page (sort + filter + search, 50 rows) median, 100k cases', `${coreMedian.toFixed(2)} ms core vs ${rawMedian.toFixed(2)} ms raw SQL (ratio ${(coreMedian / rawMedian).toFixed(2)}x)`, coreMedian < 15 && coreMedian / rawMedian <= 1.5, 'goal: < 15 ms and <= 1.5x raw');

  // Creating 10,000 cases: each through the core (own transaction, numbering, tags, FTS, audit)
  // against plain inserts of the same rows, each in its own transaction too (same durability).
  const n = 10_000;
  const coreCreate = time(() => {
    for (let i = 0; i < n; i++) createCase(db, 'Bench', { title: `Created case ${i}`, summary: 'Benchmark summary text.', priority: 'medium', assignee: 'A. Rivera', tags: ['bench', 'payroll'] });
  });
  const rawFile = join(dir, 'raw.db');
  const raw = openTestDatabase(rawFile);
  const insertCase = raw.prepare(`INSERT INTO cases (number, num_year, num_seq, title, summary, priority, status, assignee, tags, opened_at, created_by, updated_at)
    VALUES (?, 2026, ?, ?, ?, 'medium', 'open', ?, ?, ?, ?, ?)`);
  const insertTag = raw.prepare('INSERT INTO case_tags (case_id, tag) VALUES (?, ?)');
  const rawOne = raw.transaction((i: number) => {
    const now = new Date().toISOString();
    const id = Number(insertCase.run(`CB-2026-${String(i + 1).padStart(4, '0')}`, i + 1, `Created case ${i}`, 'Benchmark summary text.', 'A. Rivera', '["bench","payroll"]', now, 'Bench', now).lastInsertRowid);
    insertTag.run(id, 'bench');
    insertTag.run(id, 'payroll');
  });
  const rawCreate = time(() => {
    for (let i = 0; i < n; i++) rawOne.immediate(i);
  });
  raw.close();
  report('create 10,000 cases, one transaction each', `${(coreCreate / 1000).toFixed(2)} s core (audit included) vs ${(rawCreate / 1000).toFixed(2)} s raw inserts (ratio ${(coreCreate / rawCreate).toFixed(2)}x)`, coreCreate / rawCreate <= 3, 'goal: <= 3x raw');

  const events = (db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number);
  let result: ReturnType<typeof verifyChain> | undefined;
  const verifyMs = time(() => (result = verifyChain(db)));
  report(`verify the audit chain of ${events.toLocaleString()} events`, `${verifyMs.toFixed(0)} ms (${result?.ok ? 'intact' : 'BROKEN'})`, result?.ok === true, 'reported figure');
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
