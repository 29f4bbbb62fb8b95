import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { addFiles } from '../../electron/core/evidence/service.ts';
import { blobPath, storeOf } from '../../electron/core/evidence/store.ts';
import { verifyChain } from '../../electron/core/audit/chain.ts';
import type { Progress } from '../../shared/contract/index.ts';

let core: TestCore;
let number: string;
let files: string;
beforeEach(async () => {
  core = makeTestCore();
  number = (await core.call('cases.create', { title: 'Evidence case' })).number;
  files = join(core.dir, 'incoming');
  mkdirSync(files);
});
afterEach(() => core.cleanup());

const write = (name: string, data: string | Buffer) => {
  const p = join(files, name);
  writeFileSync(p, data);
  return p;
};
const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Every file under the store, relative to it: what a user would find on disk. */
function storeFiles(): string[] {
  const dir = core.ctx.paths.evidenceDir;
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe('the evidence store', () => {
  it('streams a file into evidence/ab/cd/<sha256> with progress, leaving no temp file', async () => {
    const data = randomBytes(40 * 1024 * 1024 + 123);
    const p = write('capture.bin', data);
    const events: Progress[] = [];
    core.ctx.emit = (_e, payload) => events.push(payload);
    const r = await core.call('evidence.addFiles', { number, paths: [p], jobId: 'job-1', source: 'laptop image' });
    const h = sha(data);
    expect(r.added).toHaveLength(1);
    expect(r.added[0]).toMatchObject({ number: 'E-001', sha256: h, size: data.length, originalName: 'capture.bin', mime: 'application/octet-stream', source: 'laptop image' });
    expect(storeFiles()).toEqual([blobPath(storeOf(core.ctx), h).slice(core.ctx.paths.evidenceDir.length + 1)]);
    expect(storeFiles()[0]).not.toContain(h);
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((e) => e.jobId === 'job-1' && e.total === data.length)).toBe(true);
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
    expect(events.at(-1)!.done).toBe(data.length);
  });

  it('stores the same file once, across cases and within one', async () => {
    const p = write('id-scan.txt', 'passport scan text');
    const other = (await core.call('cases.create', { title: 'Other' })).number;
    const first = await core.call('evidence.addFiles', { number, paths: [p, p] });
    expect(first.added.map((e) => e.number)).toEqual(['E-001']);
    expect(first.duplicates).toEqual([{ name: 'id-scan.txt', sha256: sha('passport scan text'), exhibit: 'E-001' }]);
    const copy = write('copy-of-scan.txt', 'passport scan text');
    const again = await core.call('evidence.addFiles', { number, paths: [copy] });
    expect(again).toEqual({ added: [], duplicates: [{ name: 'copy-of-scan.txt', sha256: sha('passport scan text'), exhibit: 'E-001' }] });
    const elsewhere = await core.call('evidence.addFiles', { number: other, paths: [copy] });
    expect(elsewhere.added[0]!.number).toBe('E-001');
    expect(storeFiles()).toHaveLength(1);
  });

  it('sniffs the type from the content, not the name', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1d8b20000000049454e44ae426082', 'hex');
    const r = await core.call('evidence.addFiles', {
      number,
      paths: [write('invoice.txt', png), write('photo.png', 'just some words\nand a line\n'), write('doc', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n')), write('blob.txt', Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]))],
    });
    expect(r.added.map((e) => [e.originalName, e.mime])).toEqual([
      ['invoice.txt', 'image/png'],
      ['photo.png', 'text/plain'],
      ['doc', 'application/pdf'],
      ['blob.txt', 'application/octet-stream'],
    ]);
  });

  it('refuses zero-byte, missing, folder and impossible paths, naming the file, and adds nothing from that batch', async () => {
    const good = write('good.txt', 'fine');
    const empty = write('empty.txt', '');
    const cases: [string, RegExp][] = [
      [empty, /empty.txt is empty \(0 bytes\)/],
      [join(files, 'vanished.txt'), /vanished.txt does not exist/],
      [files, /is a folder, not a file/],
      [join(good, 'inside'), /a part of its path is a file/],
    ];
    for (const [bad, why] of cases) {
      await expect(core.call('evidence.addFiles', { number, paths: [good, bad] })).rejects.toThrow(why);
    }
    expect(await core.call('evidence.list', { number })).toEqual([]);
    expect((await core.call('cases.audit', { number })).filter((e) => e.entity === 'exhibit')).toEqual([]);
    expect(storeFiles().filter((f) => f.startsWith('tmp'))).toEqual([]);
    // The good file, stored before the bad one failed, is not left behind unfiled.
    expect(storeFiles()).toEqual([]);
  });

  it('keeps names with ../, control characters or 300 characters as labels only', async () => {
    const ctl = write('scan\u0001\u001b[31m.txt', 'control chars in the name');
    const r1 = await core.call('evidence.addFiles', { number, paths: [ctl] });
    expect(r1.added[0]!.originalName).toBe('scan\uFFFD\uFFFD[31m.txt');

    const long = `${'x'.repeat(296)}.txt`;
    const r2 = await core.call('evidence.addBytes', {
      number,
      files: [
        { name: '../../../etc/passwd', base64: Buffer.from('root:x:0:0').toString('base64') },
        { name: long, base64: Buffer.from('long name').toString('base64') },
        { name: '..\\..\\windows\\evil.exe', base64: Buffer.from('MZ not really').toString('base64') },
      ],
    });
    const [traversal, lengthy, backslash] = r2.added;
    expect(traversal!.originalName).toBe('passwd');
    expect(backslash!.originalName).toBe('evil.exe');
    expect([...lengthy!.originalName!]).toHaveLength(255);
    expect(lengthy!.originalName!.endsWith('….txt')).toBe(true);
    for (const e of r2.added) expect(existsSync(blobPath(storeOf(core.ctx), e.sha256))).toBe(true);
    expect(existsSync(join(core.dir, 'etc'))).toBe(false);
    expect(storeFiles().every((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}\.age$/.test(f))).toBe(true);
  });

  it('adds nothing, and leaves no partial file, when the disk fills mid-copy', async () => {
    const data = randomBytes(6 * 1024 * 1024);
    const p = write('big.bin', data);
    const before = verifyChain(core.db);
    const diskFullAfter = (limit: number) => (tmp: string) => {
      const real = createWriteStream(tmp, { flags: 'wx' });
      let written = 0;
      return new Writable({
        write(chunk: Buffer, _enc, cb) {
          if (written + chunk.length > limit) {
            real.destroy();
            cb(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
            return;
          }
          written += chunk.length;
          real.write(chunk, cb);
        },
        final(cb) {
          real.end(cb);
        },
      });
    };
    await expect(addFiles(core.ctx, { number, paths: [write('small.txt', 'first file fits'), p] }, { openSink: diskFullAfter(2 * 1024 * 1024) })).rejects.toThrow(
      /Could not store .*big\.bin: the disk is full\. Nothing was added/,
    );
    expect(await core.call('evidence.list', { number })).toEqual([]);
    expect(verifyChain(core.db)).toEqual(before);
    expect(storeFiles().filter((f) => f.startsWith('tmp'))).toEqual([]);
    expect(existsSync(blobPath(storeOf(core.ctx), sha(data)))).toBe(false);
    expect(existsSync(blobPath(storeOf(core.ctx), sha('first file fits')))).toBe(false);
  });

  it('keeps a stored file that an exhibit already holds when a later batch with it fails', async () => {
    const kept = write('kept.txt', 'already filed');
    await core.call('evidence.addFiles', { number, paths: [kept] });
    await expect(core.call('evidence.addFiles', { number, paths: [kept, write('zero.txt', '')] })).rejects.toThrow(/is empty/);
    expect(existsSync(blobPath(storeOf(core.ctx), sha('already filed')))).toBe(true);
    expect((await core.call('evidence.verify', { number })).ok).toBe(true);
  });

  it('stops on cancel and adds nothing', async () => {
    const data = randomBytes(40 * 1024 * 1024);
    const p = write('long.bin', data);
    core.ctx.emit = (_e, progress) => {
      core.ctx.jobs.cancel(progress.jobId);
    };
    await expect(core.call('evidence.addFiles', { number, paths: [p], jobId: 'cancel-me' })).rejects.toMatchObject({ code: 'cancelled' });
    expect(await core.call('evidence.list', { number })).toEqual([]);
    expect(storeFiles()).toEqual([]);
  });

  it('refuses a file that grows while it is copied', async () => {
    const p = write('growing.log', randomBytes(40 * 1024 * 1024));
    let grown = false;
    core.ctx.emit = () => {
      if (!grown) appendFileSync(p, 'more lines written by another program\n');
      grown = true;
    };
    await expect(core.call('evidence.addFiles', { number, paths: [p] })).rejects.toThrow(/growing.log changed while it was being copied/);
    expect(await core.call('evidence.list', { number })).toEqual([]);
  });
});
