import { resolve } from 'node:path';
import type { Ctx } from '../context.ts';
import type { Db } from '../db/connection.ts';
import { ingestFile, storeOf, type StoredBlob } from '../evidence/store.ts';
import { insertExhibits } from '../evidence/repo.ts';
import { safeOriginalName } from '../evidence/service.ts';

/** Copies the imported file into the evidence store (content-addressed) before the import's transaction. */
export function storeImportedFile(ctx: Ctx, path: string, signal: AbortSignal): Promise<StoredBlob> {
  const abs = resolve(path);
  return ingestFile(storeOf(ctx), abs, abs, { signal });
}

/**
 * Files the imported log as an exhibit of the case, with its custody event, inside the import's
 * transaction. The same file already filed in the case keeps its exhibit number.
 */
export function fileImportExhibit(db: Db, actor: string, number: string, fileName: string, blob: StoredBlob, what: 'logins' | 'devices' = 'logins'): string {
  const name = safeOriginalName(fileName);
  const r = insertExhibits(db, actor, number, [{
    kind: 'file',
    title: what === 'logins' ? `Login records: ${name}` : `Device inventory: ${name}`,
    description: what === 'logins' ? 'Imported as login/access records for the activity detectors.' : 'Imported as the company device inventory (MDM/EDR export) for the device detectors.',
    source: 'activity import',
    acquiredAt: undefined, originalName: name, size: blob.size, mime: blob.mime, sha256: blob.sha256, url: null, body: null,
  }]);
  return r.added[0]?.number ?? r.duplicates[0]!.exhibit;
}
