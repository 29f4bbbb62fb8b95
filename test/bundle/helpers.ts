import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { TestCore } from '../helpers/core.ts';
import { caseTables, refColumns } from '../../electron/core/bundle/tables.ts';
import { collectCase } from '../../electron/core/bundle/rows.ts';

/** Every file below a folder (the evidence store), as relative paths. */
export function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, `${rel}${n}/`);
      else out.push(`${rel}${n}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** How much a database holds: every table's row count (to show an import added nothing). */
export function counts(t: TestCore): Record<string, number> {
  const names = t.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%fts%'`).pluck().all() as string[];
  return Object.fromEntries(names.map((n) => [n, t.db.prepare(`SELECT count(*) FROM "${n}"`).pluck().get() as number]));
}

/**
 * A case as a database holds it, without the ids each database numbers its own way: every table's
 * rows with id and id-holding columns left out, in a stable order. Two databases that hold the same
 * case give the same snapshot.
 */
export function snapshot(t: TestCore, number: string): Record<string, string[]> {
  const c = t.db.prepare('SELECT id FROM cases WHERE number = ?').pluck().get(number) as number;
  const out: Record<string, string[]> = {};
  const tables = new Map(caseTables(t.db).map((x) => [x.name, x]));
  for (const { table, rows } of collectCase(t.db, c)) {
    const drop = new Set(['id', 'case_id', ...refColumns(tables.get(table.name)!)]);
    if (table.name === 'activity_findings') drop.add('events');
    if (table.name === 'evidence_blobs') drop.add('stored_at');
    out[table.name] = rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !drop.has(k)))).sort();
  }
  return out;
}

export type Entry = { name: string; body: Buffer; size?: number };

/** The entries of an (unencrypted) bundle, in order. */
export async function entries(file: string): Promise<Entry[]> {
  const ex = tar.extract();
  Readable.from([readFileSync(file)]).pipe(ex as unknown as NodeJS.WritableStream);
  const out: Entry[] = [];
  for await (const e of ex) {
    const chunks: Buffer[] = [];
    for await (const c of e as AsyncIterable<Buffer>) chunks.push(c);
    out.push({ name: e.header.name, body: Buffer.concat(chunks) });
  }
  return out;
}

/** Writes entries as a tar, as an attacker would craft one. */
export async function writeTar(file: string, list: Entry[]): Promise<void> {
  const p = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of p as AsyncIterable<Buffer>) chunks.push(c);
  })();
  for (const e of list) await new Promise<void>((res, rej) => p.entry({ name: e.name, size: e.body.length, mode: 0o644 }, e.body, (err) => (err ? rej(err) : res())));
  p.finalize();
  await done;
  writeFileSync(file, Buffer.concat(chunks));
}

/** Rewrites the declared size of the tar header of an entry (and its checksum), leaving its bytes as they are. */
export function setDeclaredSize(file: string, name: string, size: number): void {
  const buf = readFileSync(file);
  for (let off = 0; off + 512 <= buf.length; ) {
    const n = buf.subarray(off, off + 100).toString('latin1').replace(/\0.*$/s, '');
    const declared = parseInt(buf.subarray(off + 124, off + 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    if (n === name) {
      buf.write(size.toString(8).padStart(11, '0') + '\0', off + 124, 12, 'latin1');
      buf.fill(0x20, off + 148, off + 156);
      let sum = 0;
      for (let i = off; i < off + 512; i++) sum += buf[i]!;
      buf.write(sum.toString(8).padStart(6, '0') + '\0 ', off + 148, 8, 'latin1');
      writeFileSync(file, buf);
      return;
    }
    if (n === '') break;
    off += 512 + Math.ceil(declared / 512) * 512;
  }
  throw new Error(`no entry ${name}`);
}
