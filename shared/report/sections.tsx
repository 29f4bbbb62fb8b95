/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { DECISION_LABELS, TASK_LABELS, type Decision, type RemediationTask } from '../decisions.ts';
import { RAIL_LABELS, formatPaymentAmount, type Payment, type PaymentFinding } from '../payments.ts';
import { CELL_KEYS, CELL_RULES, DISCLAIMER, formatUsd } from '../legal/exposure.ts';
import { FACTORS_NOTE } from '../legal/factors.ts';
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
        { head: 'Amount', cell: (p) => formatPaymentAmount(p), num: true },
        { head: 'USD', cell: (p) => (p.usdCents === null ? unconvertedText(p) : formatUsd(p.usdCents).slice(4)), num: true },
        { head: 'Rate (date)', cell: (p) => rateText(p), nowrap: true },
        { head: 'Rail', cell: (p) => RAIL_LABELS[p.rail] },
        { head: 'Payee', cell: (p) => p.payeeName },
        { head: 'Account', cell: (p) => <span className="mono">{[p.payeeAccount, p.walletTo && `wallet ${p.walletTo}`].filter(Boolean).join('; ') || '—'}</span> },
        { head: 'Ctry', cell: (p) => p.payeeCountry || '—' },
        { head: 'Intermediary / reference', cell: (p) => [p.intermediary, p.reference].filter(Boolean).join(' · ') || '—' },
      ]}
    />
  );
}

/** Why a payment has no USD value, for people to read. */
export const unconvertedText = (p: Payment): string =>
  p.unconvertedReason === 'stale rate' ? `stale rate (latest ${p.rateDate ?? '—'})` : 'no rate';

/** The rate that valued a payment and its date ("1.0834 (2025-06-09)"); USD needs none. */
export const rateText = (p: Payment): string => (p.currency === 'USD' ? '—' : p.usdCents === null ? '—' : `${p.rate} (${p.rateDate})`);

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
    <strong>{DISCLAIMER}</strong> Figures follow 31 CFR Part 501 App. A, section V.B.2.a (base penalty matrix) and 31 CFR 510.701(a)(2) (applicable statutory
    maximum: the greater of the dated amount and twice the transaction value). Each payment is treated as a separate violation. {FACTORS_NOTE}
  </div>
);

const cents = (n: number | null) => (n === null ? '—' : formatUsd(n).slice(4));

