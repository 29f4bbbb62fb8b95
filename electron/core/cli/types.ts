import type { ParseArgsOptionsConfig } from 'node:util';
import type { Channel, Input, Output } from '../../../shared/contract/index.ts';
import type { Ctx } from '../context.ts';

export type CliValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export type CliIo = {
  /** Runs an operation through the handler table; a failure is thrown as an AppError. */
  call: <C extends Channel>(channel: C, input: Input<C>) => Promise<Output<C>>;
  /** Progress for long work, written to stderr so that stdout stays JSON. */
  progress: (message: string) => void;
};

export type CliResult = { value: unknown; exitCode?: number };

export type CliCommand = {
  path: string[];
  usage: string;
  options?: ParseArgsOptionsConfig;
  positionals?: { min: number; max?: number };
  run: (ctx: Ctx, io: CliIo, values: CliValues, positionals: string[]) => Promise<CliResult> | CliResult;
  /** A command that works on the files itself (passphrase change, restore): the database is not opened first. */
  standalone?: (args: { dbFile: string; values: CliValues; positionals: string[]; progress: (message: string) => void }) => Promise<CliResult>;
};

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** Parses a number given on the command line, naming the flag when it is not one. */
export function int(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n)) throw new UsageError(`--${flag} must be a whole number (got "${String(v)}")`);
  return n;
}

export class UsageError extends Error {}
