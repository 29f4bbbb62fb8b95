import type { HandlersFor } from '../handler.ts';
import type { subjectsContract } from '../../../shared/contract/subjects.ts';
import { normaliseIdentifier } from '../../../shared/identifiers.ts';
import { requireActor } from '../context.ts';
import { addSubject, listSubjects, updateSubject } from './repo.ts';
import { addIdentifier, listIdentifiers, removeIdentifier } from '../identifiers/repo.ts';
import { findIdentifier, linkedCases } from '../identifiers/links.ts';
import { identifierGraph } from '../identifiers/graph.ts';

export const subjectsHandlers: HandlersFor<typeof subjectsContract> = {
  'subjects.add': (ctx, { number, ...fields }) => addSubject(ctx.db, requireActor(ctx).name, number, fields),
  'subjects.update': (ctx, { number, id, version, patch }) => updateSubject(ctx.db, requireActor(ctx).name, number, id, version, patch),
  'subjects.list': (ctx, { number }) => listSubjects(ctx.db, number),
  'identifiers.check': (_ctx, { kind, value, qualifier }) => normaliseIdentifier(kind, value, qualifier),
  'identifiers.add': (ctx, input) => addIdentifier(ctx.db, requireActor(ctx).name, input),
  'identifiers.list': (ctx, { number }) => listIdentifiers(ctx.db, number),
  'identifiers.remove': (ctx, { number, id, reason }) => removeIdentifier(ctx.db, requireActor(ctx).name, number, id, reason),
  'identifiers.find': (ctx, { kind, value, qualifier }) => findIdentifier(ctx.db, kind, value, qualifier),
  'identifiers.linkedCases': (ctx, { number }) => linkedCases(ctx.db, number),
  'identifiers.graph': (ctx, { number, depth, maxNodes }) => identifierGraph(ctx.db, { ...(number && { number }), depth, maxNodes }),
};
