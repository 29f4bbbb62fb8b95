import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invoke } from '../../electron/core/api.ts';
import { openCore, type AppCore } from '../../electron/core/app.ts';
import { signIn } from '../../electron/core/session/users.ts';
import type { Channel, Input, Output } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { Role } from '../../shared/session.ts';

export type TestCore = AppCore & {
  dir: string;
  dbFile: string;
  /** Calls an operation through the handler table (validation included); throws AppError on failure. */
  call: <C extends Channel>(channel: C, input: Input<C>) => Promise<Output<C>>;
  /** Switches the acting user (registering them with the role). */
  as: (name: string, role?: Role) => void;
  cleanup: () => void;
};

/** A real database file in a fresh temp folder, signed in as an officer. */
export function makeTestCore(user = 'Olivia Officer', role: Role = 'officer'): TestCore {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-test-'));
  const dbFile = join(dir, 'casebook.db');
  const core = openCore({ dbFile });
  signIn(core.db, user, role);
  core.ctx.actor = { name: user, role };
  const call = async <C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> => {
    const r = await invoke(core.ctx, channel, input);
    if (!r.ok) throw AppError.fromBody(r.error);
    return r.value as Output<C>;
  };
  return {
    ...core,
    dir,
    dbFile,
    call,
    as: (name, r = 'officer') => {
      signIn(core.db, name, r);
      core.ctx.actor = { name, role: r };
    },
    cleanup: () => {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
