import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { AppError } from '../../../shared/errors.ts';
import { throwIfCancelled } from '../context.ts';

export type CsvReadOptions = {
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number) => void;
  /** Stop after this many records (previews). */
  limit?: number;
};

const LINE_BREAKS = /\r\n|\r|\n/g;

function encodingOf(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Streams a CSV file to `onRecord(fields, line)`, one record at a time, and hashes the bytes on
 * the way. Handles UTF-8 and UTF-16 (by BOM), CRLF, quoted fields spanning lines and the DOS
 * end-of-file byte (0x1A). `line` is where the record starts, counting every line of the file.
 */
export async function readCsv(path: string, options: CsvReadOptions, onRecord: (fields: string[], line: number) => void): Promise<{ sha256: string; bytes: number }> {
  let total: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    total = st.size;
  } catch {
    throw new AppError('not_found', `Cannot read ${path}: no such file.`);
  }
  const hash = createHash('sha256');
  let line = 1;
  let records = 0;
  let stopped = false;
  const parser = parse({
    relax_column_count: true,
    bom: true,
    on_record: (fields: string[]) => {
      if (stopped) return null;
      const start = line;
      line++;
      for (const f of fields) if (f.includes('\n') || f.includes('\r')) line += f.match(LINE_BREAKS)!.length;
      onRecord(fields, start);
      if (options.limit !== undefined && ++records >= options.limit) stopped = true;
      return null;
    },
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('error', reject);
    parser.on('end', resolve);
    parser.resume();
  });
  // The loop below may stop on a thrown error before awaiting this; its failure is handled there.
  done.catch(() => {});
  // UTF-8 goes to the parser as bytes (it slices fields from buffers itself); UTF-16 is decoded first.
  let decoder: TextDecoder | null | undefined;
  let heldText = '';
  let heldBytes: Buffer = Buffer.alloc(0);
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      throwIfCancelled(options.signal);
      hash.update(chunk);
      bytes += chunk.length;
      if (decoder === undefined) {
        const enc = encodingOf(chunk);
        decoder = enc === 'utf-8' ? null : new TextDecoder(enc);
      }
      // A trailing 0x1A is only end-of-file padding if nothing follows it; hold it until we know.
      if (decoder) {
        const text: string = heldText + decoder.decode(chunk, { stream: true });
        let end = text.length;
        while (end > 0 && text.charCodeAt(end - 1) === 0x1a) end--;
        heldText = text.slice(end);
        if (end > 0) parser.write(text.slice(0, end));
      } else {
        const data: Buffer = heldBytes.length ? Buffer.concat([heldBytes, chunk]) : chunk;
        let end = data.length;
        while (end > 0 && data[end - 1] === 0x1a) end--;
        heldBytes = data.subarray(end);
        if (end > 0) parser.write(data.subarray(0, end));
      }
      options.onProgress?.(bytes, total);
      if (stopped) break;
    }
    if (!stopped && decoder) {
      const tail = decoder.decode();
      if (tail) parser.write(tail);
    }
    parser.end();
    await done;
  } catch (e) {
    stream.destroy();
    parser.destroy();
    if (e instanceof AppError) throw e;
    const err = e as { message?: string; lines?: number };
    throw new AppError('invalid_input', `The file is not valid CSV${err.lines ? ` near line ${err.lines}` : ''}: ${err.message ?? String(e)}. Nothing was imported.`);
  }
  throwIfCancelled(options.signal);
  return { sha256: hash.digest('hex'), bytes };
}
