import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/app.ts';
import { invoke } from '../../electron/core/api.ts';
import { verifyChain } from '../../electron/core/audit/chain.ts';
import { createCase } from '../../electron/core/cases/repo.ts';
import { encryptExisting, plainState } from '../../electron/core/crypto/encrypt-existing.ts';
import { openDatabase } from '../../electron/core/db/connection.ts';
import { insertExhibits } from '../../electron/core/evidence/repo.ts';
import { plainBlobPath } from '../../electron/core/evidence/store.ts';
import { addSubject } from '../../electron/core/subjects/repo.ts';
import { TEST_PASSPHRASE, TEST_UNLOCK } from '../helpers/core.ts';

const root = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A database and evidence folder as a Casebook without encryption wrote them. */
function plainCasebook(files = 6) {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-plain-'));
  dirs.push(dir);
  const dbFile = join(dir, 'casebook.db');
  const db = openDatabase(dbFile, { key: null });
  const c = createCase(db, 'Olivia Officer', { title: 'Plain era case', summary: 'Memo about Cholsu Rimwater', priority: 'high', assignee: '', tags: ['legacy'] });
  addSubject(db, 'Olivia Officer', c.number, { name: 'Cholsu Rimwater', aliases: [], nationality: '', location: '', timezone: '', role: 'worker', platforms: [], notes: '' } as never);
  const blobs: { sha256: string; bytes: Buffer }[] = [];
  for (let i = 0; i < files; i++) {
    const bytes = Buffer.concat([Buffer.from(`Payslip of Cholsu Rimwater #${i}\n`), randomBytes(70_000 + i)]);
    const h = sha(bytes);
    const p = plainBlobPath(join(dir, 'evidence'), h);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, bytes);
    blobs.push({ sha256: h, bytes });
  }
  insertExhibits(db, 'Olivia Officer', c.number, blobs.map((b, i) => ({ kind: 'file', title: `Payslip ${i}`, description: '', source: '', acquiredAt: undefined, originalName: `p${i}.bin`, size: b.bytes.length, mime: 'application/octet-stream', sha256: b.sha256, url: null, body: null })));
  const head = verifyChain(db);
  const rows = db.prepare('SELECT count(*) FROM audit_events').pluck().get();
  db.close();
  return { dir, dbFile, number: c.number, blobs, head, rows };
}

async function checkEncrypted(p: ReturnType<typeof plainCasebook>) {
  expect(plainState(p.dbFile)).toEqual({ plainDatabase: false, plainEvidence: 0 });
  const evidence = join(p.dir, 'evidence');
  const files = [p.dbFile, ...(readdirSync(evidence, { recursive: true }) as string[]).map((f) => join(evidence, f)).filter((f) => statSync(f).isFile())];
  expect(files.length).toBe(1 + p.blobs.length);
  for (const f of files) expect(readFileSync(f).toString('latin1').includes('Rimwater')).toBe(false);
  const core = openCore({ dbFile: p.dbFile, unlock: TEST_UNLOCK });
  try {
    core.ctx.actor = { name: 'Olivia Officer', role: 'officer' };
    expect(verifyChain(core.db)).toMatchObject({ ok: true, head: (p.head as { head: string }).head });
    expect(core.db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBeGreaterThanOrEqual(p.rows as number);
    expect(core.db.prepare('SELECT name FROM subjects').pluck().all()).toEqual(['Cholsu Rimwater']);
    const v = await invoke(core.ctx, 'evidence.verify', {});
    expect(v).toMatchObject({ ok: true, value: { ok: true, files: p.blobs.length } });
    for (const b of p.blobs) expect(existsSync(plainBlobPath(join(p.dir, 'evidence'), b.sha256))).toBe(false);
    const out = mkdtempSync(join(tmpdir(), 'casebook-out-'));
    dirs.push(out);
    const e = await invoke(core.ctx, 'evidence.export', { number: p.number, exhibit: 'E-003', directory: out });
    expect(e.ok && readFileSync((e.value as { path: string }).path).equals(p.blobs[2]!.bytes)).toBe(true);
  } finally {
    core.close();
  }
}

const kill = (dbFile: string, phase: string, done: number) => spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'encrypt-killer.ts'), dbFile, phase, String(done)], { cwd: root, encoding: 'utf8' });

describe('encrypting a plain Casebook in place', () => {
  it('keeps every row, exhibit and hash, and leaves no plain copy', async () => {
    const p = plainCasebook();
    expect(plainState(p.dbFile)).toEqual({ plainDatabase: true, plainEvidence: 6 });
    const progress: string[] = [];
    const r = await encryptExisting(p.dbFile, TEST_PASSPHRASE, { kdf: 'test-only-fast', onProgress: (ph, d, t) => progress.push(`${ph} ${d}/${t}`) });
    expect(r.database.encrypted).toBe(true);
    expect(r.evidence).toEqual({ encrypted: 6, damaged: [] });
    expect(progress).toContain('evidence 6/6');
    await checkEncrypted(p);
  });

  it('survives being killed during the database step and during the evidence step: the rerun finishes it', async () => {
    const p = plainCasebook();
    const k1 = kill(p.dbFile, 'database', 1);
    expect(k1.signal).toBe('SIGKILL');
    expect(plainState(p.dbFile).plainDatabase).toBe(true); // the plain file is untouched until the checked copy replaces it
    const k2 = kill(p.dbFile, 'evidence', 3);
    expect(k2.signal).toBe('SIGKILL');
    expect(plainState(p.dbFile)).toEqual({ plainDatabase: false, plainEvidence: 3 });
    // The CLI finishes it on its next start.
    const r = spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', p.dbFile, 'evidence', 'list', p.number], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/Encrypting/);
    expect(JSON.parse(r.stdout)).toHaveLength(6);
    await checkEncrypted(p);
  }, 60_000);

  it('keeps a plain file that no longer matches its hash where it is, and says so', async () => {
    const p = plainCasebook(2);
    writeFileSync(plainBlobPath(join(p.dir, 'evidence'), p.blobs[0]!.sha256), 'altered before the upgrade');
    const r = await encryptExisting(p.dbFile, TEST_PASSPHRASE, { kdf: 'test-only-fast' });
    expect(r.evidence).toEqual({ encrypted: 1, damaged: [p.blobs[0]!.sha256] });
    expect(existsSync(plainBlobPath(join(p.dir, 'evidence'), p.blobs[0]!.sha256))).toBe(true);
  });
});
