// Importing a bundle: read and check everything first (the exhibits' files go into the evidence
// store as they are read, each only once its hash holds), then write every row in one
// transaction. A failure at any point leaves no row; a file stored for it and named by no exhibit
// is removed at once (or, after a crash, by `verify --repair`, as any file an interrupted import leaves).
import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import type { Db } from '../db/handle.ts';
import { appendAudit } from '../audit/chain.ts';
import { blobPath, ingestStream, type BlobStore, type StoredBlob } from '../evidence/store.ts';
import { canonicalJson } from '../signing/sign.ts';
import { AppError } from '../../../shared/errors.ts';
import { BundleError, type DataPart, type Manifest } from './format.ts';
import { readBundle, passSink, type ReadOptions, type ReadResult } from './read.ts';
import { asObjects, checkContent, type SignatureLine } from './check.ts';
import { caseTables, refColumns, refTarget, type TableInfo } from './tables.ts';
import { collectCase, fingerprints, rowHash, rowKey, type Row } from './rows.ts';
import { databaseId, knownKey, trustKey } from './keys.ts';

export type Change = { table: string; key: string; fields: string[] };
export type ImportChanges = {
  /** Rows the bundle adds, by table. */
  added: Record<string, number>;
  /** Rows the other side changed since the last exchange, now updated here (fields named). */
  updated: Change[];
  /** Rows changed on both sides since the last exchange: this database's version is kept. */
  conflicts: Change[];
  unchanged: number;
  /** Audit events of the case written elsewhere, newly copied. */
  auditEvents: number;
};

export type ImportResult = {
  case: { number: string; title: string; status: string };
  newCase: boolean;
  provenance: { exportedBy: string; fingerprint: string; exportedAt: string; database: string };
  previous: { exportedAt: string; importedAt: string } | null;
  changes: ImportChanges;
  signatures: SignatureLine[];
  parts: number;
};

export type ImportOptions = Pick<ReadOptions, 'identity' | 'signal' | 'onProgress'> & {
  /** The exporter's fingerprint as the sender confirmed it, to accept a key this database does not know yet. */
  trust?: string | undefined;
};

const normFp = (s: string) => s.toLowerCase().replace(/[^0-9a-f]/g, '');

/** Refuses a key this database does not know unless the fingerprint the user confirmed is given. */
export function checkSigner(db: Db, m: Manifest, trust: string | undefined): 'known' | 'trusted-now' {
  const known = knownKey(db, m.exporter.publicKey);
  if (known) return 'known';
  if (trust !== undefined) {
    if (normFp(trust) === normFp(m.exporter.fingerprint)) return 'trusted-now';
    throw new BundleError('manifest.sig', `is ${m.exporter.user}'s signature with the key of fingerprint ${m.exporter.fingerprint}, not the fingerprint you confirmed (${trust}): do not import it`);
  }
  throw new BundleError(
    'manifest.sig',
    `is signed by a key this database does not know: ${m.exporter.user}, fingerprint ${m.exporter.fingerprint}. Compare that fingerprint with the sender (in person or by phone), then import again trusting it`,
  );
}

export async function importBundle(db: Db, store: BlobStore, path: string, actor: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const localDb = databaseId(db);
  const created: string[] = [];
  let trustNow = false;
  let read: ReadResult;
  try {
    read = await readBundle(path, {
      ...opts,
      onManifest: (m) => {
        if (m.database.id === localDb) throw new BundleError('manifest.json', 'was exported from this database: there is nothing to import');
        const dupe = db.prepare(`SELECT by_user, at FROM bundle_exchanges WHERE direction = 'import' AND manifest_sha256 = ?`).get(manifestHashOf(m)) as { by_user: string; at: string } | undefined;
        if (dupe) throw new BundleError('bundle', `was imported already (by ${dupe.by_user}, ${dupe.at}); the same bundle is never imported twice`);
        trustNow = checkSigner(db, m, opts.trust) === 'trusted-now';
      },
      fileSink: (part) =>
        passSink(async (r): Promise<StoredBlob> => {
          const b = await ingestStream(store, r, part.path, part.size, opts.signal ? { signal: opts.signal } : {});
          if (b.created) created.push(b.sha256);
          return b;
        }),
    });
    const check = checkContent(read);
    const result = writeImport(db, read, actor, localDb, trustNow);
    result.signatures = check.signatures;
    return result;
  } catch (e) {
    for (const sha of created) await unlink(blobPath(store, sha)).catch(() => {});
    throw e;
  }
}

const manifestHashOf = (m: Manifest) => {
  // The same text readBundle hashed: the manifest is the canonical JSON of itself (checked on read).
  return createHashHex(canonicalJson(m));
};
const createHashHex = (s: string) => createHash('sha256').update(s).digest('hex');

