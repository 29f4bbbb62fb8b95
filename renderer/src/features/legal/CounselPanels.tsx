import { useRef, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import type { ImportResult } from '../../../../shared/contract/payments.ts';
import type { StatutoryMaximumSetting } from '../../../../shared/contract/legal.ts';
import type { FxRate } from '../../../../shared/payments.ts';
import { PRIVILEGE_LABELS, PRIVILEGE_MARKINGS, RECOMMENDATIONS, RECOMMENDATION_LABELS, type LegalReview, type PrivilegeMarking, type Recommendation, type ReviewFields } from '../../../../shared/decisions.ts';
import { formatUsd } from '../../../../shared/legal/exposure.ts';
import { api } from '../../api.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useJob } from '../../components/useJob.ts';
import { useAction } from '../../components/useAction.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { bytesToBase64 } from '../../files.ts';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import { Field } from '../../components/Field.tsx';

const SHORT_PRIVILEGE: Record<PrivilegeMarking, string> = {
  attorney_client: 'Attorney-client communication',
  work_product: 'Attorney work product',
  attorney_client_work_product: 'Attorney-client communication and work product',
};
/** The form's fields: egregious and self-disclosed start unanswered (null) and must be answered. */
type ReviewDraft = Omit<ReviewFields, 'egregious' | 'voluntarilySelfDisclosed'> & { egregious: boolean | null; voluntarilySelfDisclosed: boolean | null };

const blank = (): ReviewDraft => ({
  privilege: 'attorney_client_work_product',
  egregious: null,
  voluntarilySelfDisclosed: null,
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
  const [f, setF] = useState<ReviewDraft>(() => (current ? fieldsOf(current) : blank()));
  const [unanswered, setUnanswered] = useState(false);
  const { run, busy, notices } = useAction(onChanged);
  const set = <K extends keyof ReviewDraft>(k: K, v: ReviewDraft[K]) => setF((d) => ({ ...d, [k]: v }));

  const save = (e: FormEvent) => {
    e.preventDefault();
    const { egregious, voluntarilySelfDisclosed } = f;
    if (egregious === null || voluntarilySelfDisclosed === null) {
      setUnanswered(true);
      return;
    }
    setUnanswered(false);
    void run(async () => {
      const r = await api('legal.review', { number, ...f, egregious, voluntarilySelfDisclosed, ...(current && { supersedes: current.id }) });
      return current ? `Saved review #${r.id}; it supersedes review #${current.id}. Sign it to make it final.` : `Saved review #${r.id}. Sign it to make it final.`;
    });
  };
  const [signing, setSigning] = useState(false);
  const sign = (reason: string, passphrase: string) =>
    current &&
    void run(async () => {
      const r = await api('legal.signReview', { number, id: current.id, reason, passphrase });
      setSigning(false);
      return `Signed review #${r.id}.`;
    });

  const yesNo = (id: string, label: string, value: boolean | null, onChange: (v: boolean) => void) => (
    <fieldset className="yes-no" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="yes-no-label">
        {label}
      </span>
      <label>
        <input type="radio" name={id} checked={value === true} onChange={() => onChange(true)} /> Yes
      </label>
      <label>
        <input type="radio" name={id} checked={value === false} onChange={() => onChange(false)} /> No
      </label>
    </fieldset>
  );

  return (
    <>
      {/* The signing dialog sits outside the review form (a form never holds another). */}
      {current && signing && (
        <ConfirmDialog
          open
          title={`Sign review #${current.id}`}
          confirmLabel={`Sign review #${current.id}`}
          reasonLabel="Why you sign (kept with your signature)"
          busy={busy}
          notices={notices}
          askPassphrase
          onConfirm={sign}
          onClose={() => setSigning(false)}
        >
          <p>
            You sign review #{current.id} as counsel: its determination and recommendation ({RECOMMENDATION_LABELS[current.recommendation]}), with the
            exhibits you cite, as they stand now. A signature cannot be withdrawn; a later change is a new review.
          </p>
        </ConfirmDialog>
      )}
      <form className="form review-form" onSubmit={save} aria-label="Counsel's review">
        <h3>{current ? (current.signedBy ? 'Supersede the signed review' : 'Revise or sign the review') : 'Record the review'}</h3>
        {/* While the signing dialog is open its outcome shows there, once. */}
        {!signing && notices}
        {current && !current.signedBy && (
          <div className="review-sign">
            <span>Review #{current.id} is saved but not signed.</span>
            <button type="button" className="button primary" disabled={readOnly || busy} onClick={() => setSigning(true)}>
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
          {unanswered && (
            <p className="field-error" role="alert">
              Answer both: is the conduct egregious, and was it voluntarily self-disclosed? Neither is assumed.
            </p>
          )}
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
    </>
  );
}

const rateColumns = columns<FxRate>([
  { id: 'currency', header: 'Currency', className: 'mono', cell: (r) => r.currency },
  { id: 'from', header: 'From', className: 'mono', cell: (r) => r.date },
  { id: 'rate', header: 'USD per unit', headerClassName: 'num', className: 'num mono', cell: (r) => r.usdPerUnit },
  { id: 'entered', header: 'Entered', cell: (r) => <>{r.enteredBy} <span className="muted">{formatTime(r.enteredAt)}</span></> },
]);

/** Exchange rates (global, typed in by the user), with the ones the worksheet still lacks. */
export function RatesPanel({ missing, onChanged }: { missing: { currency: string; date: string; reason?: string; staleRateDate?: string | null }[]; onChanged: () => void }) {
  const [refresh, setRefresh] = useState(0);
  const rates = useApi('rates.list', {}, refresh);
  const settings = useApi('rates.settings', {}, refresh);
  const [maxAge, setMaxAge] = useState('');
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
      <p className="muted">
        USD per unit of each currency or virtual asset, as of a date. A payment is valued with the latest rate dated on its date or up to {settings.data?.maxAgeDays ?? 7} day(s)
        before it; with only an older rate it stays unconverted and out of the totals. Rates apply to every case.
      </p>
      <form
        className="inline-form"
        aria-label="How old a rate may be"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            if (!/^\d+$/.test(maxAge.trim())) throw new Error('Days: give a whole number of days, such as 7.');
            const r = await api('rates.setSettings', { maxAgeDays: Number(maxAge.trim()) });
            setMaxAge('');
            return `A rate now counts for payments up to ${r.maxAgeDays} day(s) after its date.`;
          });
        }}
      >
        <Field label="Days a rate stays usable" className="inline">
          <input id="rate-max-age" inputMode="numeric" size={4} placeholder={String(settings.data?.maxAgeDays ?? 7)} value={maxAge} onChange={(e) => setMaxAge(e.target.value)} />
        </Field>
        <button type="submit" className="button" disabled={busy}>
          Save
        </button>
      </form>
      <ErrorNotice error={rates.error} />
      {notices}
      <div className="rates-layout">
        <div>
          {(rates.data ?? []).length === 0 && !rates.loading && <p className="muted">No rates entered yet.</p>}
          {(rates.data ?? []).length > 0 && (
            <DataTable label="Exchange rates" rows={rates.data!} cols={rateColumns} rowKey={(r) => `${r.currency}-${r.date}`} rowTestId="rate" />
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
                      {m.currency} for {m.date}
                      {m.reason === 'stale rate' && m.staleRateDate ? ` (latest is ${m.staleRateDate}, too old)` : ''}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <fieldset disabled={busy}>
            <div className="field-row">
              <Field label="Currency">
                <input id="rate-currency" maxLength={5} placeholder="EUR or BTC" value={currency} onChange={(e) => setCurrency(e.target.value)} />
              </Field>
              <Field label="Date">
                <input id="rate-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
              </Field>
              <Field label="USD per unit">
                <input id="rate-value" inputMode="decimal" placeholder="1.0834" value={rate} onChange={(e) => setRate(e.target.value)} />
              </Field>
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
  const input = useRef<HTMLInputElement>(null);
  const job = useJob<ImportResult & { fileName: string }>('reading');

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const r = await job.start(async (jobId) => ({ ...(await api('payments.import', { number, file: { name: file.name, base64: bytesToBase64(await file.arrayBuffer()) }, jobId })), fileName: file.name }));
    if (input.current) input.current.value = '';
    if (r) onChanged();
  };
  const r = job.result;

  return (
    <div className="form payment-import" aria-label="Import payments">
      <h3>Import a payment ledger (CSV)</h3>
      <p className="muted">
        Header: <code>date,amount,currency,rail,payee</code> and optionally <code>payee_account,payee_country,intermediary,reference</code>. Nothing is saved unless every line is good;
        the file is kept as an exhibit.
      </p>
      <ErrorNotice error={job.error} onClose={() => job.setError(null)} />
      {r && (
        <Notice kind="success" onClose={() => job.setResult(null)}>
          Imported {r.imported} payment(s) from {r.fileName}
          {r.exhibit ? `; the file is exhibit ${r.exhibit}` : ''}.
        </Notice>
      )}
      <Field label="CSV file">
        <input id="payments-file" ref={input} type="file" accept=".csv,text/csv" disabled={readOnly || job.running} onChange={(e) => void choose(e.target.files?.[0])} />
      </Field>
      {job.running && <ProgressBar progress={job.progress} {...(job.cancel && { onCancel: job.cancel })} />}
      {r && <p className="muted mono">SHA-256 {r.sha256}</p>}
    </div>
  );
}

const statutoryColumns = columns<StatutoryMaximumSetting>([
  { id: 'from', header: 'Effective from', className: 'mono', cell: (x) => x.effectiveFrom },
  { id: 'amount', header: 'Amount', headerClassName: 'num', className: 'num mono', cell: (x) => formatUsd(x.amountCents) },
  { id: 'note', header: 'Note', cell: (x) => x.note || <span className="muted">—</span> },
  { id: 'set', header: 'Set', cell: (x) => <>{x.setBy} <span className="muted">{formatTime(x.setAt)}</span></> },
]);

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
        <DataTable label="Statutory maximums" rows={list.data!} cols={statutoryColumns} rowKey={(x) => x.effectiveFrom} rowTestId="statutory-maximum" />
      )}
      {canEdit ? (
        <form className="form" onSubmit={add} aria-label="Set the statutory maximum">
          <fieldset disabled={busy}>
            <div className="field-row">
              <Field label="Amount (USD)">
                <input id="statmax-amount" inputMode="decimal" placeholder="377700" value={amount} onChange={(e) => setAmount(e.target.value)} />
              </Field>
              <Field label="Effective from">
                <input id="statmax-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              </Field>
              <Field label="Source">
                <input id="statmax-note" placeholder="e.g. Federal Register citation" value={note} onChange={(e) => setNote(e.target.value)} />
              </Field>
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
