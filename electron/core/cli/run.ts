import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, type ErrorBody } from '../../../shared/errors.ts';
import { quoteInput } from '../../../shared/quote.ts';
import { toErrorBody } from '../errors.ts';
import type { Channel, Input, Output } from '../../../shared/contract/index.ts';
import { invoke } from '../api.ts';
import { defaultDataDir, openCore, type Unlock } from '../app.ts';
import { encryptExisting, plainState } from '../crypto/encrypt-existing.ts';
import { keyFilePath, kdfProfileFromEnv, unlockAsUser } from '../crypto/keys.ts';
import { passphraseFor, PASSPHRASE_ENV, promptHidden } from '../crypto/passphrase.ts';
import type { Ctx } from '../context.ts';
import type { Actor } from '../../../shared/session.ts';
import { actorOf, currentUser, findUser, listUsers, userCount } from '../session/users.ts';
import { isOwnPassphrase } from '../session/signing.ts';
import { COMMANDS } from './index.ts';
import { UsageError, type CliCommand, type CliIo } from './types.ts';

const EXIT_OK = 0;
const EXIT_CHECK_FAILED = 1;
const EXIT_USAGE = 2;

function usage(): string {
  return [
    'Usage: casebook [--db PATH] [--user NAME] <command> [options]',
    '',
    `  --db PATH     the database file (default: ${join(defaultDataDir(), 'casebook.db')})`,
    '  --user NAME   who is acting for this call (default: the saved user, i.e. whoever signed in last; otherwise the user the passphrase belongs to)',
    '',
    'The database is encrypted and each user has a passphrase of their own: the acting user\'s comes from CASEBOOK_PASSPHRASE, else a prompt on the terminal (never an argument).',
    'A new database: `login NAME --role officer|counsel` (or `users add`) makes NAME its first user and administrator.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage}`),
    '',
    'Output is JSON on stdout; errors go to stderr. Exit 0 on success, 1 on a failed check, 2 on bad usage or invalid input.',
  ].join('\n');
}

function takeGlobal(argv: string[]): { db?: string; user?: string; help: boolean; rest: string[] } {
  const rest: string[] = [];
  let db: string | undefined;
  let user: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (name === '--db' || name === '--user') {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      if (name === '--db') db = value;
      else user = value;
    } else if (a === '--help' || a === '-h') help = true;
    else rest.push(a);
  }
  return { db, user, help, rest };
}

function findCommand(words: string[]): CliCommand | undefined {
  return COMMANDS.filter((c) => c.path.every((p, i) => words[i] === p)).sort((a, b) => b.path.length - a.path.length)[0];
}

/** An error body with its message and issues cut to a readable length (a 10 MB cell is not echoed whole). */
const capBody = (body: ErrorBody): ErrorBody => ({
  ...body,
  message: quoteInput(body.message, 2000),
  ...(body.issues && { issues: body.issues.slice(0, 100).map((i) => ({ path: quoteInput(i.path, 200), message: quoteInput(i.message, 500) })) }),
});

const exitFor = (code: AppError['code']) => (code === 'check_failed' || code === 'internal' ? EXIT_CHECK_FAILED : EXIT_USAGE);

/**
 * Who acts for this call. `--user` (checked against the passphrase); else the saved user when the
 * passphrase is theirs; else the user whose slot the passphrase opened. A database with no users
 * yet has no actor: only the first user's registration runs there.
 */
function actingUser(ctx: Ctx, named: string | undefined, slotUser: string | null, passphrase: string, _command: CliCommand): Actor | null {
  // No users yet: nobody acts (a change asks for the first user's registration: `casebook login NAME --role …`).
  if (userCount(ctx.db) === 0) return null;
  const saved = currentUser(ctx.db);
  const candidates = named !== undefined ? [named] : [...(saved ? [saved.name] : []), ...(slotUser ? [slotUser] : [])];
  for (const name of candidates) {
    const u = findUser(ctx.db, name);
    if (!u) continue;
    // A user's own slot opened: that is them. Otherwise (the slot from before users had their own, or the saved user) check it.
    if ((slotUser !== null && slotUser.toLowerCase() === u.name.toLowerCase()) || isOwnPassphrase(ctx, u.name, passphrase)) return actorOf(u);
  }
  // The slot from before users had their own opened: it is the administrator's.
  const admin = named === undefined && slotUser === null ? listUsers(ctx.db).find((u) => u.admin) : undefined;
  if (admin && isOwnPassphrase(ctx, admin.name, passphrase)) return actorOf(admin);
  throw new AppError('forbidden', named !== undefined ? `Unknown user or wrong passphrase for ${quoteInput(named)}.` : 'This passphrase does not belong to a user of this database; give --user NAME with that user\'s passphrase.');
}

/** The passphrase for a signature: asked again on a terminal; a script gives it in CASEBOOK_PASSPHRASE. */
async function signingPassphrase(used: string): Promise<string> {
  if (process.env[PASSPHRASE_ENV]) return used;
  if (!process.stdin.isTTY) return used;
  return promptHidden('Your passphrase, to sign: ');
}