const quoteRow = (t: string, key: string) => `${t} ${key}`;

function writeImport(db: Db, read: ReadResult, actor: string, localDb: string, trustNow: boolean): ImportResult {
  const m = read.manifest;
  const tables = caseTables(db);
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const [path, d] of read.data) {
    if (d.table === 'audit_events' || d.table === 'audit_copies') continue;
    const t = byName.get(d.table);
    if (!t) throw new BundleError(path, `holds rows of "${d.table}", which is not part of a case in this version of Casebook (a newer version may know it)`);
    const unknown = d.columns.filter((c) => !t.columns.includes(c));
    if (unknown.length) throw new BundleError(path, `has columns this version of Casebook does not have (${unknown.join(', ')}): update Casebook to import it`);
    if (t.idKey && !d.origins) throw new BundleError(path, 'does not say where its rows come from');
  }
  const now = new Date().toISOString();
  return db.transaction((): ImportResult => {
    const maps = new Map<string, Map<number, number>>();
    const changes: ImportChanges = { added: {}, updated: [], conflicts: [], unchanged: 0, auditEvents: 0 };
    const bundleCase = asObjects(read.data.get('data/cases.json'))[0]!;
    // The case: known here (it came from here, or an earlier bundle), or new.
    const caseOrigin = read.data.get('data/cases.json')!.origins![0]!;
    const localCaseId = caseOrigin[0] === localDb ? caseOrigin[1] : (db.prepare('SELECT local_id FROM bundle_origins WHERE tbl = ? AND origin_db = ? AND origin_id = ?').pluck().get('cases', caseOrigin[0], caseOrigin[1]) as number | undefined);
    if (localCaseId !== undefined && !db.prepare('SELECT 1 FROM cases WHERE id = ?').get(localCaseId)) {
      throw new BundleError('data/cases.json', `names case ${m.case.number} as one of this database's, but it is not here`);
    }
    const newCase = localCaseId === undefined;
    if (newCase) {
      const clash = db.prepare('SELECT number FROM cases WHERE number = ?').pluck().get(bundleCase.number) as string | undefined;
      if (clash) throw new BundleError('data/cases.json', `is case ${clash}, and this database has another case with that number`);
    }
    const prevRow = localCaseId === undefined ? undefined : (db.prepare('SELECT row_hashes FROM bundle_exchanges WHERE case_id = ? ORDER BY id DESC LIMIT 1').get(localCaseId) as { row_hashes: string } | undefined);
    const base = prevRow ? (JSON.parse(prevRow.row_hashes) as Record<string, Record<string, string>>) : {};
    const prevImport = localCaseId === undefined ? undefined : (db.prepare(`SELECT exported_at, at FROM bundle_exchanges WHERE case_id = ? AND direction = 'import' AND source_db = ? ORDER BY id DESC LIMIT 1`).get(localCaseId, m.database.id) as { exported_at: string; at: string } | undefined);
    if (prevImport && prevImport.exported_at >= m.exportedAt) {
      throw new BundleError('manifest.json', `was exported ${m.exportedAt}, before the bundle of this case imported last (exported ${prevImport.exported_at}): it is older, and nothing was imported`);
    }
    const edits: { table: string; key: string; before: Row; after: Row }[] = [];
    const originLookup = db.prepare('SELECT local_id FROM bundle_origins WHERE tbl = ? AND origin_db = ? AND origin_id = ?').pluck();
    const addOrigin = db.prepare('INSERT INTO bundle_origins (tbl, local_id, origin_db, origin_id) VALUES (?, ?, ?, ?)');

    for (const t of tables) {
      const part = read.data.get(`data/${t.name}.json`);
      if (!part) continue;
      const map = new Map<number, number>();
      maps.set(t.name, map);
      const rows = asObjects(part);
      rows.forEach((raw, i) => {
        const where = `data/${t.name}.json row ${i + 1}`;
        const row: Row = { ...raw };
        for (const c of refColumns(t)) {
          const v = row[c];
          if (v === null || v === undefined) continue;
          const target = refTarget(t, c, row);
          if (!target) continue;
          const mapped = target === t.name ? map.get(v as number) : maps.get(target)?.get(v as number);
          if (mapped === undefined) throw new BundleError(where, `refers to ${target} #${String(v)}, which the bundle does not hold`);
          row[c] = mapped;
        }
        if (t.name === 'activity_findings' && typeof row.events === 'string') {
          const ev = maps.get('login_events');
          const ids = (JSON.parse(row.events) as unknown[]).filter((x): x is number => typeof x === 'number');
          row.events = JSON.stringify(ids.flatMap((x) => (ev?.has(x) ? [ev.get(x)!] : [])));
        }
        if (t.scope.kind === 'blobs') {
          db.prepare('INSERT OR IGNORE INTO evidence_blobs (sha256, size, mime, stored_at) VALUES (?, ?, ?, ?)').run(row.sha256, row.size, row.mime, now);
          return;
        }
        if (t.scope.kind === 'global') {
          map.set(raw.id as number, importGlobal(db, t, row));
          return;
        }
        let localId: number | undefined;
        if (t.idKey) {
          const origin = part.origins![i]!;
          localId = origin[0] === localDb ? origin[1] : (originLookup.get(t.name, origin[0], origin[1]) as number | undefined);
          if (origin[0] === localDb && !db.prepare(`SELECT 1 FROM "${t.name}" WHERE id = ?`).get(localId)) {
            throw new BundleError(where, `names ${t.name} #${origin[1]} of this database, which is not here`);
          }
          if (localId === undefined) {
            const cols = t.columns.filter((c) => c !== 'id' && c in row);
            const r = db.prepare(`INSERT INTO "${t.name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c] ?? null));
            const id = Number(r.lastInsertRowid);
            addOrigin.run(t.name, id, origin[0], origin[1]);
            map.set(raw.id as number, id);
            changes.added[t.name] = (changes.added[t.name] ?? 0) + 1;
            return;
          }
          // A row this database already holds must be one of this case's, never another case's.
          if (t.columns.includes('case_id') && t.scope.kind === 'case') {
            const owner = db.prepare(`SELECT case_id FROM "${t.name}" WHERE id = ?`).pluck().get(localId);
            if (owner !== row.case_id) throw new BundleError(where, `names ${t.name} #${localId} of this database, which belongs to another case`);
          }
          map.set(raw.id as number, localId);
          row.id = localId;
        }
        merge(db, t, row, base, changes, where, edits);
      });
    }
    const caseId = maps.get('cases')!.get(bundleCase.id as number)!;
    const c = db.prepare('SELECT number, title, status, num_year, num_seq FROM cases WHERE id = ?').get(caseId) as { number: string; title: string; status: string; num_year: number; num_seq: number };
    // Numbers this database gives its own new cases never meet the imported one's.
    db.prepare('INSERT INTO case_counters (year, last) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)').run(c.num_year, c.num_seq);

    changes.auditEvents = copyAudit(db, read, caseId, localDb);
    if (trustNow) trustKey(db, actor, { name: m.exporter.user, publicKey: m.exporter.publicKey, recipient: m.exporter.recipient, sourceDb: m.database.id }, now);
    else if (m.exporter.recipient) db.prepare('UPDATE bundle_trusted_keys SET recipient = ? WHERE public_key = ?').run(m.exporter.recipient, m.exporter.publicKey);
    const hashes = fingerprints(collectCase(db, caseId));
    db.prepare(`INSERT INTO bundle_exchanges (case_id, direction, manifest_sha256, bundle_id, exported_by, exporter_key, exported_at, source_db, recipient, by_user, at, row_hashes, changes)
      VALUES (?, 'import', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(caseId, read.manifestSha256, m.bundleId, m.exporter.user, m.exporter.publicKey, m.exportedAt, m.database.id, m.recipient?.key ?? null, actor, now, JSON.stringify(hashes), JSON.stringify(changes));
    const provenance = { exportedBy: m.exporter.user, fingerprint: m.exporter.fingerprint, exportedAt: m.exportedAt, database: m.database.id };
    appendAudit(db, actor, {
      caseId, entity: 'bundle', entityId: m.bundleId, action: 'imported',
      // The rows the bundle updated keep their earlier values here: nothing is overwritten unrecorded.
      ...(edits.length && { before: edits.map((e) => ({ table: e.table, key: e.key, values: e.before })) }),
      after: { ...provenance, updatedRows: edits.map((e) => ({ table: e.table, key: e.key, values: e.after })), manifestSha256: read.manifestSha256, parts: m.parts.length, newCase, added: changes.added, updated: changes.updated.length, conflicts: changes.conflicts.length, auditEvents: changes.auditEvents },
    }, now);
    return {
      case: { number: c.number, title: c.title, status: c.status },
      newCase,
      provenance,
      previous: prevImport ? { exportedAt: prevImport.exported_at, importedAt: prevImport.at } : null,
      changes,
      signatures: [],
      parts: m.parts.length,
    };
  }).immediate();
}

/** A row the database has: unchanged, updated (the other side changed it since the last exchange), or kept (changed here too). */
function merge(db: Db, t: TableInfo, row: Row, base: Record<string, Record<string, string>>, changes: ImportChanges, where: string, edits: { table: string; key: string; before: Row; after: Row }[]): void {
  const cols = t.columns.filter((c) => c in row);
  const key = rowKey(t, row);
  const local = db.prepare(`SELECT ${t.columns.map((c) => `"${c}"`).join(', ')} FROM "${t.name}" WHERE ${t.pk.map((c) => `"${c}" IS ?`).join(' AND ')}`).get(...t.pk.map((c) => row[c] ?? null)) as Row | undefined;
  if (!local) {
    if (t.idKey) throw new BundleError(where, `names ${quoteRow(t.name, key)}, which is not here`);
    db.prepare(`INSERT INTO "${t.name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c] ?? null));
    changes.added[t.name] = (changes.added[t.name] ?? 0) + 1;
    return;
  }
  const full: Row = { ...local, ...Object.fromEntries(cols.map((c) => [c, row[c] ?? null])) };
  const b = rowHash(full);
  const l = rowHash(local);
  if (b === l) {
    changes.unchanged++;
    return;
  }
  const fields = cols.filter((c) => (local[c] ?? null) !== (row[c] ?? null));
  const a = base[t.name]?.[key];
  if (a === l) {
    try {
      db.prepare(`UPDATE "${t.name}" SET ${fields.map((f) => `"${f}" = ?`).join(', ')} WHERE ${t.pk.map((c) => `"${c}" IS ?`).join(' AND ')}`).run(...fields.map((f) => row[f] ?? null), ...t.pk.map((c) => row[c] ?? null));
    } catch (e) {
      throw new BundleError(where, `changes ${quoteRow(t.name, key)} (${fields.join(', ')}), which this database keeps as a record that never changes: ${(e as Error).message}`);
    }
    changes.updated.push({ table: t.name, key, fields });
    edits.push({ table: t.name, key, before: Object.fromEntries(fields.map((f) => [f, local[f] ?? null])), after: Object.fromEntries(fields.map((f) => [f, row[f] ?? null])) });
  } else if (a === b) {
    changes.unchanged++; // changed here since; the bundle has the version this database sent
  } else {
    changes.conflicts.push({ table: t.name, key, fields });
  }
}

/** A row outside the case the case refers to (a list version its screening used): the same one here, or kept as a record of it. */
function importGlobal(db: Db, t: TableInfo, row: Row): number {
  if (t.name === 'sanctions_versions') {
    const same = db.prepare('SELECT id FROM sanctions_versions WHERE list IS ? AND sdn_sha256 = ? AND alt_sha256 IS ? AND add_sha256 IS ? AND comments_sha256 IS ?').pluck().get(row.list ?? 'SDN', row.sdn_sha256, row.alt_sha256 ?? null, row.add_sha256 ?? null, row.comments_sha256 ?? null) as number | undefined;
    if (same !== undefined) return same;
    // Not loaded here: its description is kept (with no entries) under a negative id, so that it is
    // never taken for a list loaded here (the newest list is the highest id).
    const id = Math.min(0, db.prepare('SELECT min(id) FROM sanctions_versions').pluck().get() as number | null ?? 0) - 1;
    const cols = t.columns.filter((c) => c !== 'id' && c in row);
    db.prepare(`INSERT INTO sanctions_versions (id, ${cols.map((c) => `"${c}"`).join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`).run(id, ...cols.map((c) => row[c] ?? null));
    return id;
  }
  throw new AppError('internal', `The bundle refers to rows of ${t.name}, which a bundle cannot carry.`);
}

function copyAudit(db: Db, read: ReadResult, caseId: number, localDb: string): number {
  const ins = db.prepare(`INSERT INTO bundle_audit_copies (origin_db, seq, case_id, at, actor, origin_case_id, entity, entity_id, action, before, after, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const existing = db.prepare('SELECT hash FROM bundle_audit_copies WHERE origin_db = ? AND seq = ?').pluck();
  let n = 0;
  const put = (path: string, originDb: string, e: Row, originCase: unknown) => {
    if (originDb === localDb) return;
    const had = existing.get(originDb, e.seq) as string | undefined;
    if (had !== undefined) {
      if (had !== e.hash) throw new BundleError(path, `audit event #${String(e.seq)} of database ${originDb} differs from the copy imported before: one of the two histories was altered`);
      return;
    }
    ins.run(originDb, e.seq, caseId, e.at, e.actor, originCase ?? null, e.entity, e.entity_id, e.action, e.before, e.after, e.prev_hash, e.hash);
    n++;
  };
  for (const e of asObjects(read.data.get('data/audit_events.json') as DataPart | undefined)) put('data/audit_events.json', read.manifest.database.id, e, e.case_id);
  for (const e of asObjects(read.data.get('data/audit_copies.json') as DataPart | undefined)) put('data/audit_copies.json', e.origin_db as string, e, e.origin_case_id);
  return n;
}

