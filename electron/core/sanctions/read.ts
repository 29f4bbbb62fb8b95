import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import Papa from 'papaparse';
import { AppError } from '../../../shared/errors.ts';

export type OfacFile = 'sdn' | 'alt' | 'add';

export const COLUMNS: Record<OfacFile, number> = { sdn: 12, alt: 5, add: 6 };

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
    if (!st.isFile()) refuse(file, path, null, 'it is not a file');
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    return refuse(file, path, null, `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (size === 0) refuse(file, path, null, 'the file is empty');

  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const latin = new TextDecoder('windows-1252');
  let legacyEncoding = false;
  let line = 1;
  let lastByte = -1;
  let sawCtrlZ = false;
  let bytes = 0;
  const text: string[] = [];

  // One streamed pass over the bytes: hash, text checks, decoding and progress. The decoded text is
  // parsed once at the end (a few MB), so a refused file costs no parsing and no rows are built twice.
  const stream = createReadStream(path, { highWaterMark: 1 << 18 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) break;
      hash.update(chunk);
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
      const body = end === chunk.length ? chunk : chunk.subarray(0, end);
      if (body.length) lastByte = body[body.length - 1]!;
      if (!legacyEncoding) {
        try {
          text.push(utf8.decode(body, { stream: true }));
        } catch {
          // OFAC's older files were Windows-1252; a file that is not valid UTF-8 is read as that.
          legacyEncoding = true;
          text.push(latin.decode(body, { stream: true }));
        }
      } else text.push(latin.decode(body, { stream: true }));
      bytes += chunk.length;
      onBytes(bytes);
    }
  } finally {
    stream.destroy();
  }
  if (signal?.aborted) throw new AppError('cancelled', 'Import cancelled; nothing was imported.');
  if (lastByte !== 0x0a) refuse(file, path, line, 'the last line has no line end, so the file looks truncated (download it again)');
  text.push(legacyEncoding ? latin.decode() : utf8.decode());
  const rows = parseRows(file, path, text.join(''));
  if (rows.length === 0) refuse(file, path, null, 'it holds no rows');
  return { file, sha256: hash.digest('hex'), bytes, rows };
}

/**
 * Parses the text and checks each row as it goes (column count, ent_num, alt_num/add_num): one
 * pass builds the rows. Line numbers count the line ends inside quoted fields too.
 */
function parseRows(file: OfacFile, path: string, text: string): OfacRow[] {
  const parsed = Papa.parse<string[]>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { delimiter: ',', quoteChar: '"', skipEmptyLines: false });
  const expected = COLUMNS[file];
  const rows: OfacRow[] = [];
  const firstError = parsed.errors[0];
  let line = 1;
  for (let i = 0; i < parsed.data.length; i++) {
    const record = parsed.data[i]!;
    const at = line;
    let spans = 1;
    for (const f of record) if (f.includes('\n')) spans += f.split('\n').length - 1;
    line += spans;
    if (firstError && firstError.row !== undefined && firstError.row <= i) refuse(file, path, at, `it is not valid CSV (${firstError.message})`);
    if (record.length === 1 && record[0]!.trim() === '') continue;
    if (record.length !== expected) {
      refuse(file, path, at, `expected ${expected} columns, found ${record.length} (is this really OFAC's ${file}.csv in the legacy CSV format?)`);
    }
    const ent = record[0]!.trim();
    if (!/^\d+$/.test(ent)) refuse(file, path, at, `the first column (ent_num) must be a number, found "${ent.slice(0, 40)}"`);
    if (file !== 'sdn' && !/^\d+$/.test(record[1]!.trim())) {
      refuse(file, path, at, `the second column (${file === 'alt' ? 'alt_num' : 'add_num'}) must be a number, found "${record[1]!.trim().slice(0, 40)}"`);
    }
    const fields: (string | null)[] = new Array(record.length);
    for (let j = 0; j < record.length; j++) fields[j] = field(record[j]!);
    rows.push({ line: at, fields });
  }
  if (firstError) refuse(file, path, line, `it is not valid CSV (${firstError.message})`);
  return rows;
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
