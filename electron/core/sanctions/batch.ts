import type { Db } from '../db/connection.ts';
import { throwIfCancelled } from '../context.ts';
import { readCsv } from '../files/csv.ts';
import { assertWritableTarget, writeFileAtomic } from '../files/write.ts';
import { quoteInput } from '../../../shared/quote.ts';
import { AppError } from '../../../shared/errors.ts';
import { batchToCsv } from '../../../shared/sanctions/csv.ts';
import type { BatchResult, BatchRow, Hit, VersionRef } from '../../../shared/sanctions/types.ts';
import { screenIdentifierIn, screenNameIn } from './screen.ts';

const NAME_COLUMNS = ['name', 'full name', 'full_name', 'applicant', 'vendor', 'company'];
const REF_COLUMNS = ['ref', 'id', 'reference', 'applicant id', 'employee id'];
const TYPE_COLUMNS = ['type'];
const IDENTIFIER_COLUMN = /^(identifier|identifiers|wallet|address|crypto|passport|document|national id|tax id|registration)s?\b/;

export type BatchHooks = { signal?: AbortSignal; progress?: (done: number, total: number) => void };

const MAX_ROWS = 200_000;

type BatchInput = { ref: string; name: string; type: 'individual' | 'entity' | undefined; identifiers: string[] };

/**
 * Reads a batch file: a CSV with a header row holding a name column and, optionally, a reference,
 * a type (individual/entity) and identifier columns (several identifiers in one cell separated by
 * spaces or semicolons). The file is streamed; a line over the reader's limit or a NUL byte is
 * refused with its line number.
 */
export async function readBatchFile(path: string, signal?: AbortSignal): Promise<BatchInput[]> {
  let header: string[] | null = null;
  let raw: string[] = [];
  let nameCol = -1;
  let refCol = -1;
  let typeCol = -1;
  let idCols: number[] = [];
  const out: BatchInput[] = [];
  await readCsv(path, { signal, label: 'The batch file' }, (fields, line) => {
    const r = fields.map((f) => f.trim());
    if (r.every((f) => f === '')) return;
    if (!header) {
      raw = r;
      header = r.map((h) => h.toLowerCase());
      const find = (names: string[]) => header!.findIndex((h) => names.includes(h));
      nameCol = find(NAME_COLUMNS);
      idCols = header.map((h, i) => (IDENTIFIER_COLUMN.test(h) ? i : -1)).filter((i) => i >= 0);
      if (nameCol < 0 && idCols.length === 0) {
        throw new AppError('invalid_input', `The batch file's header has no "name" or "identifier" column (found: ${quoteInput(raw.slice(0, 10).join(', '))}).`);
      }
      refCol = find(REF_COLUMNS);
      typeCol = find(TYPE_COLUMNS);
      return;
    }
    if (out.length >= MAX_ROWS) throw new AppError('invalid_input', `The batch file has more than ${MAX_ROWS} rows (line ${line}); screen at most ${MAX_ROWS} at a time.`);
    const type = typeCol >= 0 ? r[typeCol]?.toLowerCase() : undefined;
    out.push({
      ref: refCol >= 0 ? (r[refCol] ?? '') : String(out.length + 1),
      name: nameCol >= 0 ? (r[nameCol] ?? '') : '',
      type: type === 'individual' || type === 'entity' ? type : undefined,
      identifiers: idCols.flatMap((c) => (r[c] ?? '').split(/[;\s]+/)).filter(Boolean),
    });
  });
  if (!header || out.length === 0) throw new AppError('invalid_input', 'The batch file needs a header row (with a "name" column) and at least one row.');
  return out;
}

/** Screens every row's name and identifiers; identifier hits come first, then name hits. */
export async function screenBatch(db: Db, versions: readonly VersionRef[], path: string, threshold: number, out: string | undefined, hooks: BatchHooks = {}): Promise<BatchResult> {
  if (out) assertWritableTarget(out, 'the screening results');
  const input = await readBatchFile(path, hooks.signal);
  const results: BatchRow[] = [];
  input.forEach((r, i) => {
    if (i % 200 === 0) {
      throwIfCancelled(hooks.signal);
      hooks.progress?.(i, input.length);
    }
    const hits: Hit[] = r.identifiers.flatMap((v) => screenIdentifierIn(db, versions, v));
    if (r.name.trim()) {
      for (const h of screenNameIn(db, versions, { name: r.name, type: r.type, threshold, limit: 10 })) {
        if (!hits.some((x) => x.list === h.list && x.ent_num === h.ent_num)) hits.push(h);
      }
    }
    results.push({ row: i + 1, ref: r.ref, name: r.name, identifiers: r.identifiers, hits });
  });
  hooks.progress?.(input.length, input.length);
  const version = versions[0]!;
  if (out) writeFileAtomic(out, batchToCsv(results, versions, threshold), 'the screening results');
  return {
    version,
    versions: [...versions],
    threshold,
    rows: results.length,
    rowsWithHits: results.filter((r) => r.hits.length > 0).length,
    results,
    out: out ?? null,
  };
}
