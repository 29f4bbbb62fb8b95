// The app lock: the desktop app (and the browser harness) hold the core through this. While
// locked there is no open database and no key in memory; every operation but the lock's own
// is answered "locked". Unlocking opens the core again with the passphrase; a database from a
// Casebook without encryption is encrypted in place on its first unlock.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { invoke } from '../api.ts';
import { openCore, type AppCore } from '../app.ts';
import type { Ctx } from '../context.ts';
import { runBackup } from '../backup/service.ts';
import type { Envelope } from '../../../shared/errors.ts';
import { AppError } from '../../../shared/errors.ts';
import type { LockStatus } from '../../../shared/contract/security.ts';
import { describeIssues, toErrorBody, zodIssues } from '../errors.ts';
import { contract, type Channel, type Progress } from '../../../shared/contract/index.ts';
import { encryptExisting, plainState } from './encrypt-existing.ts';
import { checkNewPassphrase, keyFilePath, readKeyFile, unlock as unlockKey, unlockAsUserAsync, userNamesInKeyFile, type KdfProfile, type Vault } from './keys.ts';
import { identify, setUpFirstUser, signInWithKeptKey } from '../session/accounts.ts';
import type { Role } from '../../../shared/session.ts';
import { readSettings, settingsPath, writeSettings } from './settings.ts';
import { databaseIn, writeLocation } from './location.ts';
import { forgetKey, hasRememberedKey, rememberedFor, rememberKey, unlockWithKeychain, type OsKeychain } from './keychain.ts';

export type LockOptions = {
  dbFile: string;
  activityWorker?: URL;
  /** The KDF set for a new key file (the harness asks for the test-only one by name). */
  kdf?: KdfProfile;
  /** Overrides the idle time from the settings (the browser tests use a few seconds). */
  idleSeconds?: number;
  /** Wires a freshly opened context to its transport (events, native dialogs). */
  configure?: (ctx: Ctx) => void;
  onLock?: () => void;
  /** Progress of the first start's encryption of an existing database and evidence folder. */
  onProgress?: (p: Progress) => void;
  /** The OS keychain (Electron's safeStorage) for the optional convenience copy of the key. */
  keychain?: OsKeychain;
  /** Where the desktop app records the database it opens after a switch to a restored copy (location.ts). */
  locationFile?: string;
};

const OWN = new Set(['app.lockStatus', 'app.setPassphrase', 'app.unlock', 'app.lock', 'app.unlockWithKeychain', 'app.forgetKeychain', 'app.switchDatabase']);

export class AppLock {
  #core: AppCore | null = null;
  #lastUser: string | null = null;
  #timer: NodeJS.Timeout | null = null;
  readonly #opts: LockOptions;
  /** The database this lock opens: the one it was started with, until a switch to a restored copy. */
  #dbFile: string;

  constructor(opts: LockOptions) {
    this.#opts = opts;
    this.#dbFile = opts.dbFile;
  }

  get dbFile(): string {
    return this.#dbFile;
  }

  get core(): AppCore | null {
    return this.#core;
  }

  status(): LockStatus {
    const dbFile = this.#dbFile;
    const hasKey = existsSync(keyFilePath(dbFile));
    const state = this.#core ? 'unlocked' : hasKey || existsSync(dbFile) ? 'locked' : 'new';
    return {
      state,
      idleSeconds: this.#opts.idleSeconds ?? readSettings(dbFile).idleMinutes * 60,
      wrongTries: hasKey ? (readKeyFile(dbFile)?.failures?.count ?? 0) : 0,
      encryptingExisting: !hasKey && existsSync(dbFile),
      keychain: !this.#opts.keychain?.isEncryptionAvailable() ? 'unavailable' : hasRememberedKey(dbFile) ? 'on' : 'off',
      keychainUser: rememberedFor(dbFile),
      users: hasKey ? userNamesInKeyFile(readKeyFile(dbFile)!) : [],
      lastUser: this.#core?.ctx.actor?.name ?? this.#lastUser,
    };
  }

