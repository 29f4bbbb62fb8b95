/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { DECISION_LABELS, TASK_LABELS, type Decision, type RemediationTask } from '../decisions.ts';
import { RAIL_LABELS, formatAmount, type Payment, type PaymentFinding } from '../payments.ts';
import { DISCLAIMER, formatUsd } from '../legal/exposure.ts';
import type { ExposureReport } from '../contract/legal.ts';
import type { ReportData } from './types.ts';
import { Grid, KeyValues, day, when } from './parts.tsx';

const STATE_LABELS: Record<Decision['state'], string> = { draft: 'Awaiting signatures', partly_signed: 'Partly signed', signed: 'Signed', superseded: 'Superseded' };

export function DecisionsSection({ decisions }: { decisions: Decision[] }) {
  return (
    <section>
      <h2>Decisions and sign-offs</h2>
      {decisions.length === 0 && <p className="muted">No decision has been recorded.</p>}
      {decisions.map((d) => (
        <div className="block" key={d.id}>
          <h3>
            Decision {d.id}: {DECISION_LABELS[d.kind]} <span className="badge">{d.final ? 'final' : 'interim'}</span> <span className="badge">{STATE_LABELS[d.state]}</span>
          </h3>
          <p className="muted">
            Decided by {d.decidedBy}, {when(d.decidedAt)}
            {d.supersedes !== null && `; supersedes decision ${d.supersedes}`}
            {d.supersededBy !== null && `; superseded by decision ${d.supersededBy}`}
          </p>
          <p className="pre">{d.rationale}</p>
          {(d.indicators.length > 0 || d.exhibits.length > 0) && (
            <p className="muted">
              Indicators: {d.indicators.join(', ') || '—'} · Exhibits: {d.exhibits.join(', ') || '—'}
            </p>
          )}
          <p>
            {d.signatures.map((s) => `Signed (${s.role}): ${s.signer}, ${when(s.signedAt)}`).join(' · ') || 'Not signed.'}
            {d.awaiting.length > 0 && d.state !== 'superseded' && ` Awaiting: ${d.awaiting.join(', ')}.`}
          </p>
        </div>
      ))}
    </section>
  );
}

export function TasksSection({ tasks }: { tasks: RemediationTask[] }) {
  return (
    <section>
      <h2>Remediation</h2>
      <Grid
        rows={tasks}
        empty="No remediation tasks recorded."
        columns={[
          { head: 'Task', cell: (t) => `${TASK_LABELS[t.kind]}${t.title ? `: ${t.title}` : ''}` },
          { head: 'Owner', cell: (t) => t.owner },
          { head: 'Due', cell: (t) => day(t.dueOn), nowrap: true },
          { head: 'Status', cell: (t) => <span className={t.overdue ? 'bad' : undefined}>{t.status.replace('_', ' ')}{t.overdue ? ' (overdue)' : ''}</span> },
          { head: 'Evidence', cell: (t) => <span className="pre">{t.evidence || '—'}</span> },
        ]}
      />
    </section>
  );
}

export function PaymentsTable({ payments }: { payments: Payment[] }) {
  return (
    <Grid
      rows={payments}
      empty="No payments recorded."
      columns={[
        { head: '#', cell: (p) => p.id, num: true },
        { head: 'Date', cell: (p) => p.paidOn, nowrap: true },
        { head: 'Amount', cell: (p) => formatAmount(p.amountMinor, p.currency), num: true },
        { head: 'USD', cell: (p) => (p.usdCents === null ? 'no rate' : formatUsd(p.usdCents).slice(4)), num: true },
        { head: 'Rail', cell: (p) => RAIL_LABELS[p.rail] },
        { head: 'Payee', cell: (p) => p.payeeName },
        { head: 'Account', cell: (p) => <span className="mono">{p.payeeAccount || '—'}</span> },
        { head: 'Ctry', cell: (p) => p.payeeCountry || '—' },
        { head: 'Intermediary / reference', cell: (p) => [p.intermediary, p.reference].filter(Boolean).join(' · ') || '—' },
      ]}
    />
  );
}

