import { showInvisible } from '../text.ts';
import type { BatchRow, VersionRef } from './types.ts';

/**
 * A cell a spreadsheet would run as a formula: one starting with =, +, -, @ (or their full-width
 * forms) or |, also after leading spaces or control characters (spreadsheets skip those), and one
 * starting with a tab or a line break (OWASP, "CSV Injection").
 */
// oxlint-disable-next-line no-control-regex -- leading control characters are part of what is checked
const FORMULA_START = /^[\s\u0000-\u001f\u007f\u00a0\u2000-\u200b\u3000\ufeff]*[=+\-@|\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/**
 * One CSV cell; a cell that could run as a formula gets a leading apostrophe, so an imported name
 * cannot execute on export. Invisible and direction-changing characters are written out visibly (⟨U+202E⟩).
 */
export function csvCell(value: string | number | null | undefined): string {
  const raw = value === null || value === undefined ? '' : String(value);
  let s = showInvisible(raw);
  if (typeof value === 'string' && (FORMULA_START.test(raw) || FORMULA_START.test(s))) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: (string | number | null | undefined)[]): string => cells.map(csvCell).join(',');

export const BATCH_CSV_HEADER = ['row', 'ref', 'name', 'identifiers', 'result', 'score', 'ent_num', 'sdn_name', 'matched', 'why', 'list_version', 'list_published', 'list'];

/** The batch results as CSV: one line per hit, or one line saying "no match" for a clean row. */
export function batchToCsv(rows: BatchRow[], versions: readonly VersionRef[], threshold: number): string {
  const lines = [csvLine(BATCH_CSV_HEADER)];
  const version = versions[0]!;
  const of = (list: string) => versions.find((v) => v.list === list) ?? version;
  const screened = versions.map((v) => v.list).join('+');
  for (const r of rows) {
    const base = [r.row, r.ref, r.name, r.identifiers.join(' ')];
    if (r.hits.length === 0) lines.push(csvLine([...base, 'no match', '', '', '', '', '', versions.map((v) => v.id).join('+'), versions.map((v) => v.published).join('+'), screened]));
    for (const h of r.hits) {
      const result = h.score >= 1 ? 'match' : h.score >= threshold ? 'possible match' : 'below threshold';
      lines.push(csvLine([...base, result, h.score.toFixed(3), h.ent_num, h.name, h.matched, h.why, of(h.list).id, of(h.list).published, h.list]));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
