import { statSync } from 'node:fs';
import { readCsv } from '../files/csv.ts';
import { quoteInput } from '../../../shared/quote.ts';
import { AppError } from '../../../shared/errors.ts';

/**
 * OFAC's legacy CSV files: the SDN list (sdn, alt, add, sdn_comments) and the Consolidated (non-SDN)
 * list in the same shapes (cons_prim, cons_alt, cons_add, cons_comments). A comments file holds
 * ent_num and the rest of a remarks field too long for the main file.
 */
export type OfacFile = 'sdn' | 'alt' | 'add' | 'sdn_comments' | 'cons_prim' | 'cons_alt' | 'cons_add' | 'cons_comments';

export const COLUMNS: Record<OfacFile, number> = { sdn: 12, alt: 5, add: 6, sdn_comments: 2, cons_prim: 12, cons_alt: 5, cons_add: 6, cons_comments: 2 };

/** Files whose second column is a number (alt_num, add_num). */
const NUMBERED: Partial<Record<OfacFile, string>> = { alt: 'alt_num', add: 'add_num', cons_alt: 'alt_num', cons_add: 'add_num' };

export type OfacRow = { line: number; fields: (string | null)[] };

export type ReadFile = { file: OfacFile; sha256: string; bytes: number; rows: OfacRow[] };

const refuse = (file: OfacFile, path: string, line: number | null, reason: string): never => {
  throw new AppError('invalid_input', `${file}.csv (${path}) was refused${line === null ? '' : ` at line ${line}`}: ${reason}. Nothing was imported.`, {
    details: { file, path, line, reason },
  });
};

/** `-0-` (OFAC's empty) and blank fields are null; everything else is trimmed text. */
const field = (s: string): string | null => {
  const t = s.trim();
  return t === '' || t === '-0-' ? null : t;
};

const CTRL_Z = 0x1a;

/**
 * Streams one OFAC legacy CSV file: hashes it, checks that it is text, strips the trailing Ctrl-Z,
 * and checks every row's column count and ent_num. A file that is empty, binary, cut off in the
 * middle of a line or shaped like another file is refused whole, with the line and the reason.
 */
export async function readOfacFile(
  file: OfacFile,
  path: string,
  signal: AbortSignal | undefined,
  onBytes: (bytes: number) => void,
): Promise<ReadFile> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) refuse(file, path, null, 'it is not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    return refuse(file, path, null, `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (size === 0) refuse(file, path, null, 'the file is empty');

  let line = 1;
  let lastByte = -1;
  let sawCtrlZ = false;
  const expected = COLUMNS[file];
  const raw: { line: number; record: string[] }[] = [];

  // One streamed pass: the shared reader hashes, decodes (UTF-8, else Windows-1252, as OFAC's older
  // files were) and parses; the bytes are checked here on the way (control bytes, data after Ctrl-Z).
  let result;
  try {
    result = await readCsv(path, {
      signal,
      label: `${file}.csv (${path})`,
      encoding: 'utf-8-or-windows-1252',
      onProgress: (b) => onBytes(b),
      onBytes: (chunk) => {
        if (sawCtrlZ && chunk.some((b) => b !== CTRL_Z)) refuse(file, path, line, 'there is data after the end-of-file mark (Ctrl-Z)');
        let end = chunk.indexOf(CTRL_Z);
        if (end >= 0) {
          sawCtrlZ = true;
          if (chunk.subarray(end).some((b) => b !== CTRL_Z)) refuse(file, path, line + countLines(chunk, end), 'there is data after the end-of-file mark (Ctrl-Z)');
        } else end = chunk.length;
        const bad = findControlByte(chunk, end);
        if (bad >= 0) {
          refuse(file, path, line + countLines(chunk, bad), `it holds a binary control byte 0x${chunk[bad]!.toString(16).padStart(2, '0')}, so it is not a text CSV file`);
        }
        line += countLines(chunk, end);
        if (end > 0) lastByte = chunk[end - 1]!;
      },
    }, (record, at) => {
      if (record.length === 1 && record[0]!.trim() === '') return;
      raw.push({ line: at, record });
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'cancelled') throw new AppError('cancelled', 'Import cancelled; nothing was imported.');
    throw e;
  }
  if (lastByte !== 0x0a) refuse(file, path, line, 'the last line has no line end, so the file looks truncated (download it again)');
  // The rows are checked once the whole file is known to be there (a cut-off file is refused as that).
  const rows: OfacRow[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const { line: at, record } = raw[i]!;
    if (record.length !== expected) {
      refuse(file, path, at, `expected ${expected} columns, found ${record.length} (is this really OFAC's ${file}.csv in the legacy CSV format?)`);
    }
    const ent = record[0]!.trim();
    if (!/^\d+$/.test(ent)) refuse(file, path, at, `the first column (ent_num) must be a number, found "${quoteInput(ent, 40)}"`);
    if (NUMBERED[file] && !/^\d+$/.test(record[1]!.trim())) {
      refuse(file, path, at, `the second column (${NUMBERED[file]}) must be a number, found "${quoteInput(record[1]!.trim(), 40)}"`);
    }
    const fields: (string | null)[] = new Array(record.length);
    for (let j = 0; j < record.length; j++) fields[j] = field(record[j]!);
    rows[i] = { line: at, fields };
    raw[i] = undefined as never;
  }
  if (rows.length === 0) refuse(file, path, null, 'it holds no rows');
  return { file, sha256: result.sha256, bytes: result.bytes, rows };
}

const countLines = (chunk: Buffer, end: number): number => {
  let n = 0;
  for (let i = chunk.indexOf(0x0a); i >= 0 && i < end; i = chunk.indexOf(0x0a, i + 1)) n++;
  return n;
};

// oxlint-disable-next-line no-control-regex -- the point is to find control bytes
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u0019\u001b-\u001f]/;

/** The offset of the first byte that cannot be in a text CSV (latin1 maps each byte to one char), or -1. */
function findControlByte(chunk: Buffer, end: number): number {
  const text = chunk.toString('latin1', 0, end);
  const m = CONTROL.exec(text);
  return m ? m.index : -1;
}