export function FindingsList({ findings }: { findings: PaymentFinding[] }) {
  if (findings.length === 0) return <p className="muted">No payment red flags detected.</p>;
  return (
    <Grid
      rows={findings}
      empty=""
      columns={[
        { head: 'Indicator', cell: (f) => f.indicator, width: '12%' },
        { head: 'Finding', cell: (f) => f.summary },
        { head: 'Payments', cell: (f) => f.paymentIds.join(', '), width: '20%' },
      ]}
    />
  );
}

export const Disclaimer = () => (
  <div className="notice">
    <strong>{DISCLAIMER}</strong> Figures follow 31 CFR Part 501 App. A (base penalty matrix) and 31 CFR 510.701 (statutory maximum); OFAC weighs the General
    Factors and may settle for less. Each payment is treated as a separate violation.
  </div>
);

export function ExposureSection({ exposure }: { exposure: ExposureReport }) {
  const c = exposure.culpability;
  const byId = new Map(exposure.payments.map((p) => [p.id, p]));
  return (
    <section>
      <h2>Sanctions exposure</h2>
      <Disclaimer />
      <KeyValues
        rows={[
          ['Conduct', `${c.egregious ? 'Egregious' : 'Not egregious'}; ${c.voluntarilySelfDisclosed ? 'voluntarily self-disclosed' : 'not self-disclosed'} (${exposure.culpabilitySource === 'review' ? "counsel's review" : exposure.culpabilitySource === 'input' ? 'chosen for this estimate' : 'default, no review recorded'})`],
          ['Statutory maximum', `${formatUsd(exposure.statutoryMaximum.amountCents)} per violation (effective ${exposure.statutoryMaximum.effectiveFrom})`],
          ['Assessed as of', exposure.asOf],
        ]}
      />
      <Grid
        rows={exposure.lines}
        empty="No payments recorded, so no exposure is computed."
        columns={[
          { head: '#', cell: (l) => l.id, num: true },
          { head: 'Date', cell: (l) => l.paidOn, nowrap: true },
          { head: 'Payee', cell: (l) => byId.get(l.id)?.payeeName ?? '' },
          { head: 'Value (USD)', cell: (l) => (l.usdCents === null ? 'no rate' : formatUsd(l.usdCents).slice(4)), num: true },
          { head: 'Base penalty', cell: (l) => (l.basePenaltyCents === null ? '—' : formatUsd(l.basePenaltyCents).slice(4)), num: true },
          { head: 'Ceiling', cell: (l) => (l.ceilingCents === null ? '—' : formatUsd(l.ceilingCents).slice(4)), num: true },
          { head: 'Limitation ends', cell: (l) => <span className={l.timely ? undefined : 'muted'}>{l.limitation.ends}{l.timely ? '' : ' (expired)'}{l.limitation.years === 5 ? ' (5 yrs)' : ''}</span>, nowrap: true },
        ]}
        foot={
          <tfoot>
            <tr>
              <td colSpan={3}>Total</td>
              <td className="num">{formatUsd(exposure.totalUsdCents).slice(4)}</td>
              <td className="num">{formatUsd(exposure.totalBasePenaltyCents).slice(4)}</td>
              <td className="num">{formatUsd(exposure.totalCeilingCents).slice(4)}</td>
              <td>timely: {formatUsd(exposure.timelyBasePenaltyCents).slice(4)}</td>
            </tr>
          </tfoot>
        }
      />
      {exposure.missingRates.length > 0 && (
        <p className="bad">
          No exchange rate entered for: {exposure.missingRates.map((m) => `${m.currency} on ${m.date}`).join(', ')}. Those payments are left out of the totals.
        </p>
      )}
    </section>
  );
}

export function AuditSection({ audit }: { audit: ReportData['audit'] }) {
  const v = audit.verification;
  return (
    <section className="block">
      <h2>Audit trail</h2>
      <KeyValues
        rows={[
          ['Events in the database', String(audit.events)],
          ['Events for this case', String(audit.caseEvents)],
          ['Head hash', <span key="head" className="mono">{audit.head}</span>],
          ['Verified at export', <span key="verified" className={v.ok ? 'ok' : 'bad'}>{v.ok ? `Intact: all ${v.events} events verified (${when(audit.verifiedAt)})` : `BROKEN at event ${v.brokenAt}: ${v.reason}`}</span>],
        ]}
      />
    </section>
  );
}
