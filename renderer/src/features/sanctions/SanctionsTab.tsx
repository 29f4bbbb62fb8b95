import { useState } from 'react';
import type { CaseHit, CaseScreening } from '../../../../shared/sanctions/types.ts';
import { api, ApiError, toApiError as toError } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/tabs.tsx';
import { HitsTable } from './HitsTable.tsx';

const STATUS_LABELS: Record<CaseHit['status'], string> = { open: 'To review', confirmed: 'Confirmed match', dismissed: 'False positive' };

function Decision({ hit, number, writable, onDone }: { hit: CaseHit; number: string; writable: boolean; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  if (hit.status !== 'open' || !writable) {
    return (
      <div>
        <strong>{STATUS_LABELS[hit.status]}</strong>
        {hit.isNew && hit.status === 'open' && <span className="badge"> new</span>}
        {hit.reason && <div className="muted">{hit.reason}</div>}
        {hit.decidedBy && <div className="muted">{hit.decidedBy}, {formatTime(hit.decidedAt)}</div>}
      </div>
    );
  }
  const decide = async (decision: 'confirmed' | 'dismissed') => {
    setError(null);
    try {
      await api('sanctions.decideHit', { number, hit: hit.id, decision, reason });
      onDone();
    } catch (e) {
      setError(toError(e));
    }
  };
  return (
    <div className="hit-decision">
      {hit.isNew && <span className="badge">new</span>}
      <label className="field">
        <span>Reason</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} aria-label={`Reason for hit ${hit.id}`} />
      </label>
      <div className="actions">
        <button type="button" className="button primary" disabled={!reason.trim()} onClick={() => void decide('confirmed')}>
          Confirm match
        </button>
        <button type="button" className="button" disabled={!reason.trim()} onClick={() => void decide('dismissed')}>
          Dismiss as false positive
        </button>
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}

function Screening({ s, number, writable, onDone }: { s: CaseScreening; number: string; writable: boolean; onDone: () => void }) {
  return (
    <div className="screening">
      <p className="muted">
        {formatTime(s.createdAt)} by {s.createdBy}
        {s.trigger === 'new_version' ? ' (re-screen after a new list version)' : ''}: list version {s.version.id} (published {s.version.published}), threshold {s.threshold},{' '}
        {s.queries.length} name(s) and identifier(s); filed as exhibit <a href={`#/case/${number}/evidence`}>{s.exhibit}</a>.
      </p>
      <HitsTable
        hits={s.hits}
        label={`Hits of screening ${s.id}`}
        extra={{ header: 'Screened / decision', cell: (h) => (
          <>
            <div className="muted">{h.source}</div>
            <Decision hit={h} number={number} writable={writable} onDone={onDone} />
          </>
        ) }}
      />
    </div>
  );
}

/** The case's Sanctions tab: screen every subject and identifier, then confirm or dismiss each hit. */
export function SanctionsTab({ record, onChanged }: CaseTabProps) {
  const [tick, setTick] = useState(0);
  const screenings = useApi('sanctions.caseScreenings', { number: record.number }, tick);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const writable = record.status !== 'closed' && !record.locked;
  const refresh = () => {
    setTick((t) => t + 1);
    onChanged();
  };
  const screen = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('sanctions.screenCase', { number: record.number });
      refresh();
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  };
  const [latest, ...earlier] = screenings.data ?? [];
  return (
    <div className="sanctions-tab">
      <div className="actions">
        <button type="button" className="button primary" disabled={!writable || busy} onClick={() => void screen()}>
          Screen subjects and identifiers
        </button>
      </div>
      {!writable && <Notice kind="info">This case is closed or locked; screening results are read-only.</Notice>}
      <ErrorNotice error={error ?? screenings.error} />
      {screenings.data && !latest && <p className="muted">Not screened yet. Screening checks every subject’s name and aliases and every identifier against the latest OFAC list version.</p>}
      {latest && (
        <section aria-labelledby="latest-screening">
          <h2 id="latest-screening">Latest screening</h2>
          <Screening s={latest} number={record.number} writable={writable} onDone={refresh} />
        </section>
      )}
      {earlier.length > 0 && (
        <section aria-labelledby="earlier-screenings">
          <h2 id="earlier-screenings">Earlier screenings</h2>
          {earlier.map((s) => (
            <Screening key={s.id} s={s} number={record.number} writable={false} onDone={refresh} />
          ))}
        </section>
      )}
    </div>
  );
}
