import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatRate, parseRate, toUsdCents, type FxRate, type Payment, type PaymentFields, type Rail } from '../../../shared/payments.ts';

type PaymentRow = {
  id: number;
  case_id: number;
  paid_on: string;
  amount_minor: number;
  currency: string;
  rail: Rail;
  payee_name: string;
  payee_account: string;
  payee_country: string;
  intermediary: string;
  reference: string;
  source: 'manual' | 'import';
  import_id: number | null;
  import_line: number | null;
  created_by: string;
  created_at: string;
  rate: number | null;
  rate_date: string | null;
};

/** Each payment with the rate entered for its currency on, or last before, its date. */
const SELECT = `
  SELECT p.*, r.usd_per_unit_e10 AS rate, r.date AS rate_date
  FROM payments p
  LEFT JOIN fx_rates r ON r.currency = p.currency AND r.date = (
    SELECT max(x.date) FROM fx_rates x WHERE x.currency = p.currency AND x.date <= p.paid_on)`;

const rowToPayment = (r: PaymentRow): Payment => ({
  id: r.id,
  caseId: r.case_id,
  paidOn: r.paid_on,
  amountMinor: r.amount_minor,
  currency: r.currency,
  rail: r.rail,
  payeeName: r.payee_name,
  payeeAccount: r.payee_account,
  payeeCountry: r.payee_country,
  intermediary: r.intermediary,
  reference: r.reference,
  source: r.source,
  importId: r.import_id,
  importLine: r.import_line,
  createdBy: r.created_by,
  createdAt: r.created_at,
  usdCents: r.currency === 'USD' ? r.amount_minor : r.rate === null ? null : toUsdCents(r.amount_minor, r.currency, r.rate),
  rateDate: r.currency === 'USD' ? null : r.rate_date,
});

export function listPayments(db: ReadDb, caseId: number): Payment[] {
  return (stmt(db, `${SELECT} WHERE p.case_id = ? ORDER BY p.paid_on, p.id`).all(caseId) as PaymentRow[]).map(rowToPayment);
}

function getPayment(db: Db, id: number): Payment {
  return rowToPayment(stmt(db, `${SELECT} WHERE p.id = ?`).get(id) as PaymentRow);
}

/** Inserts one payment; the caller holds the transaction and writes the audit event. */
export function insertPayment(db: Db, actor: string, caseId: number, p: PaymentFields, now: string, from?: { importId: number; line: number }): number {
  const info = stmt(db, `INSERT INTO payments (case_id, paid_on, amount_minor, currency, rail, payee_name, payee_account, payee_country, intermediary, reference, source, import_id, import_line, created_by, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(caseId, p.paidOn, p.amountMinor, p.currency, p.rail, p.payeeName, p.payeeAccount, p.payeeCountry, p.intermediary, p.reference, from ? 'import' : 'manual', from?.importId ?? null, from?.line ?? null, actor, now);
  return Number(info.lastInsertRowid);
}

export function addPayment(db: Db, actor: string, number: string, p: PaymentFields): Payment {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const now = new Date().toISOString();
    const id = insertPayment(db, actor, c.id, p, now);
    appendAudit(db, actor, { caseId: c.id, entity: 'payment', entityId: id, action: 'added', after: p }, now);
    return getPayment(db, id);
  }).immediate();
}

type RateRow = { currency: string; date: string; usd_per_unit_e10: number; entered_by: string; entered_at: string };
const rowToRate = (r: RateRow): FxRate => ({ currency: r.currency, date: r.date, usdPerUnit: formatRate(r.usd_per_unit_e10), enteredBy: r.entered_by, enteredAt: r.entered_at });

export function listRates(db: ReadDb, currency?: string): FxRate[] {
  const rows = currency
    ? stmt(db, 'SELECT * FROM fx_rates WHERE currency = ? ORDER BY date').all(currency)
    : stmt(db, 'SELECT * FROM fx_rates ORDER BY currency, date').all();
  return (rows as RateRow[]).map(rowToRate);
}

/** Enters (or corrects, audited with the old value) the USD value of one unit of a currency on a date. */
export function setRate(db: Db, actor: string, currency: string, date: string, usdPerUnit: string): FxRate {
  const scaled = parseRate(usdPerUnit);
  if (scaled === null) throw new AppError('invalid_input', `"${usdPerUnit}" is not a rate: give USD per one ${currency}, e.g. 1.0834.`, { issues: [{ path: 'usdPerUnit', message: 'must be a positive number with at most 10 decimals' }] });
  if (currency === 'USD') throw new AppError('invalid_input', 'USD needs no rate: it is the reporting currency.');
  return db.transaction(() => {
    const before = stmt(db, 'SELECT * FROM fx_rates WHERE currency = ? AND date = ?').get(currency, date) as RateRow | undefined;
    const now = new Date().toISOString();
    stmt(db, `INSERT INTO fx_rates (currency, date, usd_per_unit_e10, entered_by, entered_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (currency, date) DO UPDATE SET usd_per_unit_e10 = excluded.usd_per_unit_e10, entered_by = excluded.entered_by, entered_at = excluded.entered_at`)
      .run(currency, date, scaled, actor, now);
    appendAudit(db, actor, {
      caseId: null,
      entity: 'fx_rate',
      entityId: `${currency}@${date}`,
      action: before ? 'updated' : 'set',
      ...(before && { before: { usdPerUnit: formatRate(before.usd_per_unit_e10) } }),
      after: { usdPerUnit: formatRate(scaled) },
    }, now);
    return rowToRate(stmt(db, 'SELECT * FROM fx_rates WHERE currency = ? AND date = ?').get(currency, date) as RateRow);
  }).immediate();
}

/** The (currency, payment date) pairs that have no rate on or before them. */
export function missingRates(payments: readonly Payment[]): { currency: string; date: string }[] {
  const seen = new Set<string>();
  const out: { currency: string; date: string }[] = [];
  for (const p of payments) {
    if (p.usdCents !== null) continue;
    const k = `${p.currency}@${p.paidOn}`;
    if (!seen.has(k)) out.push({ currency: p.currency, date: p.paidOn });
    seen.add(k);
  }
  return out;
}
