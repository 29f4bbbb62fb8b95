import type { ParseArgsOptionsConfig } from 'node:util';
import type { Channel, Input, Output } from '../../../shared/contract/index.ts';
import type { Ctx } from '../context.ts';
import { quoteInput } from '../../../shared/quote.ts';

export type CliValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export type CliIo = {
  /** Runs an operation through the handler table; a failure is thrown as an AppError. */
  call: <C extends Channel>(channel: C, input: Input<C>) => Promise<Output<C>>;
  /** Progress for long work, written to stderr so that stdout stays JSON. */
  progress: (message: string) => void;
  /** The acting user's passphrase this call was opened with. */
  passphrase: string;
  /** The passphrase for a signature: asked again on a terminal, else the one from the environment. */
  signingPassphrase: () => Promise<string>;
};

export type CliResult = { value: unknown; exitCode?: number };

export type CliCommand = {
  path: string[];
  usage: string;
  options?: ParseArgsOptionsConfig;
  positionals?: { min: number; max?: number };
  run: (ctx: Ctx, io: CliIo, values: CliValues, positionals: string[]) => Promise<CliResult> | CliResult;
  /** Whether this command may start a new database (first registration); every other refuses a missing one. */
  createsDatabase?: boolean;
  /** A command that works on the files itself (passphrase change, restore): the database is not opened first. */
  standalone?: (args: { dbFile: string; values: CliValues; positionals: string[]; progress: (message: string) => void }) => Promise<CliResult>;
};

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** Parses a whole number given on the command line (plain decimal digits only), naming the flag when it is not one. */
export function int(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?\d{1,15}$/.test(v)) throw new UsageError(`--${flag} must be a whole number (got "${quoteInput(String(v))}")`);
  return Number(v);
}

/**
 * Parses a decimal number given on the command line: digits with at most one decimal point, no
 * spaces, no hexadecimal or binary forms, no exponent (`0x10`, `0b11`, `' 7 '` and `''` are refused).
 */
export function decimal(v: unknown, what: string, example = '0.85'): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?(\d{1,15}(\.\d{1,15})?|\.\d{1,15})$/.test(v)) throw new UsageError(`${what} must be a decimal number such as ${example} (got "${quoteInput(String(v))}")`);
  return Number(v);
}

export class UsageError extends Error {}
