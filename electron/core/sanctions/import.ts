import { statSync } from 'node:fs';
import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { throwIfCancelled } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import { fold, indexKeys, normaliseName } from '../../../shared/sanctions/names/index.ts';
import { identifierKey, parseRemarks, splitPrograms } from '../../../shared/sanctions/remarks.ts';
import { EXACT_KINDS, type ImportResult, type ListName, type Orphan, type SdnType } from '../../../shared/sanctions/types.ts';
import { readOfacFile, type OfacFile, type ReadFile } from './read.ts';

/**
 * The files of one list version. For the SDN list: sdn.csv, alt.csv, add.csv, sdn_comments.csv; for
 * the Consolidated (non-SDN) list (`list: 'CONS'`): cons_prim.csv as `sdn`, cons_alt.csv, cons_add.csv,
 * cons_comments.csv — the same legacy formats.
 */
export type ImportInput = {
  sdn: string;
  alt?: string | undefined;
  add?: string | undefined;
  comments?: string | undefined;
  published?: string | undefined;
  list?: ListName | undefined;
};

export type ImportHooks = {
  signal?: AbortSignal;
  progress?: (phase: string, done: number, total: number | null) => void;
};

/** At most this many orphans are listed in the result; all are stored with the version. */
const ORPHAN_LIST_MAX = 500;

const sdnType = (t: string | null): SdnType => {
  const v = t?.toLowerCase();
  return v === 'individual' || v === 'vessel' || v === 'aircraft' ? v : 'entity';
};

type NameRow = { entNum: number; altNum: number | null; kind: 'primary' | 'aka' | 'fka' | 'nka'; source: 'sdn' | 'alt' | 'remarks'; name: string; remarks: string | null; folded?: string };

/**
 * Imports one OFAC SDN list version from the legacy CSV files. The files are streamed and checked
 * first (a bad file refuses the whole import); then every row is written in one transaction, so a
 * version is either complete or absent.
 */
