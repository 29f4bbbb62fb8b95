import type { Db, ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ListName, ListVersion, SanctionsSettings, VersionRef } from '../../../shared/sanctions/types.ts';
import { DEFAULT_THRESHOLD as NAME_THRESHOLD } from '../../../shared/sanctions/names/index.ts';

type VersionRow = {
  id: number; list: ListName; published: string; published_source: 'entered' | 'file-date'; imported_at: string; imported_by: string;
  sdn_sha256: string; alt_sha256: string | null; add_sha256: string | null; comments_sha256: string | null; orphans_comments: number;
  entries: number; aliases: number; addresses: number; identifiers: number; orphans_alt: number; orphans_add: number;
};

const rowToVersion = (r: VersionRow): ListVersion => ({
  id: r.id,
  list: r.list,
  published: r.published,
  publishedSource: r.published_source,
  importedAt: r.imported_at,
  importedBy: r.imported_by,
  files: { sdn: r.sdn_sha256, alt: r.alt_sha256, add: r.add_sha256, comments: r.comments_sha256 },
  entries: r.entries,
  aliases: r.aliases,
  addresses: r.addresses,
  identifiers: r.identifiers,
  orphans: { alt: r.orphans_alt, add: r.orphans_add, comments: r.orphans_comments },
});

/** Every imported list version, newest first. */
export function listVersions(db: ReadDb): ListVersion[] {
  return (stmt(db, 'SELECT * FROM sanctions_versions ORDER BY id DESC').all() as VersionRow[]).map(rowToVersion);
}

/** The version asked for, else the latest SDN version (else the latest of any list). */
export function resolveVersion(db: ReadDb, id?: number): VersionRef {
  const row = (id === undefined
    ? stmt(db, "SELECT id, published, list FROM sanctions_versions ORDER BY list = 'SDN' DESC, id DESC LIMIT 1").get()
    : stmt(db, 'SELECT id, published, list FROM sanctions_versions WHERE id = ?').get(id)) as VersionRef | undefined;
  if (!row) {
    throw new AppError('not_found', id === undefined
      ? 'No sanctions list is imported yet: download sdn.csv (and alt.csv, add.csv) from OFAC and import them first.'
      : `There is no sanctions list version ${id}.`);
  }
  return { id: row.id, published: row.published, list: row.list };
}

/**
 * The versions a screening uses: the one asked for (else the latest SDN version) and the latest
 * version of the other list, when one is imported — so every screening covers both the SDN and the
 * Consolidated list.
 */
export function screeningVersions(db: ReadDb, id?: number): VersionRef[] {
  const first = resolveVersion(db, id);
  const other = stmt(db, 'SELECT id, published, list FROM sanctions_versions WHERE list <> ? ORDER BY id DESC LIMIT 1').get(first.list) as VersionRef | undefined;
  return other ? [first, other] : [first];
}

/** The default "possible match" threshold: the name matcher's (its meaning is documented there and in the README). */
export const DEFAULT_THRESHOLD = NAME_THRESHOLD;
const THRESHOLD_KEY = 'sanctions.threshold';

export function getSettings(db: ReadDb): SanctionsSettings {
  const v = stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(THRESHOLD_KEY) as string | undefined;
  return { threshold: v === undefined ? DEFAULT_THRESHOLD : Number(v) };
}

/** The "possible match" threshold is a team decision, so a change is audited. */
export function setThreshold(db: Db, actor: string, threshold: number): SanctionsSettings {
  return db.transaction(() => {
    const before = getSettings(db);
    if (before.threshold === threshold) return before;
    const now = new Date().toISOString();
    stmt(db, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
              ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(THRESHOLD_KEY, String(threshold), now);
    appendAudit(db, actor, { caseId: null, entity: 'setting', entityId: THRESHOLD_KEY, action: 'updated', before, after: { threshold } }, now);
    return { threshold };
  }).immediate();
}
