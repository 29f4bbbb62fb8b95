import { useState, type FormEvent } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { RAILS, RAIL_LABELS, formatPaymentAmount, parseAmount, type Payment, type Rail, type Totals } from '../../../../shared/payments.ts';
import { PRIVILEGE_LABELS, RECOMMENDATION_LABELS } from '../../../../shared/decisions.ts';
import { formatUsd } from '../../../../shared/legal/exposure.ts';
import { api, ApiError, toApiError as toError } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useApi, useSession } from '../../hooks.ts';
import { formatDate, formatTime } from '../../format.ts';
import { PaymentImport, RatesPanel, ReviewForm, StatutoryMaximumPanel } from './CounselPanels.tsx';
import { ExposurePanel, useCulpabilityChoice } from './ExposurePanel.tsx';
import type { CaseTabProps } from '../cases/tabs.tsx';


type Draft = { paidOn: string; amount: string; currency: string; rail: Rail; payeeName: string; payeeAccount: string; payeeCountry: string };
const EMPTY: Draft = { paidOn: '', amount: '', currency: 'USD', rail: 'bank_wire', payeeName: '', payeeAccount: '', payeeCountry: '' };

function PaymentsTable({ payments }: { payments: Payment[] }) {
  return (
    <table className="table" aria-label="Payments">
      <thead>
        <tr>
          <th>Date</th>
          <th className="num">Amount</th>
          <th className="num">USD</th>
          <th>Rate (USD per unit)</th>
          <th>Rail</th>
          <th>Payee</th>
          <th>Account</th>
          <th>Country</th>
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr key={p.id} data-testid="payment">
            <td className="mono">{p.paidOn}</td>
            <td className="num mono">{formatPaymentAmount(p)}</td>
            <td className="num mono">{p.usdCents === null ? <span className="muted">{p.unconvertedReason === 'stale rate' ? `stale rate (${p.rateDate})` : 'no rate'}</span> : formatUsd(p.usdCents)}</td>
            <td className="mono">{p.currency === 'USD' || p.usdCents === null ? '—' : `${p.rate} on ${p.rateDate}`}</td>
            <td>{RAIL_LABELS[p.rail]}</td>
            <td>{p.payeeName}</td>
            <td className="mono">{p.payeeAccount || '—'}</td>
            <td>{p.payeeCountry || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LegalTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const isCounsel = useSession().role === 'counsel';
  const [refresh, setRefresh] = useState(0);
  const changed = () => setRefresh((r) => r + 1);
  const culpability = useCulpabilityChoice();
  const payments = useApi('payments.list', { number }, refresh);
  const { eg, vs } = culpability.choice;
  const exposure = useApi('legal.exposure', { number, ...(eg !== undefined && { egregious: eg }), ...(vs !== undefined && { voluntarilySelfDisclosed: vs }) }, refresh);
  const reviews = useApi('legal.reviews', { number }, refresh);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const currency = draft.currency.trim().toUpperCase();
    let amountMinor: number | null = null;
    try {
      amountMinor = parseAmount(draft.amount, currency);
    } catch {
      amountMinor = null;
    }
    if (amountMinor === null) {
      setError(new Error(`Amount: "${draft.amount}" is not an amount in ${currency || 'that currency'} (e.g. 1234.56).`));
      return;
    }
    setBusy(true);
    try {
      const p = await api('payments.add', {
        number,
        paidOn: draft.paidOn,
        amountMinor,
        currency,
        rail: draft.rail,
        payeeName: draft.payeeName,
        payeeAccount: draft.payeeAccount,
        payeeCountry: draft.payeeCountry,
      });
      setDraft((d) => ({ ...EMPTY, currency: d.currency, rail: d.rail }));
      setDone(`Added payment of ${formatPaymentAmount(p)} to ${p.payeeName}.`);
      setRefresh((r) => r + 1);
    } catch (err) {
      setError(toError(err));
    } finally {
      setBusy(false);
    }
  };

  const view = payments.data;
  const x = exposure.data;
  const review = (reviews.data ?? []).filter((r) => r.supersededBy === null).at(-1);

  return (
    <div className="legal-tab">
      <ErrorNotice error={payments.error ?? exposure.error ?? reviews.error} />
      <ErrorNotice error={error} onClose={() => setError(null)} />
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: payments can be read but not added.</Notice>}
      {done && (
        <Notice kind="success" onClose={() => setDone(null)}>
          {done}
        </Notice>
      )}

      <section aria-labelledby="payments-heading">
        <h2 id="payments-heading">Payments</h2>
        {view && view.payments.length === 0 && <p className="muted">No payments recorded yet.</p>}
        {view && view.payments.length > 0 && <PaymentsTable payments={view.payments} />}
        {view && view.payments.length > 0 && (
          <p className="muted">
            Total {formatUsd(view.totals.totalUsdCents)}
            {view.totals.unconverted > 0 && ` · ${view.totals.unconverted} payment(s) without a usable exchange rate left out`}
          </p>
        )}
        {view && view.payments.length > 0 && <TotalsTables totals={view.totals} />}
        {view && view.findings.length > 0 && (
          <ul className="legal-findings">
            {view.findings.map((f) => (
              <li key={f.indicator}>
                <span className="badge">{f.indicator}</span> {f.summary}
              </li>
            ))}
          </ul>
        )}

        <form className="form" onSubmit={(e) => void add(e)} aria-label="Add a payment">
          <h3>Add a payment</h3>
          <fieldset disabled={readOnly || busy}>
            <div className="field-row">
              <div className="field">
                <label htmlFor="pay-date">Date</label>
                <input id="pay-date" type="date" value={draft.paidOn} onChange={(e) => set('paidOn', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="pay-amount">Amount</label>
                <input id="pay-amount" inputMode="decimal" placeholder="1234.56" value={draft.amount} onChange={(e) => set('amount', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="pay-currency">Currency</label>
                <input id="pay-currency" maxLength={3} value={draft.currency} onChange={(e) => set('currency', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="pay-rail">Rail</label>
                <select id="pay-rail" value={draft.rail} onChange={(e) => set('rail', e.target.value as Rail)}>
                  {RAILS.map((r) => (
                    <option key={r} value={r}>
                      {RAIL_LABELS[r]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div className="field-row">
              <div className="field">
                <label htmlFor="pay-payee">Payee</label>
                <input id="pay-payee" value={draft.payeeName} onChange={(e) => set('payeeName', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="pay-account">Payee account</label>
                <input id="pay-account" value={draft.payeeAccount} onChange={(e) => set('payeeAccount', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="pay-country">Payee country</label>
                <input id="pay-country" maxLength={2} placeholder="CN" value={draft.payeeCountry} onChange={(e) => set('payeeCountry', e.target.value)} />
              </div>
            </div>
            <button type="submit" className="button primary">
              Add payment
            </button>
          </fieldset>
        </form>
        <PaymentImport number={number} readOnly={readOnly} onChanged={changed} />
      </section>

      <RatesPanel missing={x?.missingRates ?? []} onChanged={changed} />

      <ExposurePanel x={x} culpability={culpability} />

      <section aria-labelledby="review-heading">
        <h2 id="review-heading">Counsel's review</h2>
        {!review && !reviews.loading && <p className="muted">Counsel has not recorded a review yet.</p>}
        {!isCounsel && review && <p className="muted">Only counsel records and signs the review; you see it read-only.</p>}
        {review && (
          <div className="legal-review" data-testid="legal-review">
            <p className="privilege-marking">{PRIVILEGE_LABELS[review.privilege]}</p>
            <dl>
              <dt>Culpability</dt>
              <dd>
                {review.egregious ? 'Egregious' : 'Not egregious'} · {review.voluntarilySelfDisclosed ? 'voluntarily self-disclosed' : 'not self-disclosed'}
                <div className="muted">{review.culpabilityRationale}</div>
              </dd>
              <dt>Determination</dt>
              <dd>{review.determination}</dd>
              <dt>Recommendation</dt>
              <dd>
                {RECOMMENDATION_LABELS[review.recommendation]}
                <div className="muted">{review.recommendationRationale}</div>
              </dd>
              <dt>Reviewed</dt>
              <dd>
                {review.reviewedBy}, {formatTime(review.reviewedAt)}
              </dd>
              <dt>Signed</dt>
              <dd>{review.signedBy ? `${review.signedBy}, ${formatDate(review.signedAt)}` : <span className="muted">Not signed</span>}</dd>
            </dl>
          </div>
        )}
        {isCounsel && reviews.data && <ReviewForm number={number} current={review} readOnly={readOnly} onChanged={changed} />}
      </section>

      <StatutoryMaximumPanel canEdit={isCounsel} onChanged={changed} />
    </div>
  );
}

/** What was paid, in USD, by rail, by payee and by year. */
function TotalsTables({ totals }: { totals: Totals }) {
  const groups: [string, Totals['byRail']][] = [
    ['By rail', totals.byRail.map((r) => ({ ...r, key: RAIL_LABELS[r.key as Rail] ?? r.key }))],
    ['By payee', totals.byPayee],
    ['By year', totals.byYear],
  ];
  return (
    <div className="payment-totals">
      {groups.map(([title, rows]) => (
        <table key={title} className="table" aria-label={`Totals ${title.toLowerCase()}`}>
          <thead>
            <tr>
              <th>{title}</th>
              <th className="num">Payments</th>
              <th className="num">USD</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{r.key}</td>
                <td className="num">{r.count}</td>
                <td className="num mono">{formatUsd(r.usdCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
