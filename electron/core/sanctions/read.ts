import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
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
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, info: true, bom: true });
  const rows: OfacRow[] = [];
  const expected = COLUMNS[file];

  let failure: unknown = null;
  const consume = (async () => {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = rec;
      if (record.length !== expected) {
        refuse(file, path, info.lines, `expected ${expected} columns, found ${record.length} (is this really OFAC's ${file}.csv in the legacy CSV format?)`);
      }
      const ent = record[0]!.trim();
      if (!/^\d+$/.test(ent)) refuse(file, path, info.lines, `the first column (ent_num) must be a number, found "${ent.slice(0, 40)}"`);
      if (file !== 'sdn' && !/^\d+$/.test(record[1]!.trim())) {
        refuse(file, path, info.lines, `the second column (${file === 'alt' ? 'alt_num' : 'add_num'}) must be a number, found "${record[1]!.trim().slice(0, 40)}"`);
      }
      rows.push({ line: info.lines, fields: record.map(field) });
    }
  })();
  const settled = consume.then(
    () => {},
    (e: unknown) => {
      failure = e;
    },
  );

  const stream = createReadStream(path, { highWaterMark: 1 << 18 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted || failure) break;
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
      let text: string;
      if (!legacyEncoding) {
        try {
          text = utf8.decode(body, { stream: true });
        } catch {
          // OFAC's older files were Windows-1252; a file that is not valid UTF-8 is read as that.
          legacyEncoding = true;
          text = latin.decode(body, { stream: true });
        }
      } else text = latin.decode(body, { stream: true });
      if (!parser.write(text)) await Promise.race([new Promise((r) => parser.once('drain', r)), settled]);
      bytes += chunk.length;
      onBytes(bytes);
    }
  } catch (e) {
    stream.destroy();
    parser.destroy();
    await settled;
    throw e;
  }
  if (failure) return rethrow(file, path, failure);
  if (signal?.aborted) {
    stream.destroy();
    parser.destroy();
    await settled;
    throw new AppError('cancelled', 'Import cancelled; nothing was imported.');
  }
  if (lastByte !== 0x0a) {
    parser.destroy();
    await settled;
    refuse(file, path, line, 'the last line has no line end, so the file looks truncated (download it again)');
  }
  parser.end();
  await settled;
  if (failure) return rethrow(file, path, failure);
  if (rows.length === 0) refuse(file, path, null, 'it holds no rows');
  return { file, sha256: hash.digest('hex'), bytes, rows };
}

function rethrow(file: OfacFile, path: string, e: unknown): never {
  if (e instanceof AppError) throw e;
  const err = e as Error & { lines?: number };
  return refuse(file, path, err.lines ?? null, `it is not valid CSV (${err.message})`);
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
