import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { LockStatus } from '../../../../shared/contract/security.ts';
import type { Progress } from '../../../../shared/contract/index.ts';
import { api, ApiError, onProgress } from '../../api.ts';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { ErrorNotice } from '../../components/Notice.tsx';
import type { Role } from '../../../../shared/session.ts';
import { RolePicker } from '../session/RolePicker.tsx';

/** Fired by api() when the core answers that the app is locked (the menu, the idle time, another window). */
export const LOCKED_EVENT = 'casebook-locked';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/**
 * Shows the passphrase screen until Casebook is unlocked, and nothing else: on lock the app
 * below is unmounted, so no case data stays on screen or in the page's memory.
 */
export function LockGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<LockStatus | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const lastActivity = useRef(0);

  const refresh = useCallback(() => api('app.lockStatus', {}).then(setStatus, setError), []);
  useEffect(() => void refresh(), [refresh]);

  useEffect(() => {
    const onLocked = () => void refresh();
    window.addEventListener(LOCKED_EVENT, onLocked);
    const off = window.casebook.on('locked', onLocked);
    return () => {
      window.removeEventListener(LOCKED_EVENT, onLocked);
      off();
    };
  }, [refresh]);

  // The idle lock: no key press or pointer movement for the set time.
  useEffect(() => {
    if (status?.state !== 'unlocked') return;
    lastActivity.current = Date.now();
    const touch = () => (lastActivity.current = Date.now());
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true });
    const timer = setInterval(() => {
      if (Date.now() - lastActivity.current >= status.idleSeconds * 1000) void api('app.lock', { switchUser: false }).then(setStatus, setError);
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, touch);
    };
  }, [status]);

  if (error && !status) return <ErrorNotice error={error} />;
  if (!status) return <div className="loading">Opening Casebook…</div>;
  if (status.state === 'unlocked') return <>{children}</>;
  return <LockScreen status={status} onUnlocked={setStatus} />;
}

function LockScreen({ status, onUnlocked }: { status: LockStatus; onUnlocked: (s: LockStatus) => void }) {
  const creating = status.state === 'new' || status.encryptingExisting;
  const firstUser = status.state === 'new';
  const [name, setName] = useState(() => status.lastUser ?? '');
  const [role, setRole] = useState<Role>('officer');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [remember, setRemember] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => (status.encryptingExisting ? onProgress((p) => p.jobId === 'encrypting-existing' && setProgress(p)) : undefined), [status.encryptingExisting]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const who = name.trim();
      const next = creating
        ? await api('app.setPassphrase', { passphrase, confirm, ...(firstUser && { name: who, role }) })
        : await api('app.unlock', { ...(who && { name: who }), passphrase, remember });
      onUnlocked(next);
    } catch (err) {
      setError(err as ApiError);
      setPassphrase('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="first-run">
      <form className="card first-run-card" onSubmit={submit} aria-label={firstUser ? 'Set up Casebook' : creating ? 'Protect this Casebook' : 'Sign in'}>
        <h1>{firstUser ? 'Welcome to Casebook' : creating ? 'Protect this Casebook' : 'Sign in to Casebook'}</h1>
        {creating ? (
          <p className="muted">
            {status.encryptingExisting
              ? 'This version encrypts the case database and every evidence file on this computer. Choose a passphrase; the files are encrypted as soon as you continue, which can take a while for a large evidence folder.'
              : 'The case database and every evidence file are kept encrypted on this computer. Choose a passphrase of at least 12 characters, a few unrelated words are easy to remember.'}{' '}
            There is no way to recover a lost passphrase: keep it safe, and keep backups whose passphrase you know.
          </p>
        ) : (
          <p className="muted">Enter your name and your own passphrase. Everything you do is recorded under your name.</p>
        )}
        {firstUser && (
          <p className="muted">
            You are the first user of this Casebook, so you are its administrator: you add your colleagues later, each with a passphrase of their
            own, and decide who is legal counsel.
          </p>
        )}
        {(!creating || firstUser) && (
          <label className="field">
            <span>Your name</span>
            <input autoFocus={!name} list="casebook-users" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Alex Rivera" required={firstUser || status.users.length > 0} />
            <datalist id="casebook-users">
              {status.users.map((u) => (
                <option key={u} value={u} />
              ))}
            </datalist>
          </label>
        )}
        {firstUser && (
          <RolePicker role={role} onChange={setRole} />
        )}
        <label className="field">
          <span>{creating ? 'Choose a passphrase' : 'Passphrase'}</span>
          <input type="password" autoFocus={!firstUser && !!name} autoComplete={creating ? 'new-password' : 'current-password'} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </label>
        {creating && (
          <label className="field">
            <span>The same passphrase again</span>
            <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
          </label>
        )}
        {!creating && status.keychain === 'off' && (
          <label className="radio">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember on this computer (your account's
            keychain keeps a copy of the key; the passphrase always works too)
          </label>
        )}
        <ErrorNotice error={error} />
        {busy && <ProgressBar progress={progress} />}
        <button className="button primary" type="submit" disabled={busy}>
          {busy ? (status.encryptingExisting ? 'Encrypting…' : 'Opening…') : creating ? 'Set passphrase and open' : 'Sign in'}
        </button>
        {!creating && status.keychain === 'on' && (
          <div className="button-row">
            <button type="button" className="button" disabled={busy} onClick={() => void api('app.unlockWithKeychain', {}).then(onUnlocked, (e: unknown) => setError(e as ApiError))}>
              {status.keychainUser ? `Sign in as ${status.keychainUser} with this computer's keychain` : "Sign in with this computer's keychain"}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void api('app.forgetKeychain', {}).then(() => window.dispatchEvent(new Event(LOCKED_EVENT)), (e: unknown) => setError(e as ApiError))}>
              Forget the key on this computer
            </button>
          </div>
        )}
      </form>
    </main>
  );
}