/** Runs one CLI invocation; returns the exit code. Output goes to the given streams. */
export async function runCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  let global;
  try {
    global = takeGlobal(argv);
  } catch (e) {
    err(`${(e as Error).message}\n\n${usage()}\n`);
    return EXIT_USAGE;
  }
  const command = findCommand(global.rest);
  if (global.help || !command) {
    if (!global.help) err(global.rest.length ? `Unknown command: ${quoteInput(global.rest.join(' '))}\n\n` : '');
    (global.help ? out : err)(`${usage()}\n`);
    return global.help ? EXIT_OK : EXIT_USAGE;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: global.rest.slice(command.path.length),
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    });
    const min = command.positionals?.min ?? 0;
    const max = command.positionals?.max ?? min;
    if (parsed.positionals.length < min || (max !== Infinity && parsed.positionals.length > max)) {
      throw new UsageError(`expected ${min === max ? min : `${min} to ${max === Infinity ? 'any number of' : max}`} argument(s), got ${parsed.positionals.length}`);
    }
  } catch (e) {
    err(`${(e as Error).message}\nUsage: casebook ${command.usage}\n`);
    return EXIT_USAGE;
  }

  const dbFile = resolve(global.db ?? join(defaultDataDir(), 'casebook.db'));
  if (command.standalone) {
    try {
      const result = await command.standalone({ dbFile, values: parsed.values, positionals: parsed.positionals, progress: (m) => process.stderr.isTTY && err(`\r${m}`) });
      out(`${JSON.stringify(result.value, null, 2)}\n`);
      return result.exitCode ?? EXIT_OK;
    } catch (e) {
      if (e instanceof UsageError) {
        err(`${e.message}\nUsage: casebook ${command.usage}\n`);
        return EXIT_USAGE;
      }
      if (e instanceof AppError) {
        err(`${JSON.stringify({ error: capBody(e.toBody()) }, null, 2)}\n`);
        return exitFor(e.code);
      }
      const body = toErrorBody(e, dbFile);
      err(body.code === 'internal' ? `Unexpected error: ${quoteInput(e instanceof Error ? (e.stack ?? e.message) : String(e), 4000)}\n` : `${JSON.stringify({ error: capBody(body) }, null, 2)}\n`);
      return body.code === 'internal' ? EXIT_CHECK_FAILED : exitFor(body.code);
    }
  }
  // A mistyped --db must not start a new, empty database that then "verifies" fine: only the first
  // registration (login, users add) creates one.
  if (!command.createsDatabase && !existsSync(dbFile)) {
    err(`There is no Casebook database at ${dbFile}. Check --db; to start a new database there, register first: casebook --db ${JSON.stringify(dbFile)} login NAME --role officer\n`);
    return EXIT_USAGE;
  }
  let core;
  let passphrase: string;
  try {
    const hasKey = existsSync(keyFilePath(dbFile));
    passphrase = await passphraseFor(hasKey ? 'open' : 'create');
    let unlock: Unlock = { passphrase, kdf: kdfProfileFromEnv() };
    let slotUser: string | null = null;
    const plain = existsSync(dbFile) ? plainState(dbFile) : null;
    if (plain && (plain.plainDatabase || plain.plainEvidence > 0)) {
      // A database from a Casebook without encryption (or a migration that was interrupted): encrypted in place first.
      err(`Encrypting ${dbFile} and its evidence folder (first start of this version)…\n`);
      const r = await encryptExisting(dbFile, passphrase, { kdf: kdfProfileFromEnv(), onProgress: (phase, done, total) => process.stderr.isTTY && err(`\r${phase} ${done}/${total}`) });
      if (r.evidence.damaged.length) err(`${r.evidence.damaged.length} evidence file(s) did not match their SHA-256 and were left as they were: ${r.evidence.damaged.join(', ')}\n`);
      unlock = { vault: r.vault };
    } else if (hasKey) {
      // The passphrase says who is acting: --user's own slot, else whichever user's it opens.
      const opened = unlockAsUser(dbFile, passphrase, global.user);
      unlock = { vault: opened.vault };
      slotUser = opened.slotUser;
    }
    core = openCore({ dbFile, unlock });
    core.ctx.actor = actingUser(core.ctx, global.user, slotUser, passphrase, command);
  } catch (e) {
    core?.close();
    const body = toErrorBody(e, dbFile);
    err(`${quoteInput(body.message, 2000)}\n`);
    return exitFor(body.code);
  }
  const { ctx } = core;
  const io: CliIo = {
    call: async <C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> => {
      const result = await invoke(ctx, channel, input);
      if (!result.ok) throw new AppError(result.error.code, result.error.message, { ...(result.error.issues && { issues: result.error.issues }), details: result.error.details });
      return result.value as Output<C>;
    },
    progress: (message) => {
      if (process.stderr.isTTY) err(`\r${message}`);
    },
    passphrase,
    signingPassphrase: () => signingPassphrase(passphrase),
  };
  const abort = () => ctx.jobs.cancelAll();
  process.once('SIGINT', abort);
  try {
    const result = await command.run(ctx, io, parsed.values, parsed.positionals);
    out(`${JSON.stringify(result.value, null, 2)}\n`);
    return result.exitCode ?? EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${quoteInput(e.message, 2000)}\nUsage: casebook ${command.usage}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof AppError) {
      err(`${JSON.stringify({ error: capBody(e.toBody()) }, null, 2)}\n`);
      return exitFor(e.code);
    }
    const body = toErrorBody(e, dbFile);
    if (body.code !== 'internal') {
      err(`${JSON.stringify({ error: capBody(body) }, null, 2)}\n`);
      return exitFor(body.code);
    }
    err(`Unexpected error: ${quoteInput(e instanceof Error ? (e.stack ?? e.message) : String(e), 4000)}\n`);
    return EXIT_CHECK_FAILED;
  } finally {
    process.off('SIGINT', abort);
    core.close();
  }
}
