import { useEffect, useState } from 'react';
import type { User } from '../../shared/session.ts';
import { api } from './api.ts';
import { SessionContext } from './hooks.ts';
import { FirstRun } from './features/session/FirstRun.tsx';
import { CasePage } from './features/cases/CasePage.tsx';
import { APP_PAGES } from './pages.tsx';
import { navigate, useRoute } from './router.ts';
import { ErrorNotice } from './components/Notice.tsx';
import { confirmLeave } from './components/unsaved.ts';
import { NewCaseDialog } from './features/cases/NewCaseDialog.tsx';
import { CurrentUser } from './features/session/CurrentUser.tsx';
import { UserPage } from './features/session/UserPage.tsx';

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const route = useRoute();
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    api('session.current', {}).then(setUser, setError);
  }, []);
  const onList = (route[0] ?? 'cases') === 'cases';
  // Ctrl/Cmd+N anywhere but the case list (which has its own) starts a new case, asking first when
  // a form holds unsaved edits.
  useEffect(() => {
    if (onList || !user) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'n') return;
      e.preventDefault();
      if (confirmLeave()) setCreating(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onList, user]);
  if (error) return <ErrorNotice error={error} />;
  if (user === undefined) return <div className="loading">Opening Casebook…</div>;
  if (user === null) return <FirstRun onSignedIn={setUser} />;

  const [section = 'dashboard', ...rest] = route;
  const page = APP_PAGES.find((p) => p.id === section);
  let content;
  if (section === 'case' && rest[0]) content = <CasePage key={rest[0]} number={rest[0]} tab={rest[1] ?? 'overview'} />;
  else if (section === 'me') content = <UserPage />;
  else if (page) content = <page.component />;
  else content = <ErrorNotice error={new Error(`There is no page "${section}".`)} />;

  return (
    <SessionContext.Provider value={user}>
      <div className="app">
        <nav className="sidebar" aria-label="Main">
          <div className="brand">Casebook</div>
          {APP_PAGES.map((p) => (
            <a key={p.id} href={`#/${p.id}`} className={section === p.id || (section === 'case' && p.id === 'cases') ? 'nav-link active' : 'nav-link'}>
              {p.label}
            </a>
          ))}
          <CurrentUser user={user} />
        </nav>
        <main className="content">{content}</main>
        {!onList && <NewCaseDialog open={creating} onClose={() => setCreating(false)} />}
      </div>
    </SessionContext.Provider>
  );
}

export { navigate };
