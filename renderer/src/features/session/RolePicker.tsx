import type { Role } from '../../../../shared/session.ts';

/** The first user's role, chosen once when a database is set up (later roles come from the administrator). */
export function RolePicker({ role, onChange }: { role: Role; onChange: (role: Role) => void }) {
  return (
    <fieldset className="field">
      <legend>Your role</legend>
      <label className="radio">
        <input type="radio" name="role" checked={role === 'officer'} onChange={() => onChange('officer')} /> Compliance officer
      </label>
      <label className="radio">
        <input type="radio" name="role" checked={role === 'counsel'} onChange={() => onChange('counsel')} /> Legal counsel
      </label>
    </fieldset>
  );
}
