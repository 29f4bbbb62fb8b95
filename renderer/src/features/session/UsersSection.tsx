import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { Field } from '../../components/Field.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useApi, useSession } from '../../hooks.ts';
import { ROLES, type Role } from '../../../../shared/session.ts';
import { ROLE_LABELS } from './UserPage.tsx';

/**
 * The users of this Casebook. The administrator adds users (each with a first passphrase of their
 * own, which wraps the same database key: nothing is re-encrypted), gives roles and sets a new
 * passphrase for someone who lost theirs. Others see the list and the key fingerprints.
 */
export function UsersSection() {
  const me = useSession();
  const [tick, setTick] = useState(0);
  const refresh = () => setTick((n) => n + 1);
  const users = useApi('users.list', {}, tick);
  const add = useAction(refresh);
  const change = useAction(refresh);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('officer');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const reset = useAction(refresh);
  const [resetName, setResetName] = useState('');
  const [resetPass, setResetPass] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (passphrase !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void add
      .run(async () => {
        const u = await api('users.add', { name, role, passphrase });
        return `${u.name} was added as ${ROLE_LABELS[u.role].toLowerCase()}. Give them the passphrase in person; they sign in with it and can change it in Settings.`;
      })
      .then((ok) => {
        if (ok) {
          setName('');
          setPassphrase('');
          setConfirm('');
        }
      });
  };

  return (
    <div className="users-settings">
      <ErrorNotice error={users.error} />
      {change.notices}
      <table className="table" aria-label="Users">
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Signing key fingerprint</th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <tr key={u.id} data-testid="user-row">
              <td>
                {u.name}
                {u.admin && <span className="muted"> · administrator</span>}
                {u.name === me.name && <span className="muted"> (you)</span>}
              </td>
              <td>
                {me.admin ? (
                  <select
                    aria-label={`Role of ${u.name}`}
                    value={u.role}
                    disabled={change.busy}
                    onChange={(e) => {
                      const next = e.target.value as Role;
                      void change.run(async () => {
                        await api('users.setRole', { name: u.name, role: next });
                        return `${u.name} is now ${ROLE_LABELS[next].toLowerCase()}.`;
                      });
                    }}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                ) : (
                  ROLE_LABELS[u.role]
                )}
              </td>
              <td className="mono">{u.fingerprint ?? <span className="muted">made at their next sign-in</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {me.admin ? (
        <form className="form add-user" onSubmit={submit} aria-label="Add a user">
          <h3>Add a user</h3>
          <div className="field-row">
            <Field label="Name">
              <input value={name} onChange={(e) => setName(e.target.value)} required autoComplete="off" />
            </Field>
            <Field label="Role">
              <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="field-row">
            <Field label="Their first passphrase" hint="At least 12 characters. They can change it after signing in.">
              <input type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
            </Field>
            <Field label="The same again" error={mismatch ? 'The two passphrases differ.' : null}>
              <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
            </Field>
          </div>
          {add.notices}
          <div className="button-row">
            <button className="button primary" type="submit" disabled={add.busy}>
              Add user
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">Only the administrator adds users and gives roles.</p>
      )}
      {me.admin && (
        <form
          className="form reset-passphrase"
          aria-label="Give a user a new passphrase"
          onSubmit={(e) => {
            e.preventDefault();
            void reset
              .run(async () => {
                await api('users.resetPassphrase', { name: resetName, passphrase: resetPass });
                return `${resetName} has a new passphrase; the old one no longer opens this Casebook. Nothing else changed.`;
              })
              .then((ok) => ok && setResetPass(''));
          }}
        >
          <h3>Give a user a new passphrase</h3>
          <p className="muted">For someone who lost theirs. Their signing key and everything they signed stay as they are.</p>
          <div className="field-row">
            <Field label="User">
              <select value={resetName} onChange={(e) => setResetName(e.target.value)} required>
                <option value="">Choose…</option>
                {(users.data ?? []).map((u) => (
                  <option key={u.id} value={u.name}>
                    {u.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="New passphrase" hint="At least 12 characters.">
              <input type="password" autoComplete="new-password" value={resetPass} onChange={(e) => setResetPass(e.target.value)} required />
            </Field>
          </div>
          {reset.notices}
          <div className="button-row">
            <button className="button" type="submit" disabled={reset.busy || !resetName}>
              Set new passphrase
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
