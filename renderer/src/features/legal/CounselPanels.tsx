import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Progress } from '../../../../shared/contract/index.ts';
import type { ImportResult } from '../../../../shared/contract/payments.ts';
import { PRIVILEGE_LABELS, PRIVILEGE_MARKINGS, RECOMMENDATIONS, RECOMMENDATION_LABELS, type LegalReview, type PrivilegeMarking, type Recommendation, type ReviewFields } from '../../../../shared/decisions.ts';
import { formatUsd } from '../../../../shared/legal/exposure.ts';
import { api, newJobId, onProgress } from '../../api.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { bytesToBase64 } from '../../files.ts';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';

const SHORT_PRIVILEGE: Record<PrivilegeMarking, string> = {
  attorney_client: 'Attorney-client communication',
  work_product: 'Attorney work product',
  attorney_client_work_product: 'Attorney-client communication and work product',
};
const blank = (): ReviewFields => ({
  privilege: 'attorney_client_work_product',
  egregious: false,
  voluntarilySelfDisclosed: false,
  culpabilityRationale: '',
  determination: '',
  recommendation: 'undetermined',
  recommendationRationale: '',
});
const fieldsOf = (r: LegalReview): ReviewFields => ({
  privilege: r.privilege,
  egregious: r.egregious,
  voluntarilySelfDisclosed: r.voluntarilySelfDisclosed,
  culpabilityRationale: r.culpabilityRationale,
  determination: r.determination,
  recommendation: r.recommendation,
  recommendationRationale: r.recommendationRationale,
});

/**
 * Counsel's review form: saving records a review that supersedes the one in force; signing makes it
 * final. It starts from the review in force; after a save the form already holds what was saved.
 */
