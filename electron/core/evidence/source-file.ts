import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** A file the user gives: a path on this computer, or the bytes of an upload with its name. */
export type FileSource = { path?: string | undefined; file?: { name: string; base64: string } | undefined };

/**
 * Runs `fn` on a path: the given one, or a temporary copy of uploaded bytes under the data folder
 * (named by a random id, never by the upload's name), removed afterwards.
 */
export async function withSourceFile<T>(dataDir: string, src: FileSource, fn: (path: string, name: string) => Promise<T>): Promise<T> {
  if (src.path !== undefined) return fn(src.path, basename(src.path));
  const dir = join(dataDir, 'tmp');
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${randomUUID()}.upload`);
  writeFileSync(tmp, Buffer.from(src.file!.base64, 'base64'));
  try {
    return await fn(tmp, src.file!.name);
  } finally {
    rmSync(tmp, { force: true });
  }
}