export function ExposureSection({ exposure }: { exposure: ExposureReport }) {
  const c = exposure.culpability;
  const byId = new Map(exposure.payments.map((p) => [p.id, p]));
  const counted = exposure.lines.filter((l) => l.counted);
  const barred = exposure.lines.filter((l) => l.usdCents !== null && !l.timely);
  return (
    <section>
      <h2>Sanctions exposure</h2>
      <Disclaimer />
      <KeyValues
        rows={[
          ['Conduct', `${c.egregious ? 'Egregious' : 'Not egregious'}; ${c.voluntarilySelfDisclosed ? 'voluntarily self-disclosed' : 'not self-disclosed'} (${exposure.culpabilitySource === 'review' ? "counsel's review" : exposure.culpabilitySource === 'input' ? 'chosen for this estimate' : 'default, no review recorded'})`],
          [
            'Dated statutory amount',
            `${formatUsd(exposure.statutoryMaximum.amountCents)} (IEEPA, in force from ${exposure.statutoryMaximum.effectiveFrom}). The applicable statutory maximum of each violation is the greater of this amount and twice the transaction value (31 CFR 510.701(a)(2)).`,
          ],
          ['Assessed as of', exposure.asOf],
          ['Exchange rates', `A rate counts only if dated on the payment date or up to ${exposure.rateMaxAgeDays} day(s) before it.`],
        ]}
      />
      <h3>Base penalty in each cell of the matrix</h3>
      <Grid
        rows={CELL_KEYS.map((k) => k)}
        empty=""
        columns={[
          { head: 'Cell', cell: (k) => <span className={k === exposure.cell ? 'ok' : undefined}>{CELL_RULES[k].label}{k === exposure.cell ? ' (chosen)' : ''}</span> },
          { head: 'Rule', cell: (k) => `${CELL_RULES[k].rule} (${CELL_RULES[k].cite})` },
          { head: 'Total base penalty (USD)', cell: (k) => <strong>{cents(exposure.cells[k])}</strong>, num: true },
        ]}
      />
      <h3>Per payment</h3>
      <Grid
        rows={counted}
        empty="No payment is both valued in USD and within its limitation period, so no exposure is computed."
        columns={[
          { head: '#', cell: (l) => l.id, num: true },
          { head: 'Date', cell: (l) => l.paidOn, nowrap: true },
          { head: 'Payee', cell: (l) => byId.get(l.id)?.payeeName ?? '' },
          { head: 'Value (USD)', cell: (l) => cents(l.usdCents), num: true },
          { head: 'Applicable maximum', cell: (l) => cents(l.applicableMaximumCents), num: true },
          ...CELL_KEYS.map((k) => ({
            head: `${CELL_RULES[k].label.replace('voluntarily self-disclosed', 'VSD').replace('not self-disclosed', 'no VSD')}${k === exposure.cell ? ' ✓' : ''}`,
            cell: (l: (typeof counted)[number]) => cents(l.cells?.[k] ?? null),
            num: true,
          })),
          { head: 'Limitation ends', cell: (l) => `${l.limitation.ends}${l.limitation.years === 5 ? ' (5 yrs)' : ''}`, nowrap: true },
        ]}
        foot={
          <tfoot>
            <tr>
              <td colSpan={3}>Total ({counted.length} payment(s))</td>
              <td className="num">{cents(exposure.totalUsdCents)}</td>
              <td className="num">{cents(exposure.totalCeilingCents)}</td>
              {CELL_KEYS.map((k) => (
                <td className="num" key={k}>
                  {cents(exposure.cells[k])}
                </td>
              ))}
              <td />
            </tr>
          </tfoot>
        }
      />
      {barred.length > 0 && (
        <p className="muted">
          Time-barred on {exposure.asOf}, left out of the totals: payment(s) {barred.map((l) => `${l.id} (${l.paidOn}, USD ${cents(l.usdCents)}, period ended ${l.limitation.ends})`).join('; ')}.
          Their base penalty in the chosen cell would have been USD {cents(exposure.timeBarred.basePenaltyCents)}.
        </p>
      )}
      {exposure.unconverted.length > 0 && (
        <p className="bad">
          Without a USD value, left out of the totals:{' '}
          {exposure.unconverted
            .map((u) => {
              const p = byId.get(u.id);
              return `payment ${u.id} (${p ? `${formatPaymentAmount(p)} on ${p.paidOn}` : '—'}): ${u.reason === 'stale rate' ? `the latest rate is dated ${p?.rateDate ?? '—'}, more than ${exposure.rateMaxAgeDays} day(s) earlier` : 'no rate entered'}`;
            })
            .join('; ')}
          .
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
          ['Verified at export', <span key="verified" className={v.ok ? 'ok' : 'bad'}>{v.ok ? `Intact: all ${v.events} events verified${v.signatures ? `, ${v.signatures.checked} signature(s) checked` : ''} (${when(audit.verifiedAt)})` : `BROKEN${v.brokenAt ? ` at event ${v.brokenAt}` : ''}: ${v.reason}`}</span>],
          [
            'Last signed checkpoint',
            audit.checkpoint ? (
              <span key="checkpoint">
                {audit.checkpoint.seq} events, head <span className="mono">{audit.checkpoint.head.slice(0, 16)}…</span>, {when(audit.checkpoint.at)}, signed by {audit.checkpoint.signer} (key{' '}
                <span className="mono">{audit.checkpoint.fingerprint}</span>)
              </span>
            ) : (
              'None yet'
            ),
          ],
        ]}
      />
      {audit.signatures && audit.signatures.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Signed</th>
              <th>By</th>
              <th>Key fingerprint</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {audit.signatures.map((x) => (
              <tr key={`${x.what}-${x.whatId}-${x.role}`}>
                <td>{x.what === 'decision' ? `Decision #${x.whatId}` : `Legal review #${x.whatId}`}</td>
                <td>
                  {x.signer} ({x.role})
                </td>
                <td className="mono">{x.fingerprint}</td>
                <td>{when(x.signedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
