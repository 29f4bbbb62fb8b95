import { useState } from 'react';
import type { Finding } from '../../../../shared/activity/types.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { formatTime } from '../../format.ts';
import { plainField, plainValue } from '../../plainValues.ts';

/** The numbers behind a finding, one short line. */
function detailLine(f: Finding): string {
  const d = f.detail as Record<string, unknown>;
  const skip = new Set(['rule', 'window', 'accounts', 'cases', 'zone', 'reasons', 'ranges', 'claimedOffsets']);
  return Object.entries(d)
    .filter(([k, v]) => !skip.has(k) && (typeof v === 'number' || typeof v === 'string' || Array.isArray(v)))
    .map(([k, v]) => `${plainField(k)}: ${plainValue(v)}`)
    .join(' · ');
}

type Actions = { readOnly: boolean; onAccept: (f: Finding) => void; onDismiss: (f: Finding, reason: string) => void };

function FindingActions({ f, readOnly, onAccept, onDismiss }: { f: Finding } & Actions) {
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      {!readOnly && f.status !== 'accepted' && (
        <button type="button" className="button" onClick={() => onAccept(f)}>
          Accept
        </button>
      )}
      {!readOnly && f.status === 'open' && !dismissing && (
        <button type="button" className="button" onClick={() => setDismissing(true)}>
          Dismiss
        </button>
      )}
      {dismissing && f.status === 'open' && (
        <form
          className="inline-field"
          aria-label={`Dismiss finding ${f.id}`}
          onSubmit={(e) => {
            e.preventDefault();
            onDismiss(f, reason);
          }}
        >
          <input aria-label="Reason" placeholder="Why it is not a red flag" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="button" disabled={!reason.trim()}>
            Dismiss
          </button>
        </form>
      )}
    </>
  );
}

/** The detectors' findings with Accept and Dismiss (with a reason). */
export function FindingsTable({ findings, ...actions }: { findings: Finding[] } & Actions) {
  const cols = columns<Finding>([
    { id: 'indicator', header: 'Indicator', className: 'mono', cell: (f) => f.indicator },
    {
      id: 'finding',
      header: 'Finding',
      className: 'finding-text',
      cell: (f) => (
        <>
          {typeof f.detail.explanation === 'string' ? (
            <span data-testid="finding-explanation">{f.detail.explanation}</span>
          ) : (
            <>
              <strong>{String(f.detail.rule ?? f.detector)}</strong>
              <div className="muted">{detailLine(f)}</div>
            </>
          )}
          {typeof f.detail.otherCases === 'object' && <div>Also in {(f.detail.otherCases as string[]).join(', ')}</div>}
        </>
      ),
    },
    {
      // Who and where in one column (with the status and actions in another) so that the table fits a 1024 px window.
      id: 'who',
      header: 'Account and addresses',
      className: 'finding-who',
      cell: (f) => (
        <>
          <div>{f.account}</div>
          {f.ips.length > 0 && <div className="mono small finding-ips">{f.ips.join(' ')}</div>}
          <div className="muted small">{f.countries.length ? f.countries.join(', ') : 'Country not known'}</div>
        </>
      ),
    },
    {
      id: 'window',
      header: 'Window',
      className: 'finding-window',
      cell: (f) => (
        <>
          {formatTime(f.from)}
          <br />
          {formatTime(f.to)}
        </>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      className: 'row-actions',
      cell: (f) => (
        <>
          <span className={`badge finding-status-${f.status}`}>{f.status}</span>
          {f.reason && <div className="muted">{f.reason}</div>}
          <div className="finding-actions">
            <FindingActions f={f} {...actions} />
          </div>
        </>
      ),
    },
  ]);
  return <DataTable label="Findings" className="findings" rows={findings} cols={cols} rowKey={(f) => String(f.id)} rowClassName={(f) => `finding-${f.status}`} rowTestId="finding" />;
}
