/** @jsxRuntime automatic */
/** @jsxImportSource react */
import type { ReactNode } from 'react';
import { KIND_LABELS, type IdentifierKind } from '../identifiers.ts';
import { RAIL_LABELS, formatPaymentAmount, type Payment } from '../payments.ts';
import { BLOCK_RULES } from '../legal/filings.ts';
import { DISCLAIMER, formatUsd } from '../legal/exposure.ts';
import { RECOMMENDATION_LABELS } from '../decisions.ts';
import { counted } from '../text.ts';
import type { ReportData } from './types.ts';
import { Grid, KeyValues, when } from './parts.tsx';
import { Chronology, ExhibitList, FactsSection } from './Facts.tsx';
import { rateText, unconvertedText } from './sections.tsx';

const TO_COMPLETE = (what: string) => <span className="bad">[to complete: {what}]</span>;

function Head({ data, title, children }: { data: ReportData; title: string; children?: ReactNode }) {
  return (
    <section>
      <p>
        <strong>{data.marking}</strong>
      </p>
      <h1>{title}</h1>
      <KeyValues
        rows={[
          ['Case', `${data.case.number} — ${data.case.title}`],
          ['Prepared', `${when(data.generatedAt)} by ${data.generatedBy} in Casebook`],
          ['Status', 'Draft for counsel to review and complete; nothing here has been filed.'],
        ]}
      />
      {children}
      <div className="notice">
        <strong>{DISCLAIMER}</strong> Casebook fills in what the case records; bracketed fields are for counsel to complete. Check each field against the
        current text of the rule cited before filing.
      </div>
    </section>
  );
}

const usdText = (p: Payment) => (p.usdCents === null ? unconvertedText(p) : formatUsd(p.usdCents));
const accountText = (p: Payment) => [p.payeeAccount, p.walletTo && `wallet ${p.walletTo}`].filter(Boolean).join('; ') || '—';
const viaText = (p: Payment) => [p.intermediary, p.walletFrom && `from wallet ${p.walletFrom}`, p.txHash && `tx ${p.txHash}`, p.reference].filter(Boolean).join('; ') || '—';

/** Every payment: date, amount, currency, USD, rail, payee, account and intermediaries. */
export function TransactionSchedule({ payments }: { payments: Payment[] }) {
  return (
    <Grid
      rows={payments}
      empty="No payments recorded."
      columns={[
        { head: '#', cell: (p) => p.id, num: true },
        { head: 'Date', cell: (p) => p.paidOn, nowrap: true },
        { head: 'Amount', cell: (p) => formatPaymentAmount(p), num: true },
        { head: 'USD (rate, date)', cell: (p) => `${usdText(p)}${p.usdCents !== null && p.currency !== 'USD' ? ` (${rateText(p)})` : ''}`, width: '16%' },
        { head: 'Rail', cell: (p) => RAIL_LABELS[p.rail], width: '9%' },
        { head: 'Payee', cell: (p) => `${p.payeeName}${p.payeeCountry ? ` (${p.payeeCountry})` : ''}`, width: '13%' },
        { head: 'Account', cell: (p) => <span className="mono">{accountText(p)}</span> },
        { head: 'Intermediaries', cell: (p) => <span className="mono">{viaText(p)}</span> },
      ]}
    />
  );
}

