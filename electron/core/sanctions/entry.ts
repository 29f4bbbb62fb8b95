import type { ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { AppError } from '../../../shared/errors.ts';
import type { EntryDetail, RemarkItem, SdnType, VersionRef } from '../../../shared/sanctions/types.ts';

/** One listed entry with everything the list says about it, for the hit's detail view. */
export function getEntry(db: ReadDb, version: VersionRef, entNum: number): EntryDetail {
  const e = stmt(db, 'SELECT ent_num, name, type, programs, title, remarks, facts FROM sanctions_entries WHERE version_id = ? AND ent_num = ?').get(version.id, entNum) as
    | { ent_num: number; name: string; type: SdnType; programs: string; title: string | null; remarks: string | null; facts: string }
    | undefined;
  if (!e) throw new AppError('not_found', `ent_num ${entNum} is not in sanctions list version ${version.id} (published ${version.published}).`);
  return {
    version,
    ent_num: e.ent_num,
    name: e.name,
    type: e.type,
    programs: JSON.parse(e.programs) as string[],
    title: e.title,
    remarks: e.remarks,
    names: stmt(db, 'SELECT name, kind FROM sanctions_names WHERE version_id = ? AND ent_num = ? ORDER BY id').all(version.id, entNum) as { name: string; kind: string }[],
    identifiers: (JSON.parse(e.facts) as RemarkItem[]).filter((f) => f.kind !== 'aka'),
    addresses: stmt(db, 'SELECT address, city, country FROM sanctions_addresses WHERE version_id = ? AND ent_num = ? ORDER BY add_num').all(version.id, entNum) as EntryDetail['addresses'],
  };
}
