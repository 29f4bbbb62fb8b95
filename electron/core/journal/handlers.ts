import type { HandlersFor } from '../handler.ts';
import type { journalContract } from '../../../shared/contract/journal.ts';
import { requireActor } from '../context.ts';
import { addEntry, assembleTimeline, removeEntry, updateEntry } from './timeline.ts';
import { addNote, listNotes, updateNote } from './notes.ts';
import { importObservables, listObservables } from './observables.ts';
import { exportObservables, exportTimeline } from './export.ts';

export const journalHandlers: HandlersFor<typeof journalContract> = {
  'timeline.list': (ctx, { number, kinds }) => assembleTimeline(ctx.db, number, kinds),
  'timeline.add': (ctx, input) => addEntry(ctx.db, requireActor(ctx).name, input),
  'timeline.update': (ctx, input) => updateEntry(ctx.db, requireActor(ctx).name, input),
  'timeline.remove': (ctx, { number, id, reason }) => removeEntry(ctx.db, requireActor(ctx).name, number, id, reason),
  'timeline.export': (ctx, { number, out, kinds }) => exportTimeline(ctx, requireActor(ctx).name, number, out, kinds),
  'notes.list': (ctx, { number }) => listNotes(ctx.db, number),
  'notes.add': (ctx, input) => addNote(ctx.db, requireActor(ctx).name, input),
  'notes.update': (ctx, input) => updateNote(ctx.db, requireActor(ctx).name, input),
  'observables.list': (ctx, { number }) => listObservables(ctx.db, number),
  'identifiers.import': (ctx, input) => importObservables(ctx.db, requireActor(ctx).name, input),
  'identifiers.export': (ctx, { number, out }) => exportObservables(ctx, requireActor(ctx).name, number, out),
};
