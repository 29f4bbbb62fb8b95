import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBackup, listSnapshots, restoreBackup, rotateBackups, snapshotsToKeep, takeBackup } from '../../electron/core/backup/backup.ts';
import { openCore } from '../../electron/core/app.ts';
import { storeOf } from '../../electron/core/evidence/store.ts';
import { makeTestCore, TEST_PASSPHRASE, type TestCore } from '../helpers/core.ts';

const root = resolve(import.meta.dirname, '../..');
let t: TestCore;
let number: string;
beforeEach(async () => {
  t = makeTestCore();
  number = (await t.call('cases.create', { title: 'Backed up', summary: 'Memo text that must not leak' })).number;
  await t.call('subjects.add', { number, name: 'Cholsu Rimwater' });
});
afterEach(() => t.cleanup());

const live = () => ({ db: t.db, vault: t.vault, dbFile: t.dbFile, store: storeOf(t.ctx) });
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), ...args], { cwd: root, encoding: 'utf8' });

async function addFile(name: string, bytes: Buffer) {
  const p = join(t.dir, name);
  writeFileSync(p, bytes);
  return (await t.call('evidence.addFiles', { number, paths: [p] })).added[0]!;
}

describe('backups', () => {
  it('taken during a stream of writes from another process, restore to a database that passes every check', async () => {
    await addFile('a.bin', randomBytes(200_000));
    const folder = join(t.dir, 'backups');
    // Another process keeps creating cases while the backup runs.
    const writer = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'writer.ts'), t.dbFile, '600'], { cwd: root });
    const writerDone = new Promise<number>((ok) => writer.on('close', (c) => ok(c ?? -1)));
    await new Promise((r) => writer.stdout.once('data', r));
    const first = await takeBackup(live(), folder);
    await addFile('b.bin', randomBytes(100_000));
    const second = await takeBackup(live(), folder, { now: new Date(Date.now() + 1000) });
    expect(await writerDone).toBe(0);
    const written = t.db.prepare("SELECT count(*) FROM cases WHERE created_by = 'Writer'").pluck().get() as number;
    expect(written).toBe(600);
    // The first backup caught the writer part-way: some of its cases, not all, each with its audit event.
    const firstCheck = await checkBackup(join(folder, 'snapshots', first.snapshot), TEST_PASSPHRASE);
    expect(firstCheck.audit.events).toBe(first.audit.events);
    expect(first.evidenceCopied).toBe(1);
    expect(second.evidenceFiles).toBe(2);
    expect(second.evidenceCopied).toBe(1); // incremental: the first file is not copied again
    // The database too: only the pieces the writes changed since the first backup are written.
    await takeBackup(live(), folder, { now: new Date(Date.now() + 2000) });
    const same = await takeBackup(live(), folder, { now: new Date(Date.now() + 3000) });
    expect(same.databaseChunksWritten).toBe(0);
    // Proportional to the change: with nothing changed no piece is even hashed, only compared.
    expect(same.databaseChunksHashed).toBe(0);
    await t.call('cases.create', { title: 'One more' });
    const one = await takeBackup(live(), folder, { now: new Date(Date.now() + 4000) });
    const pieces = Math.ceil(one.databaseBytes / 65536);
    expect(one.databaseChunksWritten).toBeGreaterThan(0);
    expect(one.databaseChunksWritten).toBeLessThan(pieces);
    expect(one.databaseChunksHashed).toBe(one.databaseChunksWritten);
    expect(listSnapshots(folder)).toHaveLength(5);

    // Nothing in the backup folder is plain.
    for (const f of readdirSync(folder, { recursive: true }) as string[]) {
      const p = join(folder, f);
      if (f.endsWith('manifest.json') || f.endsWith('.key') || !statSync(p).isFile()) continue;
      const text = readFileSync(p).toString('latin1');
      expect(text.includes('Rimwater') || text.includes('Memo text')).toBe(false);
    }

    const target = join(t.dir, 'restored');
    const r = await restoreBackup(folder, target, TEST_PASSPHRASE);
    expect(r).toMatchObject({ ok: true, files: 2, exhibits: 2, audit: one.audit });
    const core = openCore({ dbFile: r.dbFile, unlock: { passphrase: TEST_PASSPHRASE } });
    try {
      core.ctx.actor = { name: 'Olivia Officer', role: 'officer' };
      expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const audit = await import('../../electron/core/audit/chain.ts');
      expect(audit.verifyChain(core.db)).toMatchObject({ ok: true, events: one.audit.events, head: one.audit.head });
      expect(core.db.prepare("SELECT count(*) FROM cases WHERE created_by = 'Writer'").pluck().get()).toBe(600);
      expect(core.db.prepare('SELECT name FROM subjects').pluck().all()).toEqual(['Cholsu Rimwater']);
      const { invoke } = await import('../../electron/core/api.ts');
      const v = await invoke(core.ctx, 'evidence.verify', {});
      expect(v).toMatchObject({ ok: true, value: { ok: true, files: 2 } });
    } finally {
      core.close();
    }
  }, 120_000);

  it('a truncated or altered backup is refused naming what is wrong, and nothing is written', async () => {
    const ex = await addFile('a.bin', randomBytes(300_000));
    const folder = join(t.dir, 'backups');
    await takeBackup(live(), folder);
    const snap = join(folder, 'snapshots', listSnapshots(folder)[0]!);
    const target = join(t.dir, 'restored');
    mkdirSync(target);
    writeFileSync(join(t.dir, 'keep.txt'), 'untouched');

    const evidenceFile = join(folder, (JSON.parse(readFileSync(join(snap, 'manifest.json'), 'utf8')) as { evidence: { path: string }[] }).evidence[0]!.path);
    const original = readFileSync(evidenceFile);
    truncateSync(evidenceFile, original.length - 100);
    await expect(restoreBackup(folder, target, TEST_PASSPHRASE)).rejects.toThrow(/is damaged and was not restored.*cut off/);
    expect(readdirSync(target)).toEqual([]);
    writeFileSync(evidenceFile, original);

    // One byte of the database copy (its third 64 KiB piece).
    const piece = (JSON.parse(readFileSync(join(snap, 'manifest.json'), 'utf8')) as { database: { chunks: string[] } }).database.chunks[2]!;
    const chunk = join(folder, 'db', piece.slice(0, 2), piece);
    const db = readFileSync(chunk);
    const altered = Buffer.from(db);
    altered[100] = altered[100]! ^ 0xff;
    writeFileSync(chunk, altered);
    await expect(restoreBackup(folder, target, TEST_PASSPHRASE)).rejects.toThrow(/a piece of the database copy does not match its SHA-256/);
    writeFileSync(chunk, db);

    const manifest = JSON.parse(readFileSync(join(snap, 'manifest.json'), 'utf8'));
    writeFileSync(join(snap, 'manifest.json'), JSON.stringify({ ...manifest, audit: { ...manifest.audit, events: manifest.audit.events - 1 } }));
    await expect(restoreBackup(folder, target, TEST_PASSPHRASE)).rejects.toThrow(/manifest was altered/);
    writeFileSync(join(snap, 'manifest.json'), JSON.stringify(manifest));

    await expect(restoreBackup(folder, target, 'not the passphrase of this backup')).rejects.toThrow(/does not open the backup/);
    expect(readdirSync(target)).toEqual([]);
    expect(readdirSync(t.dir).filter((f) => f.includes('restoring'))).toEqual([]);

    // Intact again: it restores, and the exhibit's file is there.
    const r = await restoreBackup(snap, target, TEST_PASSPHRASE);
    expect(r.files).toBe(1);
    expect(existsSync(join(target, 'casebook.db.key'))).toBe(true);
    expect((await checkBackup(folder, TEST_PASSPHRASE)).exhibits).toBe(1);
    expect(ex.sha256).toMatch(/^[0-9a-f]{64}$/);
    // A restore never writes into a folder that has files.
    await expect(restoreBackup(folder, target, TEST_PASSPHRASE)).rejects.toThrow(/not empty/);
  }, 60_000);

  it('an incremental backup reuses only what a previous manifest with a valid MAC says', async () => {
    const folder = join(t.dir, 'backups');
    const first = await takeBackup(live(), folder);
    const pieces = Math.ceil(first.databaseBytes / 65536);
    expect(first.databaseChunksHashed).toBe(pieces);
    const path = join(folder, 'snapshots', first.snapshot, 'manifest.json');
    const m = JSON.parse(readFileSync(path, 'utf8')) as { database: { fingerprints: string[] } };
    expect(m.database.fingerprints).toHaveLength(pieces);
    // Someone swaps the pieces' fingerprints: the MAC no longer holds, so nothing in it is reused.
    m.database.fingerprints.reverse();
    writeFileSync(path, JSON.stringify(m));
    await t.call('cases.create', { title: 'After the tampering' });
    const second = await takeBackup(live(), folder, { now: new Date(Date.now() + 1000) });
    expect(second.databaseChunksHashed).toBe(Math.ceil(second.databaseBytes / 65536));
    const r = await restoreBackup(join(folder, 'snapshots', second.snapshot), join(t.dir, 'restored'), TEST_PASSPHRASE);
    expect(r.audit).toEqual(second.audit);
  }, 60_000);

  it('a backup made before the pieces had fingerprints (manifest version 1) still restores', async () => {
    const folder = join(t.dir, 'backups');
    const b = await takeBackup(live(), folder);
    const path = join(folder, 'snapshots', b.snapshot, 'manifest.json');
    const m = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { database: Record<string, unknown> & { chunks: string[] } };
    // Version 1: no fingerprints, and the database's SHA-256 is the whole file's.
    const whole = createHash('sha256');
    for (const c of m.database.chunks) whole.update(readFileSync(join(folder, 'db', c.slice(0, 2), c)));
    const { fingerprints: _f, ...database } = m.database;
    const { mac: _m, ...rest } = m;
    const body = { ...rest, version: 1, database: { ...database, sha256: whole.digest('hex') } };
    const v1 = { ...body, mac: createHmac('sha256', t.vault.derive('backup-manifest')).update(JSON.stringify(body)).digest('hex') };
    writeFileSync(path, JSON.stringify(v1));
    const r = await restoreBackup(folder, join(t.dir, 'restored'), TEST_PASSPHRASE);
    expect(r.audit).toEqual(b.audit);
    // And the next backup, finding no fingerprints to compare, hashes every piece once more.
    const next = await takeBackup(live(), folder, { now: new Date(Date.now() + 1000) });
    expect(next.databaseChunksHashed).toBe(Math.ceil(next.databaseBytes / 65536));
  }, 60_000);

  it('the CLI backs up and restores with the passphrase from the environment', async () => {
    await addFile('c.bin', randomBytes(10_000));
    t.close();
    const folder = join(t.dir, 'cli-backups');
    const b = cli('--db', t.dbFile, 'backup', '--to', folder);
    expect(b.status).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ evidenceFiles: 1, evidenceCopied: 1 });
    const target = join(t.dir, 'cli-restored');
    const r = cli('restore', folder, '--to', target);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, files: 1, restoredTo: target });
    const v = cli('--db', join(target, 'casebook.db'), 'verify');
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true });
    rmSync(join(folder, 'evidence'), { recursive: true });
    const bad = cli('restore', folder, '--to', join(t.dir, 'nowhere'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/an evidence file is missing/);
    expect(existsSync(join(t.dir, 'nowhere'))).toBe(false);
  }, 60_000);

  it('rotation keeps the last 3 of today and one a day for 14 days', async () => {
    const now = new Date('2026-12-02T15:00:00.000Z');
    const names: string[] = [];
    for (let d = 0; d < 20; d++) for (const h of ['08', '12', '16']) names.push(`${new Date(now.getTime() - d * 86_400_000).toISOString().slice(0, 10)}T${h}-00-00-000Z`);
    names.push('2026-12-02T09-00-00-000Z');
    const keep = snapshotsToKeep(names, now);
    expect([...keep].filter((n) => n.startsWith('2026-12-02')).sort()).toEqual(['2026-12-02T09-00-00-000Z', '2026-12-02T12-00-00-000Z', '2026-12-02T16-00-00-000Z']);
    expect(keep.has('2026-12-01T16-00-00-000Z')).toBe(true);
    expect(keep.has('2026-12-01T08-00-00-000Z')).toBe(false);
    expect(keep.has('2026-11-18T16-00-00-000Z')).toBe(true);
    expect(keep.has('2026-11-17T16-00-00-000Z')).toBe(false);
    expect(keep.size).toBe(3 + 14);

    const folder = join(t.dir, 'rotating');
    await addFile('r.bin', randomBytes(1000));
    for (const [i, d] of ['2026-11-01T10:00:00Z', '2026-12-02T10:00:00Z', '2026-12-02T11:00:00Z', '2026-12-02T12:00:00Z', '2026-12-02T13:00:00Z'].entries()) {
      if (i === 1) await t.call('evidence.retract', { number, exhibit: 'E-001', reason: 'wrong file' }).catch(() => undefined);
      await takeBackup(live(), folder, { now: new Date(d) });
    }
    const r = await rotateBackups(folder, now);
    expect(r.removed).toEqual(['2026-11-01T10-00-00-000Z', '2026-12-02T10-00-00-000Z']);
    expect(listSnapshots(folder)).toHaveLength(3);
  }, 60_000);
});

describe('a backup folder', () => {
  it('is refused as the data folder itself or inside the evidence store, but may sit anywhere else', async () => {
    const t2 = makeTestCore();
    try {
      const l = { db: t2.db, vault: t2.vault, dbFile: t2.dbFile, store: storeOf(t2.ctx) };
      await expect(takeBackup(l, join(t2.dir, 'evidence', 'inside'))).rejects.toThrow(/holds the database itself/);
      await expect(takeBackup(l, t2.dir)).rejects.toThrow(/holds the database itself/);
      const beside = `${t2.dir}-backups`;
      try {
        expect((await takeBackup(l, beside)).evidenceFiles).toBe(0);
      } finally {
        rmSync(beside, { recursive: true, force: true });
      }
    } finally {
      t2.cleanup();
    }
  });
});
