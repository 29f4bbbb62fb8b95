import { useState } from 'react';
import { api } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { PathField } from '../../components/PathField.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import { Field } from '../../components/Field.tsx';

/** Backups (now, automatic, last success) and restore into a new folder; the idle lock. Kept on this computer, not in the audit log. */
export function SecuritySection() {
  const [tick, setTick] = useState(0);
  const status = useApi('backup.status', {}, tick);
  const lockStatus = useApi('app.lockStatus', {}, tick);
  const [folder, setFolder] = useState<string | null>(null);
  const [every, setEvery] = useState<string | null>(null);
  const [idle, setIdle] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [passphrase, setPassphrase] = useState('');
  /** The copy just restored, until the user switches to it or leaves the page (its passphrase only in this page's memory). */
  const [restored, setRestored] = useState<{ folder: string; shown: string; passphrase: string } | null>(null);
  const refresh = () => setTick((n) => n + 1);
  const backup = useAction(refresh);
  const restore = useAction(refresh);
  const switcher = useAction();
  const lock = useAction(refresh);
  const rekey = useAction(refresh);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const s = status.data;
  const folderValue = folder ?? s?.folder ?? '';
  const everyValue = every ?? String(s?.everyHours ?? 4);
  const idleValue = idle ?? String(Math.round((lockStatus.data?.idleSeconds ?? 600) / 60));

  return (
    <div className="security-settings">
      <h3>Backups</h3>
      {status.error && <ErrorNotice error={status.error} />}
      {s && (
        <p aria-label="Last backup">
          {s.lastSuccess ? <>Last backup: {formatTime(s.lastSuccess)}.</> : 'No backup has been made yet.'}{' '}
          {s.folder ? `Automatic backups every ${s.everyHours} hours while Casebook is open.` : 'Choose a folder for automatic backups.'}
        </p>
      )}
      {s && (
        <p className="muted" aria-label="Data in use">
          The cases open now are kept in {s.database}.
        </p>
      )}
      {s?.stale && <Notice kind="warning">The last successful backup is more than a day old. Back up now, or check that the backup folder is reachable.</Notice>}
      {s?.lastError && <Notice kind="warning">The last backup failed: {s.lastError}</Notice>}
      <PathField id="backup-folder" label="Backup folder (another disk, a network share or a USB drive)" mode="folder" value={folderValue} onChange={setFolder} />
      <Field label="Back up automatically every (hours)">
        <input type="number" min={1} max={168} value={everyValue} onChange={(e) => setEvery(e.target.value)} />
      </Field>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={backup.busy}
          onClick={() => void backup.run(async () => {
            await api('backup.configure', { ...(folder !== null && { folder: folder || null }), everyHours: Number(everyValue) });
            return folderValue ? 'Backup folder saved.' : 'Automatic backups are off.';
          })}
        >
          Save backup settings
        </button>
        <button
          type="button"
          className="button primary"
          disabled={backup.busy || !folderValue}
          onClick={() => void backup.run(async () => {
            const r = await api('backup.run', folder ? { folder } : {});
            return `Backup made (${r.evidenceCopied} new evidence file${r.evidenceCopied === 1 ? '' : 's'} copied, ${(r.ms / 1000).toFixed(1)} s).`;
          })}
        >
          {backup.busy ? 'Backing up…' : 'Back up now'}
        </button>
      </div>
      {backup.notices}

      <h3>Restore a backup</h3>
      <p className="muted">
        Everything in the backup is checked first: every file, the database, the audit record and every evidence file. A damaged backup is
        refused and nothing is written. The backup is restored into a new, empty folder; your current cases are not touched.
      </p>
      <PathField id="restore-from" label="Backup folder to restore from" mode="folder" value={from} onChange={setFrom} />
      <PathField id="restore-to" label="Restore into (a new or empty folder)" mode="folder" value={to} onChange={setTo} />
      <Field label="Passphrase of the backup (the one in use when it was made)">
        <input type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </Field>
      <button
        type="button"
        className="button"
        disabled={restore.busy || !from || !to || !passphrase}
        onClick={() => void restore.run(async () => {
          const r = await api('backup.restore', { from, to, passphrase });
          setRestored({ folder: to, shown: r.restoredTo, passphrase });
          setPassphrase('');
          return `Backup checked and restored to ${r.restoredTo}: ${r.exhibits} exhibit(s), ${r.files} evidence file(s), ${r.events} audit events, all verified.`;
        })}
      >
        {restore.busy ? 'Checking…' : 'Check and restore'}
      </button>
      {restore.notices}
      {restored && (
        <div className="card" role="group" aria-label="Open the restored copy">
          <p style={{ margin: 0 }}>
            To work on the restored copy, switch to it: Casebook closes the cases open now (they stay as they are, where they are) and opens
            the copy in {restored.shown}. Casebook then opens the copy each time it starts.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button primary"
              disabled={switcher.busy}
              onClick={() => void switcher.run(async () => {
                await api('app.switchDatabase', { folder: restored.folder, passphrase: restored.passphrase });
                setRestored(null);
                // The whole window follows: every page reads the restored copy from the start.
                window.location.hash = '#/cases';
                window.location.reload();
                return '';
              })}
            >
              {switcher.busy ? 'Opening…' : 'Switch to the restored copy'}
            </button>
            <button type="button" className="button" disabled={switcher.busy} onClick={() => setRestored(null)}>
              Not now
            </button>
          </div>
          {switcher.notices}
        </div>
      )}

      <h3>Passphrase</h3>
      <p className="muted">
        Changing it takes a moment and re-encrypts nothing. Backups made before keep opening with the passphrase in use when they were made.
      </p>
      <label className="field">
        <span>Current passphrase</span>
        <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label className="field">
        <span>New passphrase (at least 12 characters)</span>
        <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <label className="field">
        <span>The new passphrase again</span>
        <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </label>
      <button
        type="button"
        className="button"
        disabled={rekey.busy || !current || !next || !confirm}
        onClick={() => void rekey.run(async () => {
          await api('app.changePassphrase', { current, next, confirm });
          setCurrent('');
          setNext('');
          setConfirm('');
          return 'Passphrase changed. Use the new one from now on.';
        })}
      >
        Change passphrase
      </button>
      {rekey.notices}

      <h3>Lock</h3>
      <label className="field">
        <span>Lock Casebook after this many minutes without use</span>
        <input type="number" min={1} max={240} value={idleValue} onChange={(e) => setIdle(e.target.value)} />
      </label>
      <div className="button-row">
        <button type="button" className="button" disabled={lock.busy} onClick={() => void lock.run(async () => {
          await api('app.setIdleMinutes', { minutes: Number(idleValue) });
          return 'Saved.';
        })}>
          Save
        </button>
        <button type="button" className="button" onClick={() => void api('app.lock', {}).finally(() => window.dispatchEvent(new Event('casebook-locked')))}>
          Lock now
        </button>
      </div>
      {lock.notices}
    </div>
  );
}
