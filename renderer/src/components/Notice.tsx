import type { ReactNode } from 'react';
import type { ApiError } from '../api.ts';
import { plainError } from '../plainErrors.ts';

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

/** Shows an operation's error in plain words, with the fields it names (each problem once). */
export function ErrorNotice({ error, onClose }: { error: ApiError | Error | undefined | null; onClose?: () => void }) {
  if (!error) return null;
  const { message, issues } = plainError('body' in error ? error.body : { code: 'internal', message: error.message });
  return (
    <Notice kind="error" {...(onClose && { onClose })}>
      <span>{message}</span>
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