/** A draft voluntary self-disclosure (31 CFR 501 App. A: a self-initiated notice to OFAC, followed by a report). */
export function VsdDraft({ data }: { data: ReportData }) {
  const r = data.review;
  return (
    <>
      <Head data={data} title="Voluntary self-disclosure to OFAC — draft">
        <KeyValues
          rows={[
            ['To', 'Office of Foreign Assets Control, Enforcement Division, U.S. Department of the Treasury'],
            ['Initial notification', data.notifiedOn ? data.notifiedOn : TO_COMPLETE('the date the initial notification is sent to OFAC')],
            ['Rule', 'Voluntary self-disclosure under the Economic Sanctions Enforcement Guidelines, 31 CFR Part 501 App. A'],
          ]}
        />
      </Head>
      <section>
        <h2>Narrative</h2>
        {r ? (
          <>
            <h3>What happened</h3>
            <p className="pre">{r.determination}</p>
            <h3>How it came about, and what the company knew</h3>
            <p className="pre">{r.culpabilityRationale}</p>
            <h3>Counsel's recommendation: {RECOMMENDATION_LABELS[r.recommendation]}</h3>
            <p className="pre">{r.recommendationRationale}</p>
            <p className="muted">From counsel's review {r.id} of {when(r.reviewedAt)}{r.signedBy ? `, signed by ${r.signedBy}` : ', not yet signed'}.</p>
          </>
        ) : (
          <p>{TO_COMPLETE('the narrative: counsel has not recorded a review in this case')}</p>
        )}
      </section>
      <section>
        <h2>Transaction schedule</h2>
        <TransactionSchedule payments={data.payments} />
      </section>
      <FactsSection data={data} />
      <ExhibitList data={data} title="Exhibit list" />
    </>
  );
}

