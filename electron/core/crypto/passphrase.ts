// Where the CLI gets a passphrase: the environment (CASEBOOK_PASSPHRASE, for scripts) or a prompt
// on the terminal with nothing echoed. Never a command-line argument: those show in `ps` and in
// shell history.
import { AppError } from '../../../shared/errors.ts';

export const PASSPHRASE_ENV = 'CASEBOOK_PASSPHRASE';
export const NEW_PASSPHRASE_ENV = 'CASEBOOK_NEW_PASSPHRASE';

/** Reads a line from the terminal without echoing it. */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question);
    let value = '';
    const wasRaw = input.isRaw;
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (err: Error | null) => {
      input.off('data', onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new AppError('cancelled', 'Cancelled.'));
        if (ch === '\u0004') return done(null);
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

const noTerminal = (env: string) =>
  new AppError('invalid_input', `This database is encrypted: give its passphrase in the ${env} environment variable, or run the command on a terminal to be asked for it. It is never taken as an argument.`);

/** The passphrase for opening a database: the environment, else a prompt (asked twice when it creates a new one). */
export async function passphraseFor(purpose: 'open' | 'create', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw noTerminal(PASSPHRASE_ENV);
  if (purpose === 'open') return promptHidden('Passphrase: ');
  return confirmNew('New database: choose a passphrase (at least 12 characters): ');
}

/** A new passphrase: CASEBOOK_NEW_PASSPHRASE, else asked twice on the terminal. */
export async function newPassphrase(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[NEW_PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw noTerminal(NEW_PASSPHRASE_ENV);
  return confirmNew('New passphrase (at least 12 characters): ');
}

async function confirmNew(question: string): Promise<string> {
  const first = await promptHidden(question);
  const second = await promptHidden('The same again: ');
  if (first !== second) throw new AppError('invalid_input', 'The two passphrases differ; nothing was changed.');
  return first;
}
