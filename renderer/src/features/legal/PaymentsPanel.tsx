import { useState, type FormEvent } from 'react';
import { RAILS, RAIL_LABELS, formatPaymentAmount, isVirtualAsset, normaliseCode, parseAmount, type Payment, type Rail, type Totals } from '../../../../shared/payments.ts';
import type { PaymentsView } from '../../../../shared/contract/payments.ts';
import { formatUsd } from '../../../../shared/legal/exposure.ts';
import { api, ApiError } from '../../api.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { useAction } from '../../components/useAction.tsx';
import { PaymentImport } from './CounselPanels.tsx';

type Draft = { paidOn: string; amount: string; currency: string; rail: Rail; payeeName: string; payeeAccount: string; payeeCountry: string; txHash: string; walletFrom: string; walletTo: string };
const EMPTY: Draft = { paidOn: '', amount: '', currency: 'USD', rail: 'bank_wire', payeeName: '', payeeAccount: '', payeeCountry: '', txHash: '', walletFrom: '', walletTo: '' };

const paymentColumns = columns<Payment>([
  { id: 'date', header: 'Date', className: 'mono', cell: (p) => p.paidOn },
  { id: 'amount', header: 'Amount', headerClassName: 'num', className: 'num mono', cell: (p) => formatPaymentAmount(p) },
  {
    id: 'usd',
    header: 'USD',
    headerClassName: 'num',
    className: 'num mono',
    cell: (p) => (p.usdCents === null ? <span className="muted">{p.unconvertedReason === 'stale rate' ? `stale rate (${p.rateDate})` : 'no rate'}</span> : formatUsd(p.usdCents)),
  },
  { id: 'rate', header: 'Rate (USD per unit)', className: 'mono', cell: (p) => (p.currency === 'USD' || p.usdCents === null ? '—' : `${p.rate} on ${p.rateDate}`) },
  { id: 'rail', header: 'Rail', cell: (p) => RAIL_LABELS[p.rail] },
  { id: 'payee', header: 'Payee', cell: (p) => p.payeeName },
  { id: 'account', header: 'Account', className: 'mono', cell: (p) => [p.payeeAccount, p.walletTo && `wallet ${p.walletTo}`].filter(Boolean).join('; ') || '—' },
  { id: 'country', header: 'Country', cell: (p) => p.payeeCountry || '—' },
]);

type TotalRow = Totals['byRail'][number];

/** What was paid, in USD, by rail, by payee and by year; payments without a rate are counted apart, never as USD 0.00. */
function TotalsTables({ totals, payments }: { totals: Totals; payments: Payment[] }) {
  const noRate = (key: (p: Payment) => string) => {
    const m = new Map<string, number>();
    for (const p of payments) if (p.usdCents === null) m.set(key(p), (m.get(key(p)) ?? 0) + 1);
    return m;
  };
  const rail = noRate((p) => RAIL_LABELS[p.rail] ?? p.rail);
  const payee = noRate((p) => p.payeeName);
  const year = noRate((p) => p.paidOn.slice(0, 4));
  const withNoRate = (rows: TotalRow[], m: Map<string, number>) => rows.map((r) => ({ ...r, noRate: m.get(r.key) ?? 0 }));
  const groups: [string, (TotalRow & { noRate: number })[]][] = [
    ['By rail', withNoRate(totals.byRail.map((r) => ({ ...r, key: RAIL_LABELS[r.key as Rail] ?? r.key })), rail)],
    ['By payee', withNoRate(totals.byPayee, payee)],
    ['By year', withNoRate(totals.byYear, year)],
  ];
  return (
    <div className="payment-totals">
      {groups.map(([title, rows]) => (
        <DataTable
          key={title}
          label={`Totals ${title.toLowerCase()}`}
          rows={rows}
          rowKey={(r) => r.key}
          cols={columns<TotalRow & { noRate: number }>([
            { id: 'key', header: title, cell: (r) => r.key },
            { id: 'count', header: 'Payments', headerClassName: 'num', className: 'num', cell: (r) => r.count },
            {
              id: 'usd',
              header: 'USD',
              headerClassName: 'num',
              className: 'num mono',
              cell: (r) =>
                r.noRate === r.count ? (
                  <span className="muted">no rate</span>
                ) : (
                  <>
                    {formatUsd(r.usdCents)}
                    {r.noRate > 0 && <div className="muted small">+{r.noRate} without a rate, not counted</div>}
                  </>
                ),
            },
          ])}
        />
      ))}
    </div>
  );
}

