/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { RAIL_LABELS } from '../payments.ts';
import { formatUsd } from '../legal/exposure.ts';
import { PRIVILEGE_LABELS, RECOMMENDATION_LABELS } from '../decisions.ts';
import type { ReportData } from './types.ts';
import { Grid, KeyValues, when } from './parts.tsx';
import { AuditSection, DecisionsSection, ExposureSection, FindingsList, PaymentsTable } from './sections.tsx';
import { ExhibitList, FactorsSection, FactsSection } from './Facts.tsx';
import { ASSESSMENT_LABELS, EGREGIOUSNESS_FACTORS, factorInfo } from '../legal/factors.ts';

const TotalsTable = ({ title, rows, label }: { title: string; rows: { key: string; usdCents: number; count: number }[]; label: (k: string) => string }) => (
  <div className="block" style={{ display: 'inline-block', width: '32%', marginRight: '1%', verticalAlign: 'top' }}>
    <Grid
      rows={rows}
      empty="—"
      columns={[
        { head: title, cell: (r) => label(r.key) },
        { head: 'Payments', cell: (r) => r.count, num: true },
        { head: 'USD value', cell: (r) => formatUsd(r.usdCents).slice(4), num: true },
      ]}
    />
  </div>
);

/** Counsel's memorandum: what was paid, to whom, what it may cost, and what counsel recommends. */
export function LegalMemo({ data }: { data: ReportData }) {
  const c = data.case;
  const r = data.review;
  return (
    <>
      <section>
        <p>
          <strong>{data.marking}</strong>
        </p>
        <h1>Legal memorandum — sanctions exposure</h1>
        <KeyValues
          rows={[
            ['Case', `${c.number} — ${c.title}`],
            ['Prepared', `${when(data.generatedAt)} by ${data.generatedBy}`],
            ['Review', r ? `Review ${r.id} by ${r.reviewedBy}, ${when(r.reviewedAt)}${r.signedBy ? `; signed by ${r.signedBy}, ${when(r.signedAt)}` : '; NOT SIGNED'}` : 'No review recorded yet: this memorandum is a draft worksheet.'],
          ]}
        />
      </section>

      <FactsSection data={data} />

      <section>
        <h2>Payments ledger</h2>
        <PaymentsTable payments={data.payments} />
        <TotalsTable title="Rail" rows={data.totals.byRail} label={(k) => RAIL_LABELS[k as keyof typeof RAIL_LABELS] ?? k} />
        <TotalsTable title="Payee" rows={data.totals.byPayee} label={(k) => k} />
        <TotalsTable title="Year" rows={data.totals.byYear} label={(k) => k} />
        <h3>Payment red flags</h3>
        <FindingsList findings={data.paymentFindings} />
      </section>

      <ExposureSection exposure={data.exposure} />

      <FactorsSection data={data} />

      <section>
        <h2>Limitation dates</h2>
        <p>
          IEEPA violations after 2019-04-24 can be penalised for 10 years (Pub. L. 118-50, 2024-04-24); older payments had already passed the former 5-year period.
          Records must be kept 10 years (31 CFR 501.601).
        </p>
        <Grid
          rows={data.exposure.lines}
          empty="No payments."
          columns={[
            { head: '#', cell: (l) => l.id, num: true },
            { head: 'Paid on', cell: (l) => l.paidOn, nowrap: true },
            { head: 'Can be penalised until', cell: (l) => l.limitation.ends, nowrap: true },
            { head: 'Period', cell: (l) => `${l.limitation.years} years` },
            { head: 'On ' + data.exposure.asOf, cell: (l) => (l.timely ? 'open' : 'expired') },
          ]}
        />
      </section>

      <section className="block">
        <h2>Determination and recommendation</h2>
        {r ? (
          <>
            <h3>Culpability</h3>
            <p>
              {r.egregious ? 'Egregious' : 'Not egregious'}; {r.voluntarilySelfDisclosed ? 'voluntarily self-disclosed' : 'not voluntarily self-disclosed'}.
            </p>
            <p className="pre">{r.culpabilityRationale}</p>
            <p className="muted">
              The egregiousness determination rests mainly on General Factors A to D (31 CFR 501 App. A, section V.B.1):{' '}
              {EGREGIOUSNESS_FACTORS.map((k) => {
                const f = data.factors.find((x) => x.factor === k);
                return `${factorInfo(k).letter}. ${factorInfo(k).label}: ${f ? ASSESSMENT_LABELS[f.assessment].toLowerCase() : 'not recorded'}`;
              }).join('; ')}
              .
            </p>
            <h3>Determination</h3>
            <p className="pre">{r.determination}</p>
            <h3>Recommendation: {RECOMMENDATION_LABELS[r.recommendation]}</h3>
            <p className="pre">{r.recommendationRationale}</p>
            <p className="muted">Marking: {PRIVILEGE_LABELS[r.privilege]}</p>
          </>
        ) : (
          <p className="muted">Counsel has not recorded a determination.</p>
        )}
      </section>

      <DecisionsSection decisions={data.decisions} />

      <section className="block">
        <h2>Signatures</h2>
        <div className="sig">
          {r?.signedBy ? `${r.signedBy}, counsel — signed ${when(r.signedAt)}` : 'Counsel — not signed'}
          <br />
          <span className="muted">Legal review {r ? r.id : '—'}</span>
        </div>
        {data.decisions
          .filter((d) => d.final && d.state !== 'superseded')
          .flatMap((d) => d.signatures.map((s) => ({ d, s })))
          .map(({ d, s }) => (
            <div className="sig" key={`${d.id}-${s.role}`}>
              {s.signer}, {s.role} — signed {when(s.signedAt)}
              <br />
              <span className="muted">Final decision {d.id}</span>
            </div>
          ))}
      </section>
      <ExhibitList data={data} />
      <AuditSection audit={data.audit} />
    </>
  );
}
