import { useState } from 'react';
import type { CaseHit, CaseScreening } from '../../../../shared/sanctions/types.ts';
import { api } from '../../api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import { HitCompare, subjectOf } from './HitCompare.tsx';
import { HitsTable } from './HitsTable.tsx';

const STATUS_LABELS: Record<CaseHit['status'], string> = { open: 'To review', confirmed: 'Confirmed match', dismissed: 'False positive' };

type DecisionProps = { hit: CaseHit; writable: boolean; comparing: boolean; onCompare: () => void; onDecide: (decision: 'confirmed' | 'dismissed') => void };

function Decision({ hit, writable, comparing, onCompare, onDecide }: DecisionProps) {
  const compare = (
    <button type="button" className="button link" aria-expanded={comparing} onClick={onCompare}>
      {comparing ? 'Hide comparison' : 'Compare with the listing'}
    </button>
  );
  if (hit.status !== 'open' || !writable) {
    return (
      <div>
        <strong>{STATUS_LABELS[hit.status]}</strong>
        {hit.isNew && hit.status === 'open' && <span className="badge"> new</span>}
        {hit.reason && <div className="muted">{hit.reason}</div>}
        {hit.decidedBy && <div className="muted">{hit.decidedBy}, {formatTime(hit.decidedAt)}</div>}
        {compare}
      </div>
    );
  }
  return (
    <div className="hit-decision">
      {hit.isNew && <span className="badge">new</span>}
      {compare}
      <div className="actions">
        <button type="button" className="button primary" onClick={() => onDecide('confirmed')}>
          Confirm match…
        </button>
        <button type="button" className="button" onClick={() => onDecide('dismissed')}>
          Dismiss…
        </button>
      </div>
    </div>
  );
}

function Screening({ s, number, writable, onDone }: { s: CaseScreening; number: string; writable: boolean; onDone: () => void }) {
  const [comparing, setComparing] = useState<number | null>(null);
  const [deciding, setDeciding] = useState<{ hit: CaseHit; decision: 'confirmed' | 'dismissed' } | null>(null);
  const subjects = useApi('subjects.list', { number });
  const identifiers = useApi('identifiers.list', { number });
  const decided = useAction(onDone);
  const compared = s.hits.find((h) => h.id === comparing);
  const who = (h: CaseHit) => subjectOf(h, subjects.data ?? [])?.name ?? h.query;
  const decide = (reason: string) =>
    deciding &&
    void decided.run(async () => {
      await api('sanctions.decideHit', { number, hit: deciding.hit.id, decision: deciding.decision, reason });
      setDeciding(null);
      return '';
    });
  return (
    <div className="screening">
      <p className="muted">
        {formatTime(s.createdAt)} by {s.createdBy}
        {s.trigger === 'new_version' ? ' (re-screen after a new list version)' : ''}: list version {s.version.id} (published {s.version.published})
        {s.consolidated && ` and Consolidated list version ${s.consolidated.id} (published ${s.consolidated.published})`}, threshold {s.threshold},{' '}
        {s.queries.length} name(s) and identifier(s); filed as exhibit <a href={`#/case/${number}/evidence`}>{s.exhibit}</a>.
      </p>
      <HitsTable
        hits={s.hits}
        label={`Hits of screening ${s.id}`}
        extra={{
          header: 'Screened / decision',
          cell: (h) => (
            <>
              <div className="muted">{h.source}</div>
              <Decision hit={h} writable={writable} comparing={comparing === h.id} onCompare={() => setComparing(comparing === h.id ? null : h.id)} onDecide={(decision) => (decided.setError(null), setDeciding({ hit: h, decision }))} />
            </>
          ),
        }}
      />
      {compared && <HitCompare hit={compared} version={s.version.id} subject={subjectOf(compared, subjects.data ?? [])} identifiers={identifiers.data ?? []} />}
      {deciding && (
        <ConfirmDialog
          open
          title={deciding.decision === 'confirmed' ? 'Confirm a sanctions match' : 'Dismiss a possible match'}
          confirmLabel={deciding.decision === 'confirmed' ? `Confirm: ${who(deciding.hit)} is ${deciding.hit.name}` : `Dismiss: ${who(deciding.hit)} is not ${deciding.hit.name}`}
          reasonLabel={deciding.decision === 'confirmed' ? 'What shows it is the same person or entity' : 'What shows it is not the same person or entity'}
          danger={deciding.decision === 'confirmed'}
          busy={decided.busy}
          notices={decided.notices}
          onConfirm={decide}
          onClose={() => setDeciding(null)}
        >
          <p>
            {deciding.decision === 'confirmed' ? 'You confirm' : 'You dismiss as a false positive'} that <strong>{who(deciding.hit)}</strong> ({deciding.hit.source}) is{' '}
            {deciding.decision === 'confirmed' ? '' : 'not '}
            <strong>{deciding.hit.name}</strong>, entry {deciding.hit.ent_num} of the OFAC {deciding.hit.list === 'CONS' ? `Consolidated list version ${s.consolidated?.id ?? ''}` : `SDN list version ${s.version.id}`} ({deciding.hit.programs.join(', ')}). The decision and your reason are kept
            in the case record.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The case's Sanctions tab: screen every subject and identifier, then confirm or dismiss each hit. */
export function SanctionsTab({ record, onChanged }: CaseTabProps) {
  const [tick, setTick] = useState(0);
  const screenings = useApi('sanctions.caseScreenings', { number: record.number }, tick);
  const writable = record.status !== 'closed' && !record.locked;
  const refresh = () => {
    setTick((t) => t + 1);
    onChanged();
  };
  const { run, busy, error, setError } = useAction(refresh);
  const screen = () => run(async () => (await api('sanctions.screenCase', { number: record.number }), ''));
  const [latest, ...earlier] = screenings.data ?? [];
  return (
    <div className="sanctions-tab">
      <div className="actions">
        <button type="button" className="button primary" disabled={!writable || busy} onClick={() => void screen()}>
          Screen subjects and identifiers
        </button>
      </div>
      {!writable && <Notice kind="info">This case is closed or locked; screening results are read-only.</Notice>}
      <ErrorNotice error={error ?? screenings.error} onClose={() => setError(null)} />
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