function AddPaymentForm({ number, disabled, onAdded }: { number: string; disabled: boolean; onAdded: () => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { run, busy, notices } = useAction(onAdded);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const virtual = isVirtualAsset(normaliseCode(draft.currency));

  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const currency = normaliseCode(draft.currency);
      const virtual = isVirtualAsset(currency);
      let amountMinor: number | null = null;
      try {
        amountMinor = virtual ? null : parseAmount(draft.amount, currency);
      } catch {
        amountMinor = null;
      }
      if (!virtual && amountMinor === null) throw new ApiError({ code: 'invalid_input', message: `Amount: "${draft.amount}" is not an amount in ${currency || 'that currency'} (e.g. 1234.56).` });
      const p = await api('payments.add', {
        number,
        paidOn: draft.paidOn,
        ...(virtual ? { amountNative: draft.amount, txHash: draft.txHash, walletFrom: draft.walletFrom, walletTo: draft.walletTo } : { amountMinor: amountMinor! }),
        currency,
        rail: virtual ? 'crypto' : draft.rail,
        payeeName: draft.payeeName,
        payeeAccount: draft.payeeAccount,
        payeeCountry: draft.payeeCountry,
      });
      setDraft((d) => ({ ...EMPTY, currency: d.currency, rail: d.rail }));
      return `Added payment of ${formatPaymentAmount(p)} to ${p.payeeName}.`;
    });
  };

  return (
    <form className="form" onSubmit={add} aria-label="Add a payment">
      <h3>Add a payment</h3>
      <fieldset disabled={disabled || busy}>
        <div className="field-row">
          <Field label="Date">
            <input type="date" value={draft.paidOn} onChange={(e) => set('paidOn', e.target.value)} />
          </Field>
          <Field label="Amount">
            <input inputMode="decimal" placeholder="1234.56" value={draft.amount} onChange={(e) => set('amount', e.target.value)} />
          </Field>
          <Field label="Currency">
            <input maxLength={5} value={draft.currency} onChange={(e) => set('currency', e.target.value)} />
          </Field>
          <Field label="Rail">
            <select value={draft.rail} onChange={(e) => set('rail', e.target.value as Rail)}>
              {RAILS.map((r) => (
                <option key={r} value={r}>
                  {RAIL_LABELS[r]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="field-row">
          <Field label="Payee">
            <input value={draft.payeeName} onChange={(e) => set('payeeName', e.target.value)} />
          </Field>
          <Field label="Payee account">
            <input value={draft.payeeAccount} onChange={(e) => set('payeeAccount', e.target.value)} />
          </Field>
          <Field label="Payee country">
            <input maxLength={2} placeholder="CN" value={draft.payeeCountry} onChange={(e) => set('payeeCountry', e.target.value)} />
          </Field>
        </div>
        {virtual && (
          <>
            <div className="field-row" data-testid="crypto-fields">
              <Field label="Transaction hash">
                <input className="mono" value={draft.txHash} onChange={(e) => set('txHash', e.target.value)} />
              </Field>
              <Field label="Sending wallet">
                <input className="mono" value={draft.walletFrom} onChange={(e) => set('walletFrom', e.target.value)} />
              </Field>
              <Field label="Receiving wallet">
                <input className="mono" value={draft.walletTo} onChange={(e) => set('walletTo', e.target.value)} />
              </Field>
            </div>
            <p className="muted">Virtual currency: the amount is kept exactly as typed (up to 18 decimals); the wallets become identifiers of the case, linked across cases and screened.</p>
          </>
        )}
        {notices}
        <button type="submit" className="button primary">
          Add payment
        </button>
      </fieldset>
    </form>
  );
}

/** The case's payments, their totals and payment findings; adding one or importing a ledger. */
export function PaymentsPanel({ number, view, readOnly, onChanged }: { number: string; view: PaymentsView | undefined; readOnly: boolean; onChanged: () => void }) {
  return (
    <section aria-labelledby="payments-heading">
      <h2 id="payments-heading">Payments</h2>
      {view && view.payments.length === 0 && <p className="muted">No payments recorded yet.</p>}
      {view && view.payments.length > 0 && (
        <>
          <DataTable label="Payments" rows={view.payments} cols={paymentColumns} rowKey={(p) => String(p.id)} rowTestId="payment" />
          <p className="muted">
            Total {formatUsd(view.totals.totalUsdCents)}
            {view.totals.unconverted > 0 && ` · ${view.totals.unconverted} payment(s) without a usable exchange rate left out`}
          </p>
          <TotalsTables totals={view.totals} payments={view.payments} />
        </>
      )}
      {view && view.findings.length > 0 && (
        <ul className="legal-findings">
          {view.findings.map((f) => (
            <li key={f.indicator}>
              <span className="badge">{f.indicator}</span> {f.summary}
            </li>
          ))}
        </ul>
      )}
      <AddPaymentForm number={number} disabled={readOnly} onAdded={onChanged} />
      <PaymentImport number={number} readOnly={readOnly} onChanged={onChanged} />
    </section>
  );
}
