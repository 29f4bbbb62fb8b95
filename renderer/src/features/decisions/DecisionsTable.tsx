import { DECISION_LABELS, type Decision } from '../../../../shared/decisions.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { formatTime } from '../../format.ts';

const STATE_LABELS: Record<Decision['state'], string> = { draft: 'Awaiting sign-off', partly_signed: 'Partly signed', signed: 'Signed', superseded: 'Superseded' };

type Props = { decisions: Decision[]; titles: Map<string, string>; canSign: (d: Decision) => boolean; canSupersede: (d: Decision) => boolean; busy: boolean; onSign: (d: Decision) => void; onSupersede: (d: Decision) => void };

/** The case's decisions with what they rest on, their sign-offs and state. */
export function DecisionsTable({ decisions, titles, canSign, canSupersede, busy, onSign, onSupersede }: Props) {
  const cols = columns<Decision>([
    { id: 'no', header: 'No.', className: 'mono', cell: (d) => `#${d.id}` },
    {
      id: 'decision',
      header: 'Decision',
      cell: (d) => (
        <>
          <strong>{DECISION_LABELS[d.kind]}</strong>
          <div className="muted">{d.final ? 'Final' : 'Interim'}</div>
        </>
      ),
    },
    { id: 'rationale', header: 'Rationale', className: 'decision-rationale', cell: (d) => d.rationale },
    {
      id: 'links',
      header: 'Indicators and exhibits',
      className: 'decision-links',
      cell: (d) => (
        <div data-testid="decision-links">
          {d.indicators.length === 0 && d.exhibits.length === 0 && <span className="muted">None</span>}
          {d.indicators.map((i) => (
            <div key={i}>
              <span className="badge mono">{i}</span> {titles.get(i) ?? ''}
            </div>
          ))}
          {d.exhibits.length > 0 && <div className="mono">{d.exhibits.join(', ')}</div>}
        </div>
      ),
    },
    {
      id: 'decided',
      header: 'Decided',
      cell: (d) => (
        <>
          {d.decidedBy}
          <div className="muted">{formatTime(d.decidedAt)}</div>
        </>
      ),
    },
    {
      id: 'signoffs',
      header: 'Sign-offs',
      cell: (d) => (
        <>
          {d.signatures.length === 0 && <span className="muted">None</span>}
          {d.signatures.map((s) => (
            <div key={s.role}>
              <span className="badge">{s.role}</span> {s.signer} <span className="muted">{formatTime(s.signedAt)}</span>
            </div>
          ))}
          {d.awaiting.length > 0 && d.state !== 'superseded' && <div className="muted">Awaiting: {d.awaiting.join(', ')}</div>}
        </>
      ),
    },
    {
      id: 'state',
      header: 'State',
      cell: (d) => (
        <>
          <span className={`badge decision-state-${d.state}`}>{STATE_LABELS[d.state]}</span>
          {d.supersedes !== null && <div className="muted">supersedes #{d.supersedes}</div>}
          {d.supersededBy !== null && <div className="muted">superseded by #{d.supersededBy}</div>}
        </>
      ),
    },
    {
      id: 'actions',
      header: '',
      cell: (d) => (
        <>
          {canSign(d) && (
            <button type="button" className="button" disabled={busy} onClick={() => onSign(d)}>
              Sign
            </button>
          )}
          {canSupersede(d) && (
            <button type="button" className="button" disabled={busy} onClick={() => onSupersede(d)}>
              Supersede
            </button>
          )}
        </>
      ),
    },
  ]);
  return <DataTable label="Decisions" rows={decisions} cols={cols} rowKey={(d) => String(d.id)} rowTestId="decision" rowClassName={(d) => (d.state === 'superseded' ? 'superseded' : undefined)} />;
}
