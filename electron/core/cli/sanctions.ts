import { resolve } from 'node:path';
import { decimal, int, str, UsageError, type CliCommand } from './types.ts';

const abs = (v: unknown): string | undefined => (typeof v === 'string' ? resolve(v) : undefined);

export const sanctionsCommands: CliCommand[] = [
  {
    path: ['sanctions', 'import'],
    usage: 'sanctions import (--sdn FILE [--alt FILE] [--add FILE] [--comments FILE] | --consolidated --prim FILE [--alt FILE] [--add FILE] [--comments FILE]) [--published YYYY-MM-DD] [--rescreen]   (--consolidated: OFAC\'s Consolidated (non-SDN) list, cons_*.csv; --rescreen: then screen every open case again)',
    options: {
      sdn: { type: 'string' }, alt: { type: 'string' }, add: { type: 'string' }, comments: { type: 'string' }, published: { type: 'string' }, rescreen: { type: 'boolean' },
      consolidated: { type: 'boolean' }, prim: { type: 'string' },
    },
    run: async (_ctx, io, v) => {
      const cons = v.consolidated === true;
      if (cons && v.sdn !== undefined) throw new UsageError('--consolidated takes --prim cons_prim.csv, not --sdn');
      if (!cons && v.prim !== undefined) throw new UsageError('--prim is for the Consolidated list: add --consolidated');
      const sdn = abs(cons ? v.prim : v.sdn);
      if (!sdn) throw new UsageError(cons ? '--prim FILE is required (OFAC\'s cons_prim.csv)' : '--sdn FILE is required (OFAC\'s sdn.csv)');
      const result = await io.call('sanctions.import', {
        sdn,
        ...(cons && { list: 'CONS' as const }),
        ...(v.alt !== undefined && { alt: abs(v.alt) }),
        ...(v.add !== undefined && { add: abs(v.add) }),
        ...(v.comments !== undefined && { comments: abs(v.comments) }),
        ...(v.published !== undefined && { published: str(v.published) }),
      });
      if (v.rescreen !== true) return { value: result };
      return { value: { ...result, rescreened: await io.call('sanctions.rescreenOpenCases', { version: result.version }) } };
    },
  },
  {
    path: ['sanctions', 'versions'],
    usage: 'sanctions versions',
    run: async (_ctx, io) => ({ value: await io.call('sanctions.versions', {}) }),
  },
  {
    path: ['sanctions', 'screen'],
    usage: 'sanctions screen (--name "NAME" [--type individual|entity] [--dob YYYY-MM-DD] [--nationality KP] [--gender male|female] [--limit N] [--threshold 0.85] | --identifier VALUE) [--version N]',
    options: { name: { type: 'string' }, identifier: { type: 'string' }, type: { type: 'string' }, limit: { type: 'string' }, threshold: { type: 'string' }, version: { type: 'string' }, dob: { type: 'string' }, nationality: { type: 'string' }, gender: { type: 'string' } },
    run: async (_ctx, io, v) => {
      const version = int(v.version, 'version');
      if ((v.name === undefined) === (v.identifier === undefined)) throw new UsageError('give exactly one of --name or --identifier');
      if (v.identifier !== undefined) {
        return { value: await io.call('sanctions.screenIdentifier', { value: str(v.identifier) ?? '', ...(version !== undefined && { version }) }) };
      }
      const type = str(v.type);
      if (type !== undefined && type !== 'individual' && type !== 'entity') throw new UsageError(`--type must be individual or entity; got "${type}"`);
      const limit = int(v.limit, 'limit');
      const threshold = decimal(v.threshold, '--threshold');
      return {
        value: await io.call('sanctions.screenName', {
          name: str(v.name) ?? '',
          ...(type !== undefined && { type }),
          ...(limit !== undefined && { limit }),
          ...(threshold !== undefined && { threshold }),
          ...(version !== undefined && { version }),
          ...(str(v.dob) !== undefined && { dob: str(v.dob) }),
          ...(str(v.nationality) !== undefined && { nationality: str(v.nationality) }),
          ...(str(v.gender) !== undefined && { gender: str(v.gender)!.toLowerCase() as 'male' | 'female' }),
        }),
      };
    },
  },
  {
    path: ['sanctions', 'screen-file'],
    usage: 'sanctions screen-file FILE.csv [--out RESULTS.csv] [--threshold 0.85] [--version N]   (header row with a name column; optional ref, type, identifier columns)',
    positionals: { min: 1, max: 1 },
    options: { out: { type: 'string' }, threshold: { type: 'string' }, version: { type: 'string' } },
    run: async (_ctx, io, v, [file]) => {
      const version = int(v.version, 'version');
      const threshold = decimal(v.threshold, '--threshold');
      const r = await io.call('sanctions.screenFile', {
        file: resolve(file!),
        ...(v.out !== undefined && { out: abs(v.out) }),
        ...(threshold !== undefined && { threshold }),
        ...(version !== undefined && { version }),
      });
      // Clean rows are in the CSV; on the terminal only the rows that need a look.
      return { value: { ...r, results: r.results.filter((x) => x.hits.length > 0) } };
    },
  },
  {
    path: ['sanctions', 'screen-case'],
    usage: 'sanctions screen-case CASE [--version N]   (screens every subject, alias and identifier; the result is filed as an exhibit)',
    positionals: { min: 1, max: 1 },
    options: { version: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => {
      const version = int(v.version, 'version');
      return { value: await io.call('sanctions.screenCase', { number: number!, ...(version !== undefined && { version }) }) };
    },
  },
  {
    path: ['sanctions', 'hits'],
    usage: 'sanctions hits CASE   (every screening of the case with its hits and decisions)',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('sanctions.caseScreenings', { number: number! }) }),
  },
  {
    path: ['sanctions', 'confirm'],
    usage: 'sanctions confirm CASE HIT --reason TEXT   (a true match: EN-01 or PY-07 becomes present)',
    positionals: { min: 2, max: 2 },
    options: { reason: { type: 'string' } },
    run: async (_ctx, io, v, [number, hit]) => ({
      value: await io.call('sanctions.decideHit', { number: number!, hit: int(hit, 'hit') ?? 0, decision: 'confirmed', reason: str(v.reason) ?? '' }),
    }),
  },
  {
    path: ['sanctions', 'dismiss'],
    usage: 'sanctions dismiss CASE HIT --reason TEXT   (a false positive)',
    positionals: { min: 2, max: 2 },
    options: { reason: { type: 'string' } },
    run: async (_ctx, io, v, [number, hit]) => ({
      value: await io.call('sanctions.decideHit', { number: number!, hit: int(hit, 'hit') ?? 0, decision: 'dismissed', reason: str(v.reason) ?? '' }),
    }),
  },
  {
    path: ['sanctions', 'rescreen'],
    usage: 'sanctions rescreen [--version N]   (screens every open case again, e.g. after importing a new list version)',
    options: { version: { type: 'string' } },
    run: async (_ctx, io, v) => {
      const version = int(v.version, 'version');
      return { value: await io.call('sanctions.rescreenOpenCases', { ...(version !== undefined && { version }) }) };
    },
  },
  {
    path: ['sanctions', 'threshold'],
    usage: 'sanctions threshold [VALUE]   (show, or set the "possible match" threshold, 0.5–1; default 0.85)',
    positionals: { min: 0, max: 1 },
    run: async (_ctx, io, _v, [value]) => {
      if (value === undefined) return { value: await io.call('sanctions.settings', {}) };
      const threshold = decimal(value, 'the threshold')!;
      return { value: await io.call('sanctions.setThreshold', { threshold }) };
    },
  },
];
