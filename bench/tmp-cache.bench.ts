import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCases } from '../electron/core/cases/list.ts';
import { seedCases } from '../electron/core/cases/seed.ts';
import { openDatabase, type Db } from '../electron/core/db/connection.ts';
import type { CaseListQuery } from '../shared/cases.ts';
import { openTestDatabase } from '../test/helpers/core.ts';
import { median, time } from './lib.ts';
process.env.CASEBOOK_LOG_SLOW = '0';
const dir = mkdtempSync(join(tmpdir(), 'cb-cache-'));
const queries: CaseListQuery[] = [
  { sort: 'number', desc: true },
  { sort: 'priority', desc: true, status: ['investigating'] },
  { sort: 'title', desc: false, search: 'laptop' },
  { sort: 'openedAt', desc: true, search: 'USDT', status: ['open', 'investigating'] },
  { sort: 'assignee', desc: false, tag: 'crypto', priority: ['high', 'critical'] },
];
const page = (db: Db) => { const t: number[] = []; for (let r = 0; r < 10; r++) for (const q of queries) t.push(time(() => listCases(db, { ...q, limit: 50, offset: 0 }))); return median(t); };
try {
  const p = openDatabase(join(dir, 'p.db'), { key: null });
  const e = openTestDatabase(join(dir, 'e.db'));
  seedCases(p, 'B', 40_000); seedCases(e, 'B', 40_000);
  for (const kb of [32000, 128000]) {
    p.pragma(`cache_size = -${kb}`); e.pragma(`cache_size = -${kb}`);
    page(p); page(e);
    const a = page(p), b = page(e);
    console.log(`cache ${kb} KB: plain ${a.toFixed(2)} ms, encrypted ${b.toFixed(2)} ms, ratio ${(b / a).toFixed(2)}`);
  }
} finally { rmSync(dir, { recursive: true, force: true }); }
