import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { exhibitRow } from '../evidence/repo.ts';
import { listIdentifiers } from '../identifiers/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { indicatorById } from '../../../shared/indicators/catalog.ts';
import type { CaseRecord } from '../../../shared/cases.ts';
import type { CaseNote } from '../../../shared/journal.ts';
import type { IdentifierRecord } from '../../../shared/subjects.ts';

type NoteRow = {
  id: number;
  case_id: number;
  author: string;
  body: string;
  exhibits: string;
  identifiers: string;
  indicators: string;
  created_at: string;
  updated_at: string;
  version: number;
};

export type NoteInput = { number: string; body: string; exhibits: string[]; identifiers: number[]; indicators: string[] };

function rowToNote(r: NoteRow, caseNumber: string, idents: Map<number, IdentifierRecord>): CaseNote {
  return {
    id: r.id,
    caseNumber,
    author: r.author,
    body: r.body,
    exhibits: JSON.parse(r.exhibits) as string[],
    identifiers: (JSON.parse(r.identifiers) as number[]).map((id) => {
      const i = idents.get(id);
      return { id, kind: i?.kind ?? null, display: i?.display ?? null };
    }),
    indicators: JSON.parse(r.indicators) as string[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const identifierMap = (db: ReadDb, number: string) => new Map(listIdentifiers(db, number).map((i) => [i.id, i]));

/** The case's notes, newest first. */
export function listNotes(db: ReadDb, number: string): CaseNote[] {
  const c = getCase(db, number);
  const idents = identifierMap(db, number);
  return (stmt(db, 'SELECT * FROM case_notes WHERE case_id = ? ORDER BY created_at DESC, id DESC').all(c.id) as NoteRow[]).map((r) => rowToNote(r, c.number, idents));
}

/** Checks every link names something in this case (exhibits, identifiers) or in the catalog (indicators). */
function checkLinks(db: ReadDb, c: CaseRecord, input: NoteInput): { exhibits: string[]; identifiers: number[]; indicators: string[] } {
  const exhibits = [...new Set(input.exhibits)];
  for (const x of exhibits) exhibitRow(db, c, x);
  const identifiers = [...new Set(input.identifiers)];
  const known = identifierMap(db, c.number);
  for (const id of identifiers) if (!known.has(id)) throw new AppError('not_found', `identifiers: there is no identifier ${id} in ${c.number}.`);
  const indicators = [...new Set(input.indicators)];
  for (const id of indicators) if (!indicatorById(id)) throw new AppError('not_found', `indicators: ${id} is not an indicator of the catalog.`);
  return { exhibits, identifiers, indicators };
}

const auditView = (r: Pick<NoteRow, 'body' | 'exhibits' | 'identifiers' | 'indicators'>) => ({
  body: r.body,
  exhibits: JSON.parse(r.exhibits) as string[],
  identifiers: JSON.parse(r.identifiers) as number[],
  indicators: JSON.parse(r.indicators) as string[],
});

function getNoteRow(db: ReadDb, caseId: number, id: number): NoteRow {
  const row = stmt(db, 'SELECT * FROM case_notes WHERE id = ? AND case_id = ?').get(id, caseId) as NoteRow | undefined;
  if (!row) throw new AppError('not_found', `There is no note ${id} in this case.`);
  return row;
}

export function addNote(db: Db, actor: string, input: NoteInput): CaseNote {
  return db.transaction(() => {
    const c = getCase(db, input.number);
    assertCaseWritable(c);
    const links = checkLinks(db, c, input);
    const now = new Date().toISOString();
    const info = stmt(db, 'INSERT INTO case_notes (case_id, author, body, exhibits, identifiers, indicators, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(c.id, actor, input.body, JSON.stringify(links.exhibits), JSON.stringify(links.identifiers), JSON.stringify(links.indicators), now, now);
    const row = getNoteRow(db, c.id, Number(info.lastInsertRowid));
    appendAudit(db, actor, { caseId: c.id, entity: 'note', entityId: row.id, action: 'added', after: auditView(row) }, now);
    return rowToNote(row, c.number, identifierMap(db, c.number));
  }).immediate();
}

/**
 * Saves an edit of a note by its author, made from `version`. The previous text goes into the
 * audit event, so every earlier wording stays on record. A locked or closed case refuses it.
 */
export function updateNote(db: Db, actor: string, input: NoteInput & { id: number; version: number }): CaseNote {
  return db.transaction(() => {
    const c = getCase(db, input.number);
    assertCaseWritable(c);
    const current = getNoteRow(db, c.id, input.id);
    if (current.author.toLowerCase() !== actor.toLowerCase()) throw new AppError('forbidden', `Note ${input.id} was written by ${current.author}; only they can edit it. Add a note of your own instead.`);
    if (current.version !== input.version) {
      throw new AppError('conflict', `Note ${input.id} was changed since you started editing (it is now version ${current.version}, saved ${current.updated_at}). Your text was kept, not saved: compare it with the newer text, then save again.`, {
        details: { current: rowToNote(current, c.number, identifierMap(db, c.number)) },
      });
    }
    const links = checkLinks(db, c, input);
    const next = { body: input.body, exhibits: JSON.stringify(links.exhibits), identifiers: JSON.stringify(links.identifiers), indicators: JSON.stringify(links.indicators) };
    if (next.body === current.body && next.exhibits === current.exhibits && next.identifiers === current.identifiers && next.indicators === current.indicators) {
      return rowToNote(current, c.number, identifierMap(db, c.number));
    }
    const now = new Date().toISOString();
    stmt(db, 'UPDATE case_notes SET body = ?, exhibits = ?, identifiers = ?, indicators = ?, updated_at = ?, version = version + 1 WHERE id = ?')
      .run(next.body, next.exhibits, next.identifiers, next.indicators, now, current.id);
    appendAudit(db, actor, { caseId: c.id, entity: 'note', entityId: current.id, action: 'updated', before: auditView(current), after: auditView(next) }, now);
    return rowToNote(getNoteRow(db, c.id, current.id), c.number, identifierMap(db, c.number));
  }).immediate();
}
