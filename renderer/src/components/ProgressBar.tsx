import type { Progress } from '../../../shared/contract/index.ts';

export function ProgressBar({ progress, onCancel }: { progress: Progress | null; onCancel?: () => void }) {
  if (!progress) return null;
  const pct = progress.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} {...(pct !== null && { 'aria-valuenow': pct })}>
      <div className="progress-label">
        {progress.phase} {pct !== null ? `${pct}%` : `${progress.done.toLocaleString()}`}
      </div>
      <div className="progress-track">
        <div className="progress-fill" style={{ width: pct !== null ? `${pct}%` : '100%' }} />
      </div>
      {onCancel && (
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