  #open(unlock: { vault: Vault } | { passphrase: string; kdf: KdfProfile }): void {
    this.#adopt(this.#openCore(this.#dbFile, unlock));
  }

  #openCore(dbFile: string, unlock: { vault: Vault } | { passphrase: string; kdf: KdfProfile }): AppCore {
    return openCore({ dbFile, unlock, ...(this.#opts.activityWorker && { activityWorker: this.#opts.activityWorker }) });
  }

  #adopt(core: AppCore): void {
    this.#opts.configure?.(core.ctx);
    this.#core = core;
    this.#startAutoBackup();
  }

  /**
   * Switches to another database (a backup restored into a folder): its passphrase is checked and
   * the copy opened before the current database is closed, so a wrong passphrase or a damaged copy
   * leaves the app as it was. The current database is closed, not changed; the app's settings on
   * this computer (idle time, backup folder and interval) go with it when the copy has none, and the
   * desktop app opens the copy from now on (locationFile).
   */
  async switchTo(folder: string, passphrase: string): Promise<LockStatus> {
    if (!this.#core) throw new AppError('locked', 'Casebook is locked: enter your passphrase to go on.', { details: { appLocked: true } });
    const dbFile = databaseIn(resolve(folder));
    if (dbFile === resolve(this.#dbFile)) throw new AppError('conflict', `${dbFile} is the database already open.`);
    if (!existsSync(dbFile) || !existsSync(keyFilePath(dbFile))) {
      throw new AppError('not_found', `folder: ${folder} holds no Casebook database (casebook.db and its key file); restore a backup into it first.`, { issues: [{ path: 'folder', message: 'holds no Casebook database' }] });
    }
    const vault = await unlockKey(dbFile, passphrase);
    let next: AppCore;
    try {
      next = this.#openCore(dbFile, { vault });
    } catch (e) {
      vault.wipe();
      throw e;
    }
    const previous = this.#core;
    const before = readSettings(this.#dbFile);
    if (!existsSync(settingsPath(dbFile))) {
      writeSettings(dbFile, { idleMinutes: before.idleMinutes, backup: { ...before.backup, lastSuccess: null, lastError: null } });
    }
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    previous.ctx.jobs.cancelAll();
    previous.close();
    previous.vault.wipe();
    this.#dbFile = dbFile;
    this.#adopt(next);
    if (this.#opts.locationFile) writeLocation(this.#opts.locationFile, dbFile);
    return this.status();
  }

  /** First start: sets the passphrase of a new database (or of one from a Casebook without encryption, which is encrypted now). */
  async setPassphrase(passphrase: string, confirm: string, firstUser?: { name: string; role: Role }): Promise<LockStatus> {
    if (passphrase !== confirm) throw new AppError('invalid_input', 'confirm: the two passphrases differ.');
    checkNewPassphrase(passphrase);
    if (existsSync(keyFilePath(this.#dbFile))) throw new AppError('conflict', 'This database already has a passphrase; sign in instead.');
    const status = await this.unlock(passphrase);
    if (firstUser && this.#core) {
      try {
        setUpFirstUser(this.#core.ctx, firstUser.name, firstUser.role, passphrase);
      } catch (e) {
        // A database from before users (already has users): they sign in instead.
        if (!(e instanceof AppError && e.code === 'forbidden')) throw e;
      }
      return this.status();
    }
    return status;
  }

  /**
   * Sign-in. With a name: only that user's own passphrase opens the database (or, for the
   * administrator of a database from before users had their own, the database's passphrase), and
   * they become the acting user. Without a name: whichever user's passphrase it is.
   */
  async unlock(passphrase: string, remember = false, name?: string): Promise<LockStatus> {
    if (this.#core) return this.status();
    await this.#unlock(passphrase, name);
    if (remember && this.#opts.keychain && this.#core) rememberKey(this.#dbFile, (this.#core as AppCore).vault, this.#opts.keychain, (this.#core as AppCore).ctx.actor?.name ?? null);
    return this.status();
  }

  /** Unlocks with the keychain's copy; when there is none, or it no longer opens the database, the passphrase is asked. */
  unlockWithKeychain(): LockStatus {
    if (this.#core) return this.status();
    const kept = this.#opts.keychain ? unlockWithKeychain(this.#dbFile, this.#opts.keychain) : null;
    if (!kept) throw new AppError('forbidden', "This computer's keychain holds no key that opens this database; enter the passphrase.");
    try {
      this.#open({ vault: kept.vault });
    } catch {
      kept.vault.wipe();
      forgetKey(this.#dbFile);
      throw new AppError('forbidden', "The key kept in this computer's keychain no longer opens this database; it was forgotten. Enter the passphrase.");
    }
    // Signed in as the user who kept the copy, whoever signed in last; a copy kept before there
    // were users, or by a user no longer here, opens nothing once users exist.
    try {
      signInWithKeptKey(this.#core!.ctx, kept.user);
    } catch (e) {
      this.lock();
      forgetKey(this.#dbFile);
      throw e;
    }
    return this.status();
  }

  forgetKeychain(): LockStatus {
    forgetKey(this.#dbFile);
    return this.status();
  }

  async #unlock(passphrase: string, name?: string): Promise<void> {
    const dbFile = this.#dbFile;
    const kdf = this.#opts.kdf ?? 'default';
    const plain = existsSync(dbFile) ? plainState(dbFile) : null;
    if (plain && (plain.plainDatabase || plain.plainEvidence > 0)) {
      if (!existsSync(keyFilePath(dbFile))) checkNewPassphrase(passphrase);
      const report = this.#opts.onProgress;
      const r = await encryptExisting(dbFile, passphrase, {
        kdf,
        ...(report && { onProgress: (phase, done, total) => report({ jobId: 'encrypting-existing', phase: phase === 'database' ? 'encrypting the database' : 'encrypting evidence files', done, total }) }),
      });
      this.#open({ vault: r.vault });
    } else if (existsSync(keyFilePath(dbFile))) {
      const opened = await unlockAsUserAsync(dbFile, passphrase, name);
      this.#open({ vault: opened.vault });
      try {
        identify(this.#core!.ctx, name, opened.slotUser, passphrase);
      } catch (e) {
        this.lock();
        throw e;
      }
    } else {
      this.#open({ passphrase, kdf });
    }
  }

  /** Closes the database and drops the key; running jobs are cancelled. */
  lock(switchUser = false): LockStatus {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const core = this.#core;
    this.#lastUser = switchUser ? null : (core?.ctx.actor?.name ?? this.#lastUser);
    this.#core = null;
    if (core) {
      core.ctx.jobs.cancelAll();
      core.close();
      core.vault.wipe();
      this.#opts.onLock?.();
    }
    return this.status();
  }

  #startAutoBackup(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = setInterval(() => void this.backupIfDue().catch(() => {}), 60_000);
    this.#timer.unref();
  }

  /**
   * The automatic backup: when a folder is set and the last success is older than the interval,
   * a backup is taken (and rotated). A failure is recorded in the settings (shown on the
   * Settings page) and thrown. Returns whether one was taken.
   */
  async backupIfDue(now = Date.now()): Promise<boolean> {
    const core = this.#core;
    if (!core) return false;
    const b = readSettings(this.#dbFile).backup;
    if (!b.folder) return false;
    const last = b.lastSuccess ? Date.parse(b.lastSuccess) : 0;
    if (now - last < b.everyHours * 3_600_000) return false;
    await runBackup(core.ctx);
    return true;
  }

  /** Answers one request: the lock's own operations here, every other through the core when unlocked. */
  async invoke(channel: string, input: unknown): Promise<Envelope<unknown>> {
    try {
      if (OWN.has(channel)) {
        const parsed = contract[channel as Channel].input.safeParse(input ?? {});
        if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `Invalid input: ${describeIssues(zodIssues(parsed.error))}.`, issues: zodIssues(parsed.error) } };
        const i = parsed.data as { passphrase: string; confirm: string; remember: boolean; name?: string; role: Role };
        if (channel === 'app.lockStatus') return { ok: true, value: this.status() };
        if (channel === 'app.setPassphrase') return { ok: true, value: await this.setPassphrase(i.passphrase, i.confirm, i.name !== undefined ? { name: i.name, role: i.role } : undefined) };
        if (channel === 'app.unlock') return { ok: true, value: await this.unlock(i.passphrase, i.remember, i.name) };
        if (channel === 'app.unlockWithKeychain') return { ok: true, value: this.unlockWithKeychain() };
        if (channel === 'app.forgetKeychain') return { ok: true, value: this.forgetKeychain() };
        if (channel === 'app.switchDatabase') {
          const sw = parsed.data as { folder: string; passphrase: string };
          return { ok: true, value: await this.switchTo(sw.folder, sw.passphrase) };
        }
        return { ok: true, value: this.lock((parsed.data as { switchUser?: boolean }).switchUser === true) };
      }
      if (!this.#core) return { ok: false, error: { code: 'locked', message: 'Casebook is locked: enter your passphrase to go on.', details: { appLocked: true } } };
      return await invoke(this.#core.ctx, channel, input);
    } catch (e) {
      return { ok: false, error: toErrorBody(e) };
    }
  }
}
