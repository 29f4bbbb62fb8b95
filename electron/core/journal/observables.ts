import { type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { listIdentifiers, addIdentifier } from '../identifiers/repo.ts';
import { listSubjects } from '../subjects/repo.ts';
import { exhibitRow } from '../evidence/repo.ts';
import { caseScreenings } from '../sanctions/cases.ts';
import { readCsv, type CsvSource } from '../files/csv.ts';
import { AppError } from '../../../shared/errors.ts';
import { IDENTIFIER_KINDS, KIND_LABELS, normaliseIdentifier, type IdentifierKind } from '../../../shared/identifiers.ts';
import { detectKind, type ImportProblem, type Observable, type ObservableImportResult, type SanctionsResult } from '../../../shared/journal.ts';
import { csvLine } from '../../../shared/sanctions/csv.ts';
import { caseAddressSpans } from '../activity/address-index.ts';
import type { IdentifierRecord } from '../../../shared/subjects.ts';

/** More values than this in one import is refused: split the file. */
export const MAX_IMPORT_VALUES = 10_000;

/** The value a screening queried for an identifier: documents are screened by their number alone. */
const screenedValue = (i: Pick<IdentifierRecord, 'kind' | 'value'>) => (i.kind === 'document' ? i.value.slice(i.value.indexOf(':') + 1) : i.value);

/** First and last time an address was used in the case's imported login records (read from the activity domain's per-case index). */
function ipSpans(db: ReadDb, caseId: number): Map<string, { first: string; last: string }> {
  const rows = caseAddressSpans(db, caseId);
  return new Map(rows.map((r) => [r.ip, { first: new Date(r.first).toISOString(), last: new Date(r.last).toISOString() }]));
}

/** Every identifier of the case as one table: where it was seen, which other cases hold it, what screening found. */
export function listObservables(db: ReadDb, number: string): Observable[] {
  const c = getCase(db, number);
  const idents = listIdentifiers(db, number);
  const spans = ipSpans(db, c.id);
  const screenings = caseScreenings(db, number);
  const latest = screenings.at(-1);
  const latestQueries = new Set((latest?.queries ?? []).filter((q) => q.kind === 'identifier').map((q) => q.value));
  const hits = screenings.flatMap((s) => s.hits.filter((h) => h.queryKind === 'identifier').map((h) => ({ h, s })));
  return idents.map((i) => {
    const q = screenedValue(i);
    const mine = hits.filter((x) => x.h.query === q);
    const pick = (status: string) => mine.find((x) => x.h.status === status);
    let sanctions: SanctionsResult = 'not_screened';
    let sanctionsDetail = '';
    const found = pick('confirmed') ?? pick('open') ?? pick('dismissed');
    if (found) {
      sanctions = found.h.status === 'confirmed' ? 'confirmed' : found.h.status === 'open' ? 'to_decide' : 'dismissed';
      sanctionsDetail = `${found.h.name} (entry ${found.h.ent_num}), ${found.s.version.list} list version ${found.s.version.id}`;
    } else if (latest && latestQueries.has(q)) {
      sanctions = 'clear';
      sanctionsDetail = `screened ${latest.createdAt.slice(0, 10)} against ${latest.version.list} list version ${latest.version.id}`;
    }
    const seen = [i.seenAt, spans.get(i.value)?.first, spans.get(i.value)?.last].filter((x): x is string => !!x).sort();
    return {
      id: i.id,
      kind: i.kind,
      value: i.value,
      display: i.display,
      qualifier: i.qualifier,
      subjectId: i.subjectId,
      subject: i.subjectName,
      firstSeen: seen[0] ?? null,
      lastSeen: seen.at(-1) ?? null,
      exhibit: i.evidence,
      otherCases: [...new Set(i.links.map((l) => l.caseNumber))].sort(),
      sanctions,
      sanctionsDetail,
    };
  });
}

export const OBSERVABLES_CSV_HEADER = ['kind', 'value', 'qualifier', 'subject', 'first_seen', 'last_seen', 'exhibit', 'other_cases', 'sanctions', 'sanctions_detail'];

/** The observables as CSV (formula cells neutralised, invisible characters written out); `kind,value,qualifier,subject` read back by the import. */
export function observablesCsv(rows: readonly Observable[]): string {
  const lines = [csvLine(OBSERVABLES_CSV_HEADER)];
  for (const o of rows) {
    lines.push(csvLine([o.kind, o.display, o.qualifier, o.subject, o.firstSeen, o.lastSeen, o.exhibit, o.otherCases.join(' '), o.sanctions, o.sanctionsDetail]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const KIND_BY_NAME = new Map<string, IdentifierKind>([
  ...IDENTIFIER_KINDS.map((k) => [k, k] as const),
  ...IDENTIFIER_KINDS.map((k) => [KIND_LABELS[k].toLowerCase(), k] as const),
  ['e-mail', 'email'], ['ip address', 'ip'], ['iban', 'bank_account'], ['bank account', 'bank_account'], ['handle', 'platform_handle'],
  ['mac', 'device'], ['serial', 'device'], ['passport', 'document'],
]);

// Our own CSV export puts an apostrophe before a cell a spreadsheet would run as a formula (a
// phone number's "+"); reading such a file back takes it off again.
const unneutralise = (v: string) => v.replace(/^'(?=\s*[=+\-@|])/, '');

type Parsed = { line: number; raw: string; kind: IdentifierKind | null; kindText: string; qualifier: string | undefined; subject: string | undefined };

/** Reads the values: one per line, or a CSV whose header names kind and value. Every line keeps its number in the source. */
async function parseSource(source: CsvSource): Promise<{ rows: Parsed[]; sha256: string; problems: ImportProblem[] }> {
  const rows: Parsed[] = [];
  const problems: ImportProblem[] = [];
  let header: string[] | null | undefined;
  let col: Record<string, number> = {};
  const { sha256 } = await readCsv(source, { label: typeof source === 'string' ? undefined : source.fileName }, (fields, line) => {
    if (header === undefined) {
      const names = fields.map((f) => f.trim().toLowerCase());
      if (names.includes('kind') && names.includes('value')) {
        header = names;
        col = Object.fromEntries(names.map((n, i) => [n, i]));
        return;
      }
      header = null;
    }
    if (rows.length + problems.length >= MAX_IMPORT_VALUES) {
      throw new AppError('invalid_input', `More than ${MAX_IMPORT_VALUES} values (at line ${line}): split the list and import it in parts. Nothing was imported.`, { details: { line } });
    }
    if (header === null) {
      // One value per line: a comma is part of the value (shipping addresses have them).
      const raw = unneutralise(fields.join(',').trim());
      if (!raw) return;
      rows.push({ line, raw, kind: detectKind(raw), kindText: '', qualifier: undefined, subject: undefined });
      return;
    }
    const get = (name: string) => (col[name] === undefined ? undefined : (fields[col[name]!] ?? '').trim());
    const raw = unneutralise(get('value') ?? '');
    const kindText = get('kind') ?? '';
    const kind = kindText ? (KIND_BY_NAME.get(kindText.toLowerCase()) ?? null) : detectKind(raw);
    if (!raw) {
      problems.push({ line, value: '', reason: 'the value is empty' });
      return;
    }
    if (kindText && !kind) {
      problems.push({ line, value: raw, reason: `"${kindText}" is not a kind of identifier (one of ${IDENTIFIER_KINDS.join(', ')})` });
      return;
    }
    rows.push({ line, raw, kind, kindText, qualifier: get('qualifier') || undefined, subject: get('subject') || undefined });
  });
  return { rows, sha256, problems };
}

type ImportInput = { number: string; text?: string | undefined; path?: string | undefined; fileName?: string | undefined; subjectId?: number | undefined; evidence?: string | undefined };

/**
 * Adds the identifiers of a list or CSV to a case, all or nothing: every value is validated as the
 * single-value form validates it, and when any line is bad none is added and each bad line is
 * listed with its number and why. Values already recorded are listed as duplicates, not added twice.
 */
export async function importObservables(db: Db, actor: string, input: ImportInput): Promise<ObservableImportResult> {
  const c = getCase(db, input.number);
  assertCaseWritable(c);
  const source: CsvSource = input.path ?? { text: input.text ?? '', fileName: input.fileName || 'the pasted list' };
  const { rows, sha256, problems } = await parseSource(source);
  if (rows.length === 0 && problems.length === 0) throw new AppError('invalid_input', 'There are no values to import: give one value per line, or a CSV with a header row naming kind and value.');
  const subjects = listSubjects(db, input.number);
  const fixedSubject = input.subjectId === undefined ? null : subjects.find((s) => s.id === input.subjectId);
  if (input.subjectId !== undefined && !fixedSubject) throw new AppError('not_found', `subject: there is no subject ${input.subjectId} in ${c.number}.`);
  if (input.evidence) exhibitRow(db, c, input.evidence);
  const existing = new Set(listIdentifiers(db, input.number).map((i) => `${i.kind}\u0000${i.value}\u0000${i.subjectId ?? ''}`));
  const rejected: ImportProblem[] = [...problems];
  const duplicates: ImportProblem[] = [];
  const accepted: { line: number; kind: IdentifierKind; raw: string; qualifier: string | undefined; subjectId: number | undefined }[] = [];
  for (const r of rows) {
    if (!r.kind) {
      rejected.push({ line: r.line, value: r.raw, reason: 'the kind cannot be told from the value; give it as a CSV line "kind,value" (e.g. device,C02XK0JHJG5J)' });
      continue;
    }
    const n = normaliseIdentifier(r.kind, r.raw, r.qualifier);
    if (!n.ok) {
      rejected.push({ line: r.line, value: r.raw, reason: `${KIND_LABELS[r.kind]} ${n.message}` });
      continue;
    }
    let subjectId = fixedSubject?.id;
    if (r.subject) {
      const wanted = r.subject.toLowerCase();
      const s = subjects.find((x) => x.name.toLowerCase() === wanted || x.aliases.some((a) => a.toLowerCase() === wanted));
      if (!s) {
        rejected.push({ line: r.line, value: r.raw, reason: `there is no subject named "${r.subject}" in ${c.number}` });
        continue;
      }
      subjectId = s.id;
    }
    const key = `${n.identifier.kind}\u0000${n.identifier.value}\u0000${subjectId ?? ''}`;
    if (existing.has(key)) {
      duplicates.push({ line: r.line, value: r.raw, reason: `${KIND_LABELS[n.identifier.kind]} ${n.identifier.value} is already recorded in ${c.number}` });
      continue;
    }
    existing.add(key);
    accepted.push({ line: r.line, kind: r.kind, raw: r.raw, qualifier: r.qualifier, subjectId });
  }
  rejected.sort((a, b) => a.line - b.line);
  if (rejected.length > 0) return { added: 0, rejected, duplicates, sha256 };
  db.transaction(() => {
    for (const a of accepted) {
      addIdentifier(db, actor, {
        number: c.number, kind: a.kind, value: a.raw, qualifier: a.qualifier, subjectId: a.subjectId, evidence: input.evidence, seenAt: undefined, note: '',
      });
    }
    appendAudit(db, actor, {
      caseId: c.id, entity: 'identifier', entityId: null, action: 'imported',
      after: { from: input.path ? 'file' : 'pasted list', sha256, added: accepted.length, duplicates: duplicates.length, subject: fixedSubject?.name ?? null, evidence: input.evidence ?? null },
    });
  }).immediate();
  return { added: accepted.length, rejected: [], duplicates, sha256 };
}
