import type { HandlersFor } from '../handler.ts';
import type { evidenceContract } from '../../../shared/contract/evidence.ts';
import { requireActor } from '../context.ts';
import { custodyEvents, linkSubject, listExhibits, retractExhibit, updateExhibit } from './repo.ts';
import { findOrphans } from './orphans.ts';
import { addBytes, addFiles, addNote, addUrl, exportExhibit, verifyEvidence, viewExhibit } from './service.ts';

export const evidenceHandlers: HandlersFor<typeof evidenceContract> = {
  'evidence.addFiles': (ctx, input) => addFiles(ctx, input),
  'evidence.addBytes': (ctx, input) => addBytes(ctx, input),
  'evidence.addNote': (ctx, input) => addNote(ctx, input),
  'evidence.addUrl': (ctx, input) => addUrl(ctx, input),
  'evidence.list': (ctx, { number }) => listExhibits(ctx.db, number),
  'evidence.custody': (ctx, { number, exhibit }) => custodyEvents(ctx.db, number, exhibit),
  'evidence.view': (ctx, { number, exhibit }) => viewExhibit(ctx, number, exhibit),
  'evidence.export': (ctx, { number, exhibit, directory }) => exportExhibit(ctx, number, exhibit, directory),
  'evidence.retract': (ctx, { number, exhibit, reason }) => retractExhibit(ctx.db, requireActor(ctx).name, number, exhibit, reason),
  'evidence.update': (ctx, { number, exhibit, patch, reason }) => updateExhibit(ctx.db, requireActor(ctx).name, number, exhibit, patch, reason),
  'evidence.linkSubject': (ctx, { number, exhibit, subjectId }) => linkSubject(ctx.db, requireActor(ctx).name, number, exhibit, subjectId),
  'evidence.verify': (ctx, scope) => verifyEvidence(ctx, scope),
  'evidence.orphans': (ctx, { repair }) => {
    if (repair) requireActor(ctx);
    return findOrphans(ctx, repair);
  },
};
