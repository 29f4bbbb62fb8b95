import { useEffect, useRef, useState } from 'react';
import type { Progress } from '../../../shared/contract/index.ts';
import { api, newJobId, onProgress, toApiError, type ApiError } from '../api.ts';

export type Job<T> = {
  /** Runs `work` with a fresh job id; resolves to its result, or undefined when it failed (the error is kept). */
  start: (work: (jobId: string) => Promise<T>) => Promise<T | undefined>;
  /** The running job's latest progress (a placeholder until the core reports), or null when idle. */
  progress: Progress | null;
  /** Progress measured here (reading files before the core sees them): shown, not cancellable. */
  report: (p: Progress) => void;
  /** Asks the core to stop the running job; undefined while nothing cancellable runs. */
  cancel: (() => void) | undefined;
  running: boolean;
  result: T | null;
  setResult: (r: T | null) => void;
  error: ApiError | null;
  setError: (e: ApiError | null) => void;
};

/**
 * One long operation of a panel: its job id, the core's progress events for that id, Cancel,
 * and the result or error when it ends. Work that runs no core job (a short read) may use it too.
 */
export function useJob<T>(placeholderPhase = 'starting'): Job<T> {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [local, setLocal] = useState(false);
  const jobRef = useRef<string | null>(null);
  useEffect(() => onProgress((p) => p.jobId === jobRef.current && setProgress(p)), []);

  const start = async (work: (jobId: string) => Promise<T>): Promise<T | undefined> => {
    const jobId = newJobId();
    jobRef.current = jobId;
    setRunning(true);
    setLocal(false);
    setError(null);
    setResult(null);
    setProgress({ jobId, phase: placeholderPhase, done: 0, total: null });
    try {
      const r = await work(jobId);
      setResult(r);
      return r;
    } catch (e) {
      setError(toApiError(e));
      return undefined;
    } finally {
      jobRef.current = null;
      setRunning(false);
      setProgress(null);
    }
  };
  const report = (p: Progress) => {
    setLocal(true);
    setProgress(p);
  };
  const cancel = running && !local ? () => void (jobRef.current && api('jobs.cancel', { jobId: jobRef.current })) : undefined;
  return { start, progress, report, cancel, running, result, setResult, error, setError };
}
