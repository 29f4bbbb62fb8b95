import { readdirSync, rmSync, statSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import type { Ctx, Paths } from '../context.ts';
import { stmt } from '../db/connection.ts';
import { liveWriterSince } from '../db/holder.ts';
import type { OrphanReport } from '../../../shared/contract/evidence.ts';
import { blobPath, storeOf } from './store.ts';

/**
 * A file untouched this long is no longer being written: a copy in progress writes (and so touches)
 * its temporary file at least every few seconds. Younger files are never removed.
 */
export const STALE_MS = 10 * 60 * 1000;

type Found = { path: string; kind: 'stored file' | 'temporary file'; bytes: number; mtimeMs: number };

const list = (dir: string): Dirent[] => {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
};

const statOf = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return null;
  }
};

/** Temporary files Casebook writes and renames (or removes) when done: what a crash leaves behind. */
function temporaries(paths: Paths): Found[] {
  const out: Found[] = [];
  const add = (dir: string, match: (name: string) => boolean) => {
    for (const d of list(dir)) {
      if (!d.isFile() || !match(d.name)) continue;
      const st = statOf(join(dir, d.name));
      if (st) out.push({ path: join(dir, d.name), kind: 'temporary file', bytes: st.size, mtimeMs: st.mtimeMs });
    }
  };
  add(join(paths.evidenceDir, 'tmp'), (n) => n.endsWith('.part'));
  // .spill: the detectors' parked state during an import or analysis (activity/spill.ts).
  add(join(paths.dataDir, 'tmp'), (n) => n.endsWith('.upload') || n.endsWith('.spill'));
  add(join(paths.dataDir, 'exports'), (n) => n.startsWith('.') && n.endsWith('.tmp'));
  return out;
}

/** Where every file an exhibit names is stored (the stored name is keyed, so the set is computed from the hashes). */
function filedPaths(ctx: Ctx): Set<string> {
  const store = storeOf(ctx);
  const hashes = stmt(ctx.db, 'SELECT DISTINCT sha256 FROM exhibits').pluck().all() as string[];
  return new Set(hashes.filter((h) => /^[0-9a-f]{64}$/.test(h)).map((h) => blobPath(store, h)));
}

/** Stored files (evidence/ab/<keyed name>.age) that no exhibit of any case names. Anything else in the store is left alone. */
function unfiledBlobs(ctx: Ctx): Found[] {
  const out: Found[] = [];
  const filed = filedPaths(ctx);
  const dir = ctx.paths.evidenceDir;
  for (const a of list(dir)) {
    if (!a.isDirectory() || !/^[0-9a-f]{2}$/.test(a.name)) continue;
    for (const f of list(join(dir, a.name))) {
      const path = join(dir, a.name, f.name);
      // Only a file named and placed as the store names its files is one Casebook knows how to judge.
      if (!f.isFile() || !/^[0-9a-f]{64}\.age$/.test(f.name) || !f.name.startsWith(a.name)) continue;
      if (filed.has(path)) continue;
      const st = statOf(path);
      if (st) out.push({ path, kind: 'stored file', bytes: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return out;
}

/**
 * Finds what a crash can leave in the data folder: stored (encrypted) evidence files no exhibit names (an import
 * killed between its copy and its commit) and temporary files. With `repair`, removes them, except
 * any file a running job may still use: one written in the last {@link STALE_MS}, or a stored file
 * written since a still-running import (in this or another process) began.
 */
export function findOrphans(ctx: Ctx, repair: boolean): OrphanReport {
  const now = Date.now();
  const writerSince = liveWriterSince(ctx.paths.dbFile);
  const found = [...unfiledBlobs(ctx), ...temporaries(ctx.paths)];
  const report: OrphanReport = { ok: true, orphans: [], count: 0, bytes: 0, removed: 0, removedBytes: 0, inUse: 0 };
  // Read again just before removing: an exhibit filed meanwhile keeps its file.
  const filedNow = repair ? filedPaths(ctx) : new Set<string>();
  for (const f of found) {
    const inUse = now - f.mtimeMs < STALE_MS || (f.kind === 'stored file' && writerSince !== null && f.mtimeMs >= writerSince - 1000);
    if (inUse) {
      report.inUse++;
      continue;
    }
    const entry = { path: relative(ctx.paths.dataDir, f.path), kind: f.kind, bytes: f.bytes, removed: false };
    if (repair) {
      if (f.kind === 'stored file' && filedNow.has(f.path)) continue;
      try {
        rmSync(f.path);
        entry.removed = true;
        report.removed++;
        report.removedBytes += f.bytes;
      } catch {
        // left for the next repair; still listed
      }
    }
    report.orphans.push(entry);
    report.count++;
    report.bytes += f.bytes;
  }
  report.ok = report.count === report.removed;
  return report;
}

/** At start-up: removes temporary files left by a crash (never a stored file, never a recent one). */
export function cleanStaleTemporaries(paths: Paths): number {
  let n = 0;
  const now = Date.now();
  for (const f of temporaries(paths)) {
    if (now - f.mtimeMs < STALE_MS) continue;
    try {
      rmSync(f.path);
      n++;
    } catch {
      // another process may have removed it
    }
  }
  return n;
}
