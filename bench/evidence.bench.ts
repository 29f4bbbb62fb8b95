// Evidence ingest vs sha256sum on a generated 1 GiB file, and identifier lookup among 1,000,000 rows.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../electron/core/app.ts';
import { TEST_UNLOCK } from '../test/helpers/core.ts';
import { createCase } from '../electron/core/cases/repo.ts';
import { addFiles } from '../electron/core/evidence/service.ts';
import { findIdentifier } from '../electron/core/identifiers/links.ts';
import { signIn } from '../electron/core/session/users.ts';
import { median, report } from './lib.ts';

const GiB = 1024 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'casebook-bench-evidence-'));
const gc = (globalThis as { gc?: () => void }).gc;

try {
  const file = join(dir, 'big.bin');
  const block = randomBytes(4 * 1024 * 1024);
  const fd = openSync(file, 'w');
  for (let i = 0; i < GiB / block.length; i++) {
    block.writeUInt32LE(i, 0);
    writeSync(fd, block);
  }
  closeSync(fd);

  // Both runs read from a warm page cache, so the comparison is of the work done, not of the disk.
  spawnSync('sha256sum', [file]);
  let t = performance.now();
  const ref = spawnSync('sha256sum', [file], { encoding: 'utf8' });
  const shaSumS = (performance.now() - t) / 1000;
  const expected = ref.stdout.split(' ')[0];

  const core = openCore({ dbFile: join(dir, 'casebook.db'), unlock: TEST_UNLOCK });
  signIn(core.db, 'Bench Officer', 'officer');
  core.ctx.actor = { name: 'Bench Officer', role: 'officer' };
  const c = createCase(core.db, 'Bench Officer', { title: 'Bench', summary: '', priority: 'low', assignee: '', tags: [] });

  gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  t = performance.now();
  const added = await addFiles(core.ctx, { number: c.number, paths: [file] });
  const ingestS = (performance.now() - t) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (added.added[0]?.sha256 !== expected) throw new Error(`hash mismatch: ${added.added[0]?.sha256} vs sha256sum ${expected}`);

  const mbps = (s: number) => (GiB / s / 1024 / 1024).toFixed(0);
  const ratio = shaSumS / ingestS;
  console.log(`sha256sum: ${shaSumS.toFixed(2)} s (${mbps(shaSumS)} MiB/s); ingest (hash + copy + fsync + rename): ${ingestS.toFixed(2)} s (${mbps(ingestS)} MiB/s)`);
  report('ingest throughput vs sha256sum', `${(ratio * 100).toFixed(0)}%`, ratio >= 0.7, 'goal >= 70%');
  const growthMb = (peak - baseline) / 1024 / 1024;
  report('peak RSS growth during 1 GiB ingest', `${growthMb.toFixed(1)} MB`, growthMb < 64, 'goal < 64 MB');
  rmSync(file);

  const db = core.db;
  const N = 1_000_000;
  const CASES = 10_000;
  db.transaction(() => {
    const ins = db.prepare(
      "INSERT INTO cases (number, num_year, num_seq, title, priority, status, opened_at, created_by, updated_at) VALUES (?, 2099, ?, 'bench', 'low', 'open', '2099-01-01', 'bench', '2099-01-01')",
    );
    for (let i = 1; i <= CASES; i++) ins.run(`CB-2099-${String(i).padStart(5, '0')}`, i);
  })();
  const firstCase = (db.prepare("SELECT min(id) AS id FROM cases WHERE num_year = 2099").get() as { id: number }).id;
  const kinds = ['email', 'phone', 'ip', 'wallet', 'address'] as const;
  db.transaction(() => {
    const ins = db.prepare("INSERT INTO identifiers (case_id, kind, value_norm, display, details, created_at, created_by) VALUES (?, ?, ?, ?, '{}', '2099-01-01', 'bench')");
    for (let i = 0; i < N; i++) {
      const kind = kinds[i % kinds.length]!;
      const v = kind === 'email' ? `user${i}@example.com` : `${kind}-${i}`;
      ins.run(firstCase + (i % CASES), kind, v, v);
    }
  })();
  const rows = (db.prepare('SELECT count(*) AS n FROM identifiers').get() as { n: number }).n;
  const times: number[] = [];
  for (let k = 0; k < 500; k++) {
    const i = Math.floor(Math.random() * (N / kinds.length)) * kinds.length;
    const start = performance.now();
    const r = findIdentifier(db, 'email', `user${i}@example.com`);
    times.push(performance.now() - start);
    if (r.matches.length !== 1) throw new Error(`expected one match for user${i}`);
  }
  const med = median(times);
  report(`find an identifier among ${rows.toLocaleString('en')} rows (median of 500)`, `${med.toFixed(3)} ms`, med < 2, 'goal < 2 ms');
  core.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
