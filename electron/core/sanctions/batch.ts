import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Db } from '../db/connection.ts';
import { throwIfCancelled } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import { batchToCsv } from '../../../shared/sanctions/csv.ts';
import type { BatchResult, BatchRow, Hit, VersionRef } from '../../../shared/sanctions/types.ts';
import { screenIdentifier, screenName } from './screen.ts';

const NAME_COLUMNS = ['name', 'full name', 'full_name', 'applicant', 'vendor', 'company'];
const REF_COLUMNS = ['ref', 'id', 'reference', 'applicant id', 'employee id'];
const TYPE_COLUMNS = ['type'];
const IDENTIFIER_COLUMN = /^(identifier|identifiers|wallet|address|crypto|passport|document|national id|tax id|registration)s?\b/;

export type BatchHooks = { signal?: AbortSignal; progress?: (done: number, total: number) => void };

const MAX_ROWS = 200_000;
// oxlint-disable-next-line no-control-regex -- files saved by old Windows tools end in Ctrl-Z
const CTRL_Z_AT_END = /\u001a+$/;

/**
 * Reads a batch file: a CSV with a header row holding a name column and, optionally, a reference,
 * a type (individual/entity) and identifier columns (several identifiers in one cell separated by
 * spaces or semicolons).
 */
export function readBatchFile(path: string): { ref: string; name: string; type: 'individual' | 'entity' | undefined; identifiers: string[] }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError('invalid_input', `The batch file cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  let records: string[][];
  try {
    records = parse(text.replace(CTRL_Z_AT_END, ''), { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    throw new AppError('invalid_input', `The batch file is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length < 2) throw new AppError('invalid_input', 'The batch file needs a header row (with a "name" column) and at least one row.');
  if (records.length - 1 > MAX_ROWS) throw new AppError('invalid_input', `The batch file has ${records.length - 1} rows; screen at most ${MAX_ROWS} at a time.`);
  const header = records[0]!.map((h) => h.toLowerCase().trim());
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const nameCol = find(NAME_COLUMNS);
  const idCols = header.map((h, i) => (IDENTIFIER_COLUMN.test(h) ? i : -1)).filter((i) => i >= 0);
  if (nameCol < 0 && idCols.length === 0) {
    throw new AppError('invalid_input', `The batch file's header has no "name" or "identifier" column (found: ${records[0]!.slice(0, 10).join(', ')}).`);
  }
  const refCol = find(REF_COLUMNS);
  const typeCol = find(TYPE_COLUMNS);
  return records.slice(1).map((r, i) => {
    const type = typeCol >= 0 ? r[typeCol]?.toLowerCase() : undefined;
    return {
      ref: refCol >= 0 ? (r[refCol] ?? '') : String(i + 1),
      name: nameCol >= 0 ? (r[nameCol] ?? '') : '',
      type: type === 'individual' || type === 'entity' ? type : undefined,
      identifiers: idCols.flatMap((c) => (r[c] ?? '').split(/[;\s]+/)).filter(Boolean),
    };
  });
}

/** Screens every row's name and identifiers; identifier hits come first, then name hits. */
export function screenBatch(db: Db, version: VersionRef, path: string, threshold: number, out: string | undefined, hooks: BatchHooks = {}): BatchResult {
  const input = readBatchFile(path);
  const results: BatchRow[] = [];
  input.forEach((r, i) => {
    if (i % 200 === 0) {
      throwIfCancelled(hooks.signal);
      hooks.progress?.(i, input.length);
    }
    const hits: Hit[] = r.identifiers.flatMap((v) => screenIdentifier(db, version, v));
    if (r.name.trim()) {
      for (const h of screenName(db, version, { name: r.name, type: r.type, threshold, limit: 10 })) {
        if (!hits.some((x) => x.ent_num === h.ent_num)) hits.push(h);
      }
    }
    results.push({ row: i + 1, ref: r.ref, name: r.name, identifiers: r.identifiers, hits });
  });
  hooks.progress?.(input.length, input.length);
  if (out) writeFileSync(out, batchToCsv(results, version, threshold));
  return {
    version,
    threshold,
    rows: results.length,
    rowsWithHits: results.filter((r) => r.hits.length > 0).length,
    results,
    out: out ?? null,
  };
}