export function ReviewForm({ number, current, readOnly, onChanged }: { number: string; current: LegalReview | undefined; readOnly: boolean; onChanged: () => void }) {
  const [f, setF] = useState<ReviewFields>(() => (current ? fieldsOf(current) : blank()));
  const { run, busy, notices } = useAction(onChanged);
  const set = <K extends keyof ReviewFields>(k: K, v: ReviewFields[K]) => setF((d) => ({ ...d, [k]: v }));

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api('legal.review', { number, ...f, ...(current && { supersedes: current.id }) });
      return current ? `Saved review #${r.id}; it supersedes review #${current.id}. Sign it to make it final.` : `Saved review #${r.id}. Sign it to make it final.`;
    });
  };
  const sign = () =>
    current &&
    void run(async () => {
      const r = await api('legal.signReview', { number, id: current.id });
      return `Signed review #${r.id}.`;
    });

  const yesNo = (id: string, label: string, value: boolean, onChange: (v: boolean) => void) => (
    <fieldset className="yes-no" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="yes-no-label">
        {label}
      </span>
      <label>
        <input type="radio" name={id} checked={value} onChange={() => onChange(true)} /> Yes
      </label>
      <label>
        <input type="radio" name={id} checked={!value} onChange={() => onChange(false)} /> No
      </label>
    </fieldset>
  );

  return (
    <form className="form review-form" onSubmit={save} aria-label="Counsel's review">
      <h3>{current ? (current.signedBy ? 'Supersede the signed review' : 'Revise or sign the review') : 'Record the review'}</h3>
      {notices}
      {current && !current.signedBy && (
        <div className="review-sign">
          <span>Review #{current.id} is saved but not signed.</span>
          <button type="button" className="button primary" disabled={readOnly || busy} onClick={sign}>
            Sign review #{current.id}
          </button>
        </div>
      )}
      <fieldset disabled={readOnly || busy}>
        <div className="field">
          <label htmlFor="review-privilege">Privilege marking</label>
          <select id="review-privilege" value={f.privilege} onChange={(e) => set('privilege', e.target.value as PrivilegeMarking)}>
            {PRIVILEGE_MARKINGS.map((p) => (
              <option key={p} value={p}>
                {SHORT_PRIVILEGE[p]}
              </option>
            ))}
          </select>
          <small className="muted">Printed on every page: {PRIVILEGE_LABELS[f.privilege]}</small>
        </div>
        <div className="field-row">
          {yesNo('review-egregious', 'Egregious', f.egregious, (v) => set('egregious', v))}
          {yesNo('review-vsd', 'Voluntarily self-disclosed', f.voluntarilySelfDisclosed, (v) => set('voluntarilySelfDisclosed', v))}
        </div>
        <div className="field">
          <label htmlFor="review-culpability">Rationale: why the conduct is or is not egregious, and whether it was self-disclosed</label>
          <textarea id="review-culpability" rows={3} value={f.culpabilityRationale} onChange={(e) => set('culpabilityRationale', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="review-determination">Determination</label>
          <textarea id="review-determination" rows={3} value={f.determination} onChange={(e) => set('determination', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="review-recommendation">Recommendation</label>
          <select id="review-recommendation" value={f.recommendation} onChange={(e) => set('recommendation', e.target.value as Recommendation)}>
            {RECOMMENDATIONS.map((r) => (
              <option key={r} value={r}>
                {RECOMMENDATION_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="review-recommendation-rationale">Why</label>
          <textarea id="review-recommendation-rationale" rows={3} value={f.recommendationRationale} onChange={(e) => set('recommendationRationale', e.target.value)} />
        </div>
        <button type="submit" className="button">
          {current ? `Save as a new review (supersedes #${current.id})` : 'Save review'}
        </button>
      </fieldset>
    </form>
  );
}

/** Exchange rates (global, typed in by the user), with the ones the worksheet still lacks. */
export function RatesPanel({ missing, onChanged }: { missing: { currency: string; date: string }[]; onChanged: () => void }) {
  const [refresh, setRefresh] = useState(0);
  const rates = useApi('rates.list', {}, refresh);
  const [currency, setCurrency] = useState('');
  const [date, setDate] = useState('');
  const [rate, setRate] = useState('');
  const { run, busy, notices } = useAction(() => {
    setRefresh((r) => r + 1);
    onChanged();
  });
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api('rates.set', { currency: currency.trim().toUpperCase(), date, usdPerUnit: rate.trim() });
      setRate('');
      return `1 ${r.currency} = ${r.usdPerUnit} USD from ${r.date}.`;
    });
  };
  return (
    <section aria-labelledby="rates-heading" className="rates-panel">
      <h2 id="rates-heading">Exchange rates</h2>
      <p className="muted">USD per unit of each currency, as of a date; a payment uses the rate on, or last before, its date. Rates apply to every case.</p>
      <ErrorNotice error={rates.error} />
      {notices}
      <div className="rates-layout">
        <div>
          {(rates.data ?? []).length === 0 && !rates.loading && <p className="muted">No rates entered yet.</p>}
          {(rates.data ?? []).length > 0 && (
            <table className="table" aria-label="Exchange rates">
              <thead>
                <tr>
                  <th>Currency</th>
                  <th>From</th>
                  <th className="num">USD per unit</th>
                  <th>Entered</th>
                </tr>
              </thead>
              <tbody>
                {rates.data!.map((r) => (
                  <tr key={`${r.currency}-${r.date}`} data-testid="rate">
                    <td className="mono">{r.currency}</td>
                    <td className="mono">{r.date}</td>
                    <td className="num mono">{r.usdPerUnit}</td>
                    <td>
                      {r.enteredBy} <span className="muted">{formatTime(r.enteredAt)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <form className="form" onSubmit={add} aria-label="Add an exchange rate">
          <h3>Add a rate</h3>
          {missing.length > 0 && (
            <div className="missing-rates" data-testid="missing-rates">
              <span>Missing for this case (click to fill in):</span>
              <ul>
                {missing.map((m) => (
                  <li key={`${m.currency}-${m.date}`}>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        setCurrency(m.currency);
                        setDate(m.date);
                      }}
                    >
                      {m.currency} on or before {m.date}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <fieldset disabled={busy}>
            <div className="field-row">
              <div className="field">
                <label htmlFor="rate-currency">Currency</label>
                <input id="rate-currency" maxLength={3} placeholder="EUR" value={currency} onChange={(e) => setCurrency(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="rate-date">Date</label>
                <input id="rate-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="rate-value">USD per unit</label>
                <input id="rate-value" inputMode="decimal" placeholder="1.0834" value={rate} onChange={(e) => setRate(e.target.value)} />
              </div>
            </div>
            <button type="submit" className="button">
              Add rate
            </button>
          </fieldset>
        </form>
      </div>
    </section>
  );
}

/** Payment ledger CSV import: the bytes are read here and sent whole; the core reports bad lines by number. */
export function PaymentImport({ number, readOnly, onChanged }: { number: string; readOnly: boolean; onChanged: () => void }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const jobRef = useRef<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const { run, busy, notices } = useAction(onChanged);
  useEffect(() => onProgress((p) => p.jobId === jobRef.current && setProgress(p)), []);

  const choose = (file: File | undefined) => {
    if (!file) return;
    setResult(null);
    const jobId = newJobId();
    jobRef.current = jobId;
    setProgress({ jobId, phase: 'reading', done: 0, total: null });
    void run(async () => {
      try {
        const r = await api('payments.import', { number, file: { name: file.name, base64: bytesToBase64(await file.arrayBuffer()) }, jobId });
        setResult(r);
        return `Imported ${r.imported} payment(s) from ${file.name}${r.exhibit ? `; the file is exhibit ${r.exhibit}` : ''}.`;
      } finally {
        jobRef.current = null;
        setProgress(null);
        if (input.current) input.current.value = '';
      }
    });
  };

  return (
    <div className="form payment-import" aria-label="Import payments">
      <h3>Import a payment ledger (CSV)</h3>
      <p className="muted">
        Header: <code>date,amount,currency,rail,payee</code> and optionally <code>payee_account,payee_country,intermediary,reference</code>. Nothing is saved unless every line is good;
        the file is kept as an exhibit.
      </p>
      {notices}
      <label htmlFor="payments-file">CSV file</label>
      <input id="payments-file" ref={input} type="file" accept=".csv,text/csv" disabled={readOnly || busy} onChange={(e) => choose(e.target.files?.[0])} />
      {busy && <ProgressBar progress={progress} onCancel={() => jobRef.current && void api('jobs.cancel', { jobId: jobRef.current })} />}
      {result && <p className="muted mono">SHA-256 {result.sha256}</p>}
    </div>
  );
}

/** The dated statutory maximum: an estimate setting counsel keeps current; officers read it. */
export function StatutoryMaximumPanel({ canEdit, onChanged }: { canEdit: boolean; onChanged: () => void }) {
  const [refresh, setRefresh] = useState(0);
  const list = useApi('legal.statutoryMaximums', {}, refresh);
  const [amount, setAmount] = useState('');
  const [from, setFrom] = useState('');
  const [note, setNote] = useState('');
  const { run, busy, notices } = useAction(() => {
    setRefresh((r) => r + 1);
    onChanged();
  });
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const s = await api('legal.setStatutoryMaximum', { amountUsd: amount.trim().replace(/,/g, ''), effectiveFrom: from, note });
      setAmount('');
      setNote('');
      return `Statutory maximum ${formatUsd(s.amountCents)} effective ${s.effectiveFrom}.`;
    });
  };
  return (
    <section aria-labelledby="statmax-heading" className="statmax-panel">
      <h2 id="statmax-heading">Statutory maximum per violation</h2>
      <p className="muted">
        A setting for counsel's estimate, not legal advice: the civil penalty maximum is adjusted for inflation every year. The worksheet uses the value in force on its assessment date.
      </p>
      <ErrorNotice error={list.error} />
      {notices}
      {(list.data ?? []).length > 0 && (
        <table className="table" aria-label="Statutory maximums">
          <thead>
            <tr>
              <th>Effective from</th>
              <th className="num">Amount</th>
              <th>Note</th>
              <th>Set</th>
            </tr>
          </thead>
          <tbody>
            {list.data!.map((s) => (
              <tr key={s.effectiveFrom} data-testid="statutory-maximum">
                <td className="mono">{s.effectiveFrom}</td>
                <td className="num mono">{formatUsd(s.amountCents)}</td>
                <td>{s.note || <span className="muted">—</span>}</td>
                <td>
                  {s.setBy} <span className="muted">{formatTime(s.setAt)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit ? (
        <form className="form" onSubmit={add} aria-label="Set the statutory maximum">
          <fieldset disabled={busy}>
            <div className="field-row">
              <div className="field">
                <label htmlFor="statmax-amount">Amount (USD)</label>
                <input id="statmax-amount" inputMode="decimal" placeholder="377700" value={amount} onChange={(e) => setAmount(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="statmax-from">Effective from</label>
                <input id="statmax-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="statmax-note">Source</label>
                <input id="statmax-note" placeholder="e.g. Federal Register citation" value={note} onChange={(e) => setNote(e.target.value)} />
              </div>
            </div>
            <button type="submit" className="button">
              Add dated value
            </button>
          </fieldset>
        </form>
      ) : (
        <p className="muted">Only counsel changes this setting.</p>
      )}
    </section>
  );
}
