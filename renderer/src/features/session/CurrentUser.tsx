import { api } from '../../api.ts';
import type { User } from '../../../../shared/session.ts';
import { LOCKED_EVENT } from '../security/LockGate.tsx';
import { ROLE_LABELS } from './UserPage.tsx';

/** Who is signed in, always in view, with Sign out and Switch user (both close the database and drop its key). */
export function CurrentUser({ user }: { user: User }) {
  // The next person starts from the case list, not from the page the last one left open.
  const lock = (switchUser: boolean) =>
    void api('app.lock', { switchUser }).finally(() => {
      window.location.hash = '#/cases';
      window.dispatchEvent(new Event(LOCKED_EVENT));
    });
  return (
    <div className="sidebar-footer" aria-label="Signed in">
      <a className="user-name" href="#/me" title="Your page: role and signing key">
        {user.name}
      </a>
      <div className="muted">
        {ROLE_LABELS[user.role]}
        {user.admin ? ' · administrator' : ''}
      </div>
      <div className="session-buttons">
        <button type="button" className="button link" onClick={() => lock(false)}>
          Sign out
        </button>
        <button type="button" className="button link" onClick={() => lock(true)}>
          Switch user
        </button>
      </div>
    </div>
  );
}
