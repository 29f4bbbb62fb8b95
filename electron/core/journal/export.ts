import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Ctx } from '../context.ts';
import { appendAudit } from '../audit/chain.ts';
import { getCase } from '../cases/repo.ts';
import { assertWritableTarget, writeFileAtomic } from '../files/write.ts';
import { AppError } from '../../../shared/errors.ts';
import { csvLine } from '../../../shared/sanctions/csv.ts';
import { TIMELINE_KIND_LABELS, type TimelineEntry, type TimelineKind } from '../../../shared/journal.ts';
import { assembleTimeline } from './timeline.ts';
import { listObservables, observablesCsv } from './observables.ts';

/** A full path, or a bare file name that goes to the exports folder beside the database (never wherever the app was started). */
function resolveOut(ctx: Ctx, out: string, what: string): string {
  if (!out.toLowerCase().endsWith('.csv')) throw new AppError('invalid_input', `The file for ${what} must end in .csv (got ${out}).`, { issues: [{ path: 'out', message: 'must end in .csv' }] });
  if (!isAbsolute(out) && basename(out) !== out) {
    throw new AppError('invalid_input', `Give a full path or a plain file name for ${what} (got ${out}).`, { issues: [{ path: 'out', message: 'must be a full path or a file name' }] });
  }
  if (isAbsolute(out)) return out;
  mkdirSync(join(ctx.paths.dataDir, 'exports'), { recursive: true });
  return join(ctx.paths.dataDir, 'exports', out);
}

export const TIMELINE_CSV_HEADER = ['at_utc', 'until_utc', 'as_given', 'kind', 'what_happened', 'source', 'exhibits'];

export function timelineCsv(entries: readonly TimelineEntry[]): string {
  const lines = [csvLine(TIMELINE_CSV_HEADER)];
  for (const e of entries) {
    const given = e.entry ? `${e.entry.local.replace('T', ' ')} ${e.entry.zone}` : '';
    lines.push(csvLine([e.at, e.until, given, TIMELINE_KIND_LABELS[e.kind], e.text, e.source, e.exhibits.join(' ')]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

type Written = { file: string; rows: number; sha256: string };

function writeAndRecord(ctx: Ctx, actor: string, number: string, file: string, body: string, rows: number, entity: string, what: string): Written {
  writeFileAtomic(file, body, what);
  const sha256 = createHash('sha256').update(body, 'utf8').digest('hex');
  // The export is recorded in the case's trail: case data left the app, in this file, with this hash.
  ctx.db.transaction(() => {
    const c = getCase(ctx.db, number);
    appendAudit(ctx.db, actor, { caseId: c.id, entity, entityId: null, action: 'exported', after: { file: basename(file), rows, sha256 } });
  }).immediate();
  return { file, rows, sha256 };
}

export function exportTimeline(ctx: Ctx, actor: string, number: string, out: string, kinds?: readonly TimelineKind[]): Written {
  const file = resolveOut(ctx, out, 'the timeline');
  assertWritableTarget(file, 'the timeline');
  const entries = assembleTimeline(ctx.db, number, kinds);
  return writeAndRecord(ctx, actor, number, file, timelineCsv(entries), entries.length, 'timeline', 'the timeline');
}

export function exportObservables(ctx: Ctx, actor: string, number: string, out: string): Written {
  const file = resolveOut(ctx, out, 'the identifiers');
  assertWritableTarget(file, 'the identifiers');
  const rows = listObservables(ctx.db, number);
  return writeAndRecord(ctx, actor, number, file, observablesCsv(rows), rows.length, 'identifier', 'the identifiers');
}
