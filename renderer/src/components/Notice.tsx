import type { ReactNode } from 'react';
import type { ApiError } from '../api.ts';

export function Notice({ kind = 'error', children, onClose }: { kind?: 'error' | 'info' | 'warning' | 'success'; children: ReactNode; onClose?: () => void }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <div className="notice-body">{children}</div>
      {onClose && (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onClose}>
          ×
        </button>
      )}
    </div>
  );
}

/** Shows an operation's error with the fields it names. */
export function ErrorNotice({ error, onClose }: { error: ApiError | Error | undefined | null; onClose?: () => void }) {
  if (!error) return null;
  const issues = 'body' in error ? error.body.issues : undefined;
  return (
    <Notice kind="error" {...(onClose && { onClose })}>
      <span>{error.message}</span>
      {issues && issues.length > 1 && (
        <ul>
          {issues.map((i) => (
            <li key={i.path}>
              <strong>{i.path}</strong> {i.message}
            </li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
