import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import type { Role, User } from '../../../../shared/session.ts';
import { Field } from '../../components/Field.tsx';
import { RolePicker } from './RolePicker.tsx';

/**
 * A database that has no users yet (one from before Casebook had users): whoever holds its
 * passphrase becomes its first user and administrator. Every change is attributed to this name.
 */
export function FirstRun({ onSignedIn }: { onSignedIn: (u: User) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('officer');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSignedIn(await api('session.setUp', { name, role, passphrase }));
    } catch (err) {
      setError(err as ApiError);
      setPassphrase('');
    }
  };
  return (
    <main className="first-run">
      <form className="card first-run-card" onSubmit={submit}>
        <h1>Welcome to Casebook</h1>
        <p className="muted">
          Casebook keeps a tamper-evident record of every change and who made it. This Casebook has no users yet: you become its first user and
          its administrator, who adds colleagues and decides who is legal counsel. The passphrase you just entered becomes yours.
        </p>
        <Field label="Your name">
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Alex Rivera" required />
        </Field>
        <RolePicker role={role} onChange={setRole} />
        <label className="field">
          <span>Your passphrase, again</span>
          <input type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </label>
        <ErrorNotice error={error} />
        <button className="button primary" type="submit">
          Start
        </button>
      </form>
    </main>
  );
}
