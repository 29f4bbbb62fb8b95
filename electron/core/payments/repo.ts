import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { AppError } from '../../../shared/errors.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { rateMaxAgeDays } from '../rates/repo.ts';
import { recordPaymentWallets } from './wallets.ts';
import { checkPaymentAmount } from './validate.ts';
import { formatRate, isVirtualAsset, nativeToUsdCents, rateIsFresh, toUsdCents, type Payment, type PaymentFields, type Rail } from '../../../shared/payments.ts';

type PaymentRow = {
  id: number;
  case_id: number;
  paid_on: string;
  amount_minor: number | null;
  amount_native: string | null;
  currency: string;
  rail: Rail;
  payee_name: string;
  payee_account: string;
  payee_country: string;
  intermediary: string;
  reference: string;
  tx_hash: string;
  wallet_from: string;
  wallet_to: string;
  source: 'manual' | 'import';
  import_id: number | null;
  import_line: number | null;
  created_by: string;
  created_at: string;
  rate: number | null;
  rate_date: string | null;
};

/** Each payment with the latest rate entered for its currency or asset on or before its date. */
const SELECT = `
  SELECT p.*, r.usd_per_unit_e10 AS rate, r.date AS rate_date
  FROM payments p
  LEFT JOIN fx_rates r ON r.currency = p.currency AND r.date = (
    SELECT max(x.date) FROM fx_rates x WHERE x.currency = p.currency AND x.date <= p.paid_on)`;

/**
 * A rate values a payment only if it is dated on or before the payment and at most `maxAgeDays`
 * earlier; otherwise the payment stays unconverted and says why.
 */
const rowToPayment = (r: PaymentRow, maxAgeDays: number): Payment => {
  const isUsd = r.currency === 'USD';
  const fresh = r.rate !== null && r.rate_date !== null && rateIsFresh(r.rate_date, r.paid_on, maxAgeDays);
  const usdCents = isUsd
    ? r.amount_minor
    : !fresh
      ? null
      : r.amount_native !== null
        ? nativeToUsdCents(r.amount_native, r.rate!)
        : toUsdCents(r.amount_minor!, r.currency, r.rate!);
  return {
    id: r.id,
    caseId: r.case_id,
    paidOn: r.paid_on,
    amountMinor: r.amount_minor,
    amountNative: r.amount_native,
    currency: r.currency,
    rail: r.rail,
    payeeName: r.payee_name,
    payeeAccount: r.payee_account,
    payeeCountry: r.payee_country,
    intermediary: r.intermediary,
    reference: r.reference,
    txHash: r.tx_hash,
    walletFrom: r.wallet_from,
    walletTo: r.wallet_to,
    source: r.source,
    importId: r.import_id,
    importLine: r.import_line,
    createdBy: r.created_by,
    createdAt: r.created_at,
    usdCents,
    rate: isUsd || r.rate === null ? null : formatRate(r.rate),
    rateDate: isUsd ? null : r.rate_date,
    unconvertedReason: usdCents !== null ? null : r.rate === null ? 'no rate' : 'stale rate',
  };
};

export function listPayments(db: ReadDb, caseId: number): Payment[] {
  const maxAge = rateMaxAgeDays(db);
  return (stmt(db, `${SELECT} WHERE p.case_id = ? ORDER BY p.paid_on, p.id`).all(caseId) as PaymentRow[]).map((r) => rowToPayment(r, maxAge));
}

export function getPayment(db: ReadDb, id: number): Payment {
  return rowToPayment(stmt(db, `${SELECT} WHERE p.id = ?`).get(id) as PaymentRow, rateMaxAgeDays(db));
}

/** The case's payment `id`, or not_found. */
export function getCasePayment(db: ReadDb, caseId: number, id: number): Payment {
  const row = stmt(db, `${SELECT} WHERE p.id = ? AND p.case_id = ?`).get(id, caseId) as PaymentRow | undefined;
  if (!row) throw new AppError('not_found', `There is no payment ${id} in this case.`);
  return rowToPayment(row, rateMaxAgeDays(db));
}

/**
 * Inserts one payment; the caller holds the transaction and writes the audit event. The amount
 * and the virtual-currency fields are checked here (the one door for manual entry and import),
 * and the payment's wallets become identifiers of the case.
 */
export function insertPayment(db: Db, actor: string, caseId: number, fields: PaymentFields, now: string, from?: { importId: number; line: number }): number {
  const p = checkPaymentAmount(fields);
  const info = stmt(db, `INSERT INTO payments (case_id, paid_on, amount_minor, amount_native, currency, rail, payee_name, payee_account, payee_country, intermediary, reference,
      tx_hash, wallet_from, wallet_to, source, import_id, import_line, created_by, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(caseId, p.paidOn, p.amountMinor, p.amountNative, p.currency, p.rail, p.payeeName, p.payeeAccount, p.payeeCountry, p.intermediary, p.reference,
      p.txHash, p.walletFrom?.value ?? '', p.walletTo?.value ?? '', from ? 'import' : 'manual', from?.importId ?? null, from?.line ?? null, actor, now);
  const id = Number(info.lastInsertRowid);
  if (isVirtualAsset(p.currency)) recordPaymentWallets(db, actor, caseId, id, [p.walletFrom, p.walletTo], now);
  return id;
}

export function addPayment(db: Db, actor: string, number: string, p: PaymentFields): Payment {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const now = new Date().toISOString();
    const id = insertPayment(db, actor, c.id, p, now);
    const saved = getPayment(db, id);
    appendAudit(db, actor, { caseId: c.id, entity: 'payment', entityId: id, action: 'added', after: { ...p, amountMinor: saved.amountMinor, amountNative: saved.amountNative, walletFrom: saved.walletFrom, walletTo: saved.walletTo } }, now);
    return saved;
  }).immediate();
}

/** The (currency, payment date) pairs that have no usable rate, with the reason. */
export function missingRates(payments: readonly Payment[]): { currency: string; date: string; reason: 'no rate' | 'stale rate'; staleRateDate: string | null }[] {
  const seen = new Set<string>();
  const out: { currency: string; date: string; reason: 'no rate' | 'stale rate'; staleRateDate: string | null }[] = [];
  for (const p of payments) {
    if (p.usdCents !== null) continue;
    const k = `${p.currency}@${p.paidOn}`;
    if (!seen.has(k)) out.push({ currency: p.currency, date: p.paidOn, reason: p.unconvertedReason ?? 'no rate', staleRateDate: p.unconvertedReason === 'stale rate' ? p.rateDate : null });
    seen.add(k);
  }
  return out;
}