export async function importList(db: Db, actor: string, input: ImportInput, hooks: ImportHooks = {}): Promise<ImportResult> {
  const { signal, progress = () => {} } = hooks;
  const list: ListName = input.list ?? 'SDN';
  const cons = list === 'CONS';
  const paths = { sdn: input.sdn, alt: input.alt ?? null, add: input.add ?? null, comments: input.comments ?? null };
  const sizes = Object.values(paths).reduce((n, p) => n + (p ? safeSize(p) : 0), 0);
  let before = 0;
  const read = async (file: OfacFile, path: string): Promise<ReadFile> => {
    const r = await readOfacFile(file, path, signal, (b) => progress('reading', before + b, sizes));
    before += r.bytes;
    return r;
  };
  const sdn = await read(cons ? 'cons_prim' : 'sdn', paths.sdn);
  const alt = paths.alt ? await read(cons ? 'cons_alt' : 'alt', paths.alt) : null;
  const add = paths.add ? await read(cons ? 'cons_add' : 'add', paths.add) : null;
  const comments = paths.comments ? await read(cons ? 'cons_comments' : 'sdn_comments', paths.comments) : null;
  throwIfCancelled(signal);

  const dupe = stmt(db, 'SELECT id FROM sanctions_versions WHERE list = ? AND sdn_sha256 = ? AND alt_sha256 IS ? AND add_sha256 IS ? AND comments_sha256 IS ?').pluck()
    .get(list, sdn.sha256, alt?.sha256 ?? null, add?.sha256 ?? null, comments?.sha256 ?? null) as number | undefined;
  if (dupe !== undefined) {
    throw new AppError('conflict', `These files are already imported as list version ${dupe}; screening uses it. Nothing was imported.`, { details: { version: dupe } });
  }

  const published = input.published ?? new Date(statSync(paths.sdn).mtimeMs).toISOString().slice(0, 10);
  const publishedSource = input.published ? ('entered' as const) : ('file-date' as const);
  const now = new Date().toISOString();

  return withLargeCache(db, () => db.transaction((): ImportResult => {
    const versionId = Number(
      stmt(db, `INSERT INTO sanctions_versions (list, published, published_source, imported_at, imported_by, sdn_sha256, alt_sha256, add_sha256, comments_sha256,
                  entries, aliases, addresses, identifiers, orphans_alt, orphans_add) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0)`)
        .run(list, published, publishedSource, now, actor, sdn.sha256, alt?.sha256 ?? null, add?.sha256 ?? null, comments?.sha256 ?? null).lastInsertRowid,
    );
    const mainFile = cons ? 'cons_prim.csv' : 'sdn.csv';
    // The comments file continues a remarks field that did not fit the main file: joined on ent_num,
    // appended as written (OFAC cuts the remarks mid-word), in file order.
    const primEnts = new Set(sdn.rows.map((r) => Number(r.fields[0])));
    const overflow = new Map<number, string>();
    const commentOrphans: Orphan[] = [];
    for (const { line, fields: f } of comments?.rows ?? []) {
      const entNum = Number(f[0]);
      if (!primEnts.has(entNum)) commentOrphans.push({ file: 'comments', line, entNum, refNum: 0, text: f[1] ?? '' });
      else if (f[1]) overflow.set(entNum, (overflow.get(entNum) ?? '') + f[1]);
    }
    const total = sdn.rows.length + (alt?.rows.length ?? 0) + (add?.rows.length ?? 0);
    let done = 0;
    const tick = () => {
      if (++done % 2000 === 0) progress('writing', done, total);
    };

    const insertEntry = batchedInsert(db, `INSERT INTO sanctions_entries (version_id, ent_num, name, type, programs, title, call_sign, vessel_type, tonnage, grt,
        vessel_flag, vessel_owner, remarks, facts)`, 14);
    const insertIdentifier = batchedInsert(db, 'INSERT OR IGNORE INTO sanctions_identifiers (version_id, norm, ent_num, kind, label, value, country)', 7);
    const entries = new Set<number>();
    const types = new Map<number, SdnType>();
    const names: NameRow[] = [];
    const seenNames = new Map<number, Set<string>>();
    const addName = (n: NameRow): boolean => {
      const key = fold(n.name);
      let seen = seenNames.get(n.entNum);
      if (!seen) seenNames.set(n.entNum, (seen = new Set()));
      if (seen.has(key)) return false;
      seen.add(key);
      n.folded = key;
      names.push(n);
      return true;
    };
    const remarkAkas: NameRow[] = [];
    let identifiers = 0;
    const exact: [string, number, string, string, string, string | null][] = [];

    for (const { line, fields: f } of sdn.rows) {
      const entNum = Number(f[0]);
      if (entries.has(entNum)) throw new AppError('invalid_input', `${mainFile} was refused at line ${line}: ent_num ${entNum} appears twice. Nothing was imported.`);
      if (!f[1]) throw new AppError('invalid_input', `${mainFile} was refused at line ${line}: ent_num ${entNum} has no name. Nothing was imported.`);
      entries.add(entNum);
      const type = sdnType(f[2]);
      types.set(entNum, type);
      addName({ entNum, altNum: null, kind: 'primary', source: 'sdn', name: f[1], remarks: null });
      const more = overflow.get(entNum);
      const remarks = more ? `${f[11] ?? ''}${more}` : f[11];
      const facts = parseRemarks(remarks).items;
      insertEntry.add(versionId, entNum, f[1], type, JSON.stringify(splitPrograms(f[3])), f[4], f[5], f[6], f[7], f[8], f[9], f[10], remarks, JSON.stringify(facts));
      for (const it of facts) {
        if (it.kind === 'aka') {
          remarkAkas.push({ entNum, altNum: null, kind: it.label === 'fka' ? 'fka' : it.label === 'nka' ? 'nka' : 'aka', source: 'remarks', name: it.value, remarks: null });
          continue;
        }
        identifiers++;
        if (!EXACT_KINDS.has(it.kind)) continue;
        const norm = identifierKey(it.kind, it.value);
        if (norm) exact.push([norm, entNum, it.kind, it.label, it.value, it.country]);
      }
      tick();
    }
    // In key order, each row is appended to the B-tree instead of splitting pages all over it.
    exact.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    insertEntry.flush();
    for (const x of exact) insertIdentifier.add(versionId, ...x);
    insertIdentifier.flush();
    throwIfCancelled(signal);

    const orphans: Orphan[] = [...commentOrphans];
    const orphan = (file: 'alt' | 'add', line: number, entNum: number, refNum: number, text: string) => orphans.push({ file, line, entNum, refNum, text });

    let aliases = 0;
    for (const { line, fields: f } of alt?.rows ?? []) {
      const entNum = Number(f[0]);
      if (!entries.has(entNum)) orphan('alt', line, entNum, Number(f[1]), f[3] ?? '');
      else if (f[3]) {
        const kind = f[2]?.toLowerCase();
        aliases++;
        addName({ entNum, altNum: Number(f[1]), kind: kind === 'fka' || kind === 'nka' ? kind : 'aka', source: 'alt', name: f[3], remarks: f[4] });
      }
      tick();
    }
    // Remarks repeat many alt.csv aliases; one not in alt.csv (or without an alt.csv) still counts.
    for (const n of remarkAkas) if (addName(n)) aliases++;

    let addresses = 0;
    const insertAddress = batchedInsert(db, 'INSERT OR IGNORE INTO sanctions_addresses (version_id, ent_num, add_num, address, city, country, remarks)', 7);
    for (const { line, fields: f } of add?.rows ?? []) {
      const entNum = Number(f[0]);
      if (!entries.has(entNum)) orphan('add', line, entNum, Number(f[1]), [f[2], f[3], f[4]].filter(Boolean).join(', '));
      else {
        insertAddress.add(versionId, entNum, Number(f[1]), f[2], f[3], f[4], f[5]);
        addresses++;
      }
      tick();
    }
    insertAddress.flush();
    throwIfCancelled(signal);

    progress('indexing', 0, names.length);
    // Names get their ids here (the next free ones), so that they can be written many rows a call.
    let nextId = (stmt(db, 'SELECT coalesce(max(id), 0) + 1 FROM sanctions_names').pluck().get() as number);
    const insertName = batchedInsert(db, 'INSERT INTO sanctions_names (id, version_id, ent_num, alt_num, kind, source, name, remarks)', 8);
    const postings = new Map<string, number[]>();
    // By entry (stable, so each entry keeps its primary name first): the (version, ent_num) index grows at its end.
    names.sort((a, b) => a.entNum - b.entNum);
    for (const n of names) {
      const id = nextId++;
      insertName.add(id, versionId, n.entNum, n.altNum, n.kind, n.source, n.name, n.remarks);
      for (const t of indexKeys(normaliseName(n.name, types.get(n.entNum) === 'individual' ? 'person' : 'entity'))) {
        const list = postings.get(t);
        if (list) list.push(id);
        else postings.set(t, [id]);
      }
    }
    insertName.flush();
    // Inserting in key order appends to the B-tree instead of splitting pages all over it.
    const vocab = [...postings].sort((a, b) => a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1));
    const insertVocab = batchedInsert(db, 'INSERT INTO sanctions_vocab (version_id, len, token, rev, df, postings)', 6);
    for (const [token, ids] of vocab) insertVocab.add(versionId, token.length, token, [...token].reverse().join(''), ids.length, ids.join(','));
    insertVocab.flush();
    progress('indexing', names.length, names.length);

    const orphanCount = { alt: orphans.filter((o) => o.file === 'alt').length, add: orphans.filter((o) => o.file === 'add').length, comments: commentOrphans.length };
    stmt(db, 'UPDATE sanctions_versions SET entries = ?, aliases = ?, addresses = ?, identifiers = ?, orphans_alt = ?, orphans_add = ?, orphan_list = ? WHERE id = ?')
      .run(entries.size, aliases, addresses, identifiers, orphanCount.alt, orphanCount.add, JSON.stringify(orphans), versionId);
    stmt(db, 'UPDATE sanctions_versions SET orphans_comments = ? WHERE id = ?').run(orphanCount.comments, versionId);
    const result: ImportResult = {
      version: versionId,
      list,
      published,
      publishedSource,
      importedAt: now,
      importedBy: actor,
      files: { sdn: sdn.sha256, alt: alt?.sha256 ?? null, add: add?.sha256 ?? null, comments: comments?.sha256 ?? null },
      entries: entries.size,
      aliases,
      addresses,
      identifiers,
      orphans: orphanCount,
      orphanList: orphans.slice(0, ORPHAN_LIST_MAX),
    };
    const { orphanList: _list, ...audited } = result;
    appendAudit(db, actor, { caseId: null, entity: 'sanctions_list', entityId: versionId, action: 'imported', after: audited }, now);
    progress('done', total, total);
    return result;
  }).immediate());
}

