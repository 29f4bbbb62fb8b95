import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, TEST_UNLOCK, type TestCore } from '../helpers/core.ts';
import { blobPath, ingestBytes, storeOf } from '../../electron/core/evidence/store.ts';
import { openCore } from '../../electron/core/app.ts';

const root = resolve(import.meta.dirname, '../..');
let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore();
  number = (await core.call('cases.create', { title: 'Orphans' })).number;
});
afterEach(() => core.cleanup());

const HOUR_AGO = (Date.now() - 3600_000) / 1000;
const age = (path: string) => utimesSync(path, HOUR_AGO, HOUR_AGO);

/** The state a crash between a copy into the store and its commit leaves: a stored file no exhibit names. */
async function strandedBlob(text: string, old = true): Promise<string> {
  const blob = await ingestBytes(storeOf(core.ctx), Buffer.from(text), 'stranded');
  const path = blobPath(storeOf(core.ctx), blob.sha256);
  if (old) age(path);
  return path;
}

const verify = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', core.dbFile, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, json: () => JSON.parse(r.stdout), err: r.stderr };
};

describe('files left behind by a crash', { timeout: 120_000 }, () => {
  it('verify reports orphans and leftovers (exit 1); verify --repair removes them, never a filed or fresh file', async () => {
    const file = join(core.dir, 'kept.txt');
    writeFileSync(file, 'filed evidence');
    const filed = await core.call('evidence.addFiles', { number, paths: [file] });
    const filedPath = blobPath(storeOf(core.ctx), filed.added[0]!.sha256);
    age(filedPath);
    const orphan = await strandedBlob('a killed import copied this');
    const fresh = await strandedBlob('an import copying right now', false);
    mkdirSync(join(core.ctx.paths.evidenceDir, 'tmp'), { recursive: true });
    const part = join(core.ctx.paths.evidenceDir, 'tmp', 'dead.part');
    writeFileSync(part, 'half a copy');
    age(part);
    core.close();

    const before = verify('verify');
    expect(before.code).toBe(1);
    const report = before.json();
    expect(report.ok).toBe(false);
    expect(report.broken.join('\n')).toMatch(/1 file\(s\) left behind.*verify --repair/);
    expect(report.orphans).toMatchObject({ count: 1, inUse: 1, removed: 0 });
    // The stale temporary file went at start-up, before anything was checked.
    expect(existsSync(part)).toBe(false);
    expect(existsSync(orphan)).toBe(true);

    const repaired = verify('verify', '--repair');
    expect(repaired.code, repaired.err).toBe(0);
    expect(repaired.json().orphans).toMatchObject({ count: 1, removed: 1 });
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(filedPath)).toBe(true);
    expect(existsSync(fresh)).toBe(true);
    expect(verify('verify').json().orphans).toMatchObject({ count: 0 });
  });

  it('never removes a stored file written since a running job began (the job may file it yet)', async () => {
    const at = (path: string, minutesAgo: number) => utimesSync(path, (Date.now() - minutesAgo * 60_000) / 1000, (Date.now() - minutesAgo * 60_000) / 1000);
    const before = await strandedBlob('stranded by an earlier crash');
    at(before, 120);
    // A long import in this process began an hour ago and still runs.
    const notes = `${core.dbFile}-writers`;
    mkdirSync(notes, { recursive: true });
    writeFileSync(join(notes, `${process.pid}-test.json`), JSON.stringify({ pid: process.pid, what: 'A login-activity import', since: new Date(Date.now() - 3600_000).toISOString() }));
    const during = await strandedBlob('copied by the running import, not filed yet');
    at(during, 30);
    const r = await core.call('evidence.orphans', { repair: true });
    expect(r).toMatchObject({ removed: 1, inUse: 1 });
    expect(existsSync(before)).toBe(false);
    expect(existsSync(during)).toBe(true);
    // The note of a process that is gone protects nothing.
    writeFileSync(join(notes, `${process.pid}-test.json`), JSON.stringify({ pid: 2 ** 22 + 12345, what: 'A killed import', since: new Date(Date.now() - 3600_000).toISOString() }));
    expect(await core.call('evidence.orphans', { repair: true })).toMatchObject({ removed: 1, inUse: 0 });
    expect(existsSync(during)).toBe(false);
  });

  it('start-up removes stale temporary files, and leaves recent ones', () => {
    const tmp = join(core.ctx.paths.evidenceDir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const stale = join(tmp, 'stale.part');
    const recent = join(tmp, 'recent.part');
    writeFileSync(stale, 'x');
    writeFileSync(recent, 'y');
    age(stale);
    const upload = join(core.ctx.paths.dataDir, 'tmp', 'u.upload');
    mkdirSync(join(core.ctx.paths.dataDir, 'tmp'), { recursive: true });
    writeFileSync(upload, 'z');
    age(upload);
    // The detectors' parked state of an import a crash interrupted.
    const spill = join(core.ctx.paths.dataDir, 'tmp', 'pass.spill');
    writeFileSync(spill, 'encrypted pages');
    age(spill);
    const again = openCore({ dbFile: core.dbFile, unlock: TEST_UNLOCK });
    again.close();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(upload)).toBe(false);
    expect(existsSync(spill)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
