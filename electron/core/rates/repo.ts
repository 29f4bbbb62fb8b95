import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { AppError } from '../../../shared/errors.ts';
import { DEFAULT_RATE_MAX_AGE_DAYS, formatRate, parseRate, type FxRate } from '../../../shared/payments.ts';

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


const MAX_AGE_KEY = 'rates.maxAgeDays';

/** How many days before a payment its rate may be dated (default 7); see rateIsFresh. */
export function rateMaxAgeDays(db: ReadDb): number {
  const v = stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(MAX_AGE_KEY) as string | undefined;
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_RATE_MAX_AGE_DAYS;
}

export function setRateMaxAgeDays(db: Db, actor: string, days: number): { maxAgeDays: number } {
  return db.transaction(() => {
    const before = rateMaxAgeDays(db);
    const now = new Date().toISOString();
    stmt(db, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(MAX_AGE_KEY, String(days), now);
    appendAudit(db, actor, { caseId: null, entity: 'settings', entityId: MAX_AGE_KEY, action: 'updated', before: { maxAgeDays: before }, after: { maxAgeDays: days } }, now);
    return { maxAgeDays: days };
  }).immediate();
}