const BATCH_ROWS = 64;

/**
 * Writes rows through one multi-row INSERT per BATCH_ROWS rows instead of one statement call per
 * row (the import writes ~130,000 rows; the per-call cost was most of its SQLite time). `flush`
 * writes what is left; call it before reading the table.
 */
function batchedInsert(db: Db, head: string, width: number): { add: (...values: unknown[]) => void; flush: () => void } {
  const group = `(${new Array<string>(width).fill('?').join(', ')})`;
  const many = stmt(db, `${head} VALUES ${new Array<string>(BATCH_ROWS).fill(group).join(', ')}`);
  const one = stmt(db, `${head} VALUES ${group}`);
  let buf: unknown[] = [];
  return {
    add(...values) {
      for (const v of values) buf.push(v);
      if (buf.length === BATCH_ROWS * width) {
        many.run(buf);
        buf = [];
      }
    },
    flush() {
      for (let i = 0; i < buf.length; i += width) one.run(buf.slice(i, i + width));
      buf = [];
    },
  };
}

/**
 * A version (~40 MB of pages) is written in one transaction; a page cache that holds it all keeps
 * SQLite from spilling half-built B-trees to the WAL and reading them back.
 */
function withLargeCache<T>(db: Db, fn: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -262144');
  try {
    return fn();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
}

function safeSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
