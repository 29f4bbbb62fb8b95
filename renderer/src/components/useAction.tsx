import { useState, type ReactNode } from 'react';
import { toApiError, type ApiError } from '../api.ts';
import { ErrorNotice, Notice } from './Notice.tsx';

/**
 * Runs one write for a panel: busy while it runs, then either the core's error or the success
 * line the action returns (none when it returns ''), shown by `notices`; `onChanged` runs after
 * a success, and `run` resolves to whether it succeeded.
 */
export function useAction(onChanged: () => void = () => {}): {
  run: (f: () => Promise<string>) => Promise<boolean>;
  busy: boolean;
  error: ApiError | null;
  setError: (e: ApiError | null) => void;
  notices: ReactNode;
} {
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone((await f()) || null);
      onChanged();
      return true;
    } catch (e) {
      setError(toApiError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const notices = (
    <>
      <ErrorNotice error={error} onClose={() => setError(null)} />
      {done && (
        <Notice kind="success" onClose={() => setDone(null)}>
          {done}
        </Notice>
      )}
    </>
  );
  return { run, busy, error, setError, notices };
}