/** The report OFAC asks for when a payment is blocked (31 CFR 501.603) or rejected (31 CFR 501.604), one per payment. */
export function BlockedReport({ data }: { data: ReportData }) {
  const byId = new Map(data.payments.map((p) => [p.id, p]));
  const programs = [...new Set((data.sanctionsHits ?? []).filter((h) => h.status === 'confirmed').flatMap((h) => h.programs))];
  const confirmed = (data.sanctionsHits ?? []).filter((h) => h.status === 'confirmed');
  return (
    <>
      <Head data={data} title="Report of blocked or rejected transactions — draft" />
      {data.blocks.map((b) => {
        const p = byId.get(b.paymentId)!;
        const rule = BLOCK_RULES[b.kind];
        const common: [string, ReactNode][] = [
          ['Sanctions program and target', programs.length ? `${programs.join(', ')}: ${confirmed.map((h) => `${h.sdnName} (SDN #${h.entNum})`).join('; ')}` : TO_COMPLETE('the sanctions program and the blocked person')],
          ['Contact for compliance information', <>{b.markedBy}, {TO_COMPLETE('telephone number and e-mail')}</>],
          ['Copy of the payment or transfer instructions', TO_COMPLETE('attach the instructions (see the exhibit list)')],
        ];
        const rows: [string, ReactNode][] =
          b.kind === 'blocked'
            ? [
                ['Person holding the blocked property', TO_COMPLETE('name and address of the reporting company')],
                ['Owner or account party', `${p.payeeName}${p.payeeCountry ? `, ${p.payeeCountry}` : ''}`],
                ['Description of the property', `${formatPaymentAmount(p)} paid by ${RAIL_LABELS[p.rail]} on ${p.paidOn}; account ${accountText(p)}; ${viaText(p)}`],
                ['Actual or estimated value', `${usdText(p)}${p.usdCents !== null && p.currency !== 'USD' ? ` at ${rateText(p)}` : ''}`],
                ['Date blocked', b.onDate],
                ['Blocked interest-bearing account', TO_COMPLETE('confirm the funds are held in a blocked, interest-bearing account and give its location')],
                ...common,
              ]
            : [
                ['Person submitting the report', TO_COMPLETE('name and address of the reporting company')],
                ['Date and type of the transaction', `${p.paidOn}, ${RAIL_LABELS[p.rail]}`],
                ['Amount', `${formatPaymentAmount(p)} (${usdText(p)})`],
                ['Originator', TO_COMPLETE('name, address and account of the sender')],
                ['Beneficiary', `${p.payeeName}${p.payeeCountry ? `, ${p.payeeCountry}` : ''}; account ${accountText(p)}`],
                ['Intermediaries', viaText(p)],
                ['Date rejected', b.onDate],
                ['Basis for the rejection', b.note],
                ...common,
              ];
        return (
          <section key={b.paymentId}>
            <h2>
              {rule.label} payment {p.id} — {rule.report} ({rule.cite})
            </h2>
            <p>
              Due to OFAC by <strong>{b.reportDue}</strong>: 10 business days after {b.onDate}, weekends and US federal holidays skipped. Remediation task {b.taskId ?? '—'} tracks the filing.
            </p>
            <KeyValues rows={rows} />
            {b.kind === 'blocked' && (
              <p className="muted">
                Counsel's note: <span className="pre">{b.note}</span>
              </p>
            )}
            <p className="muted">Marked {b.kind} by {b.markedBy}, {when(b.markedAt)}.</p>
          </section>
        );
      })}
      <ExhibitList data={data} />
    </>
  );
}

const IC3_KINDS: IdentifierKind[] = ['email', 'phone', 'wallet', 'ip', 'bank_account', 'payment_account', 'platform_handle', 'address', 'document', 'device'];

/**
 * The officer's worksheet for an IC3 complaint, in the order the complaint form asks: the
 * complainant, the money lost, the subjects, the description, then anything else.
 */
export function Ic3Worksheet({ data }: { data: ReportData }) {
  const subjects = data.subjects ?? [];
  return (
    <>
      <Head data={data} title="IC3 complaint worksheet">
        <p className="muted">
          Laid out in the order of the FBI Internet Crime Complaint Center's complaint form: complainant, financial transactions, subject information, description of
          the incident, other information. Copy each section into the form; the form itself may have changed since this was written.
        </p>
      </Head>
      <section>
        <h2>1. Complainant (victim) information</h2>
        <KeyValues
          rows={[
            ['Organisation', TO_COMPLETE('the company’s legal name, address and phone')],
            ['Point of contact', TO_COMPLETE('name, e-mail and phone of the person filing')],
          ]}
        />
      </section>
      <section>
        <h2>2. Financial transactions</h2>
        <TransactionSchedule payments={data.payments} />
        <p>Total valued in USD: {formatUsd(data.totals.totalUsdCents)}{data.totals.unconverted ? ` (${counted(data.totals.unconverted, 'payment')} without a usable exchange rate not included)` : ''}.</p>
      </section>
      <section>
        <h2>3. Information about the subject(s)</h2>
        {subjects.length === 0 && <p className="muted">No subjects recorded.</p>}
        {subjects.map((s, i) => (
          <div className="block" key={i}>
            <h3>{s.name}</h3>
            <KeyValues
              rows={[
                ['Also known as', s.aliases.join('; ') || '—'],
                ['Claimed nationality', s.nationality || '—'],
                ['Claimed location', s.location || '—'],
                ...IC3_KINDS.filter((k) => s.identifiers.some((x) => x.kind === k)).map((k): [string, ReactNode] => [
                  KIND_LABELS[k],
                  <span key={k} className="mono">
                    {s.identifiers.filter((x) => x.kind === k).map((x) => x.value).join('; ')}
                  </span>,
                ]),
              ]}
            />
          </div>
        ))}
      </section>
      <section>
        <h2>4. Description of the incident</h2>
        <p className="pre">{data.case.summary || TO_COMPLETE('a short description of what happened')}</p>
        <h3>Timeline</h3>
        <Chronology data={data} />
      </section>
      <section>
        <h2>5. Other information</h2>
        <h3>Red flags present</h3>
        <Grid
          rows={(data.indicators ?? []).filter((x) => x.status === 'present')}
          empty="No indicator assessed as present."
          columns={[
            { head: 'Id', cell: (x) => x.id, width: '8%' },
            { head: 'Red flag', cell: (x) => x.title },
            { head: 'Source', cell: (x) => x.sources.join('; '), width: '30%' },
          ]}
        />
        <h3>Sanctions screening</h3>
        <Grid
          rows={(data.sanctionsHits ?? []).filter((h) => h.status === 'confirmed')}
          empty="No confirmed sanctions hit."
          columns={[
            { head: 'Screened', cell: (h) => h.query },
            { head: 'SDN entry', cell: (h) => `${h.sdnName} (#${h.entNum}; ${h.programs.join(', ')})` },
            { head: 'List version', cell: (h) => `${h.listVersion} (${h.listPublished})` },
          ]}
        />
      </section>
      <ExhibitList data={data} title="Evidence kept (exhibits and their SHA-256)" />
    </>
  );
}
