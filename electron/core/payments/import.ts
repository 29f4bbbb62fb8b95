import { basename } from 'node:path';
import type { Db } from '../db/connection.ts';
import type { StoredBlob } from '../evidence/store.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { throwIfCancelled } from '../context.ts';
import { readCsv } from '../files/csv.ts';
import { safeOriginalName } from '../evidence/service.ts';
import { quoteInput } from '../../../shared/quote.ts';
import { amountBoundProblem } from '../../../shared/bounds.ts';
import { AppError, type Issue } from '../../../shared/errors.ts';
import { PaymentFields, RAILS, isVirtualAsset, normaliseCode, parseAmount, type Rail } from '../../../shared/payments.ts';
import { checkPaymentAmount } from './validate.ts';
import { insertPayment } from './repo.ts';

/** Header names a ledger export may use for each field. */
const HEADERS: Record<string, string[]> = {
  paidOn: ['date', 'paid_on', 'payment_date', 'value_date'],
  amount: ['amount'],
  currency: ['currency', 'ccy'],
  rail: ['rail', 'method', 'payment_method'],
  payeeName: ['payee', 'payee_name', 'beneficiary', 'beneficiary_name'],
  payeeAccount: ['payee_account', 'account', 'beneficiary_account', 'iban', 'wallet'],
  payeeCountry: ['payee_country', 'country', 'beneficiary_country'],
  intermediary: ['intermediary', 'intermediary_bank', 'via'],
  reference: ['reference', 'ref', 'memo', 'description'],
  txHash: ['tx_hash', 'txid', 'tx', 'transaction_hash'],
  walletFrom: ['wallet_from', 'from_wallet', 'sending_wallet', 'sender_wallet'],
  walletTo: ['wallet_to', 'to_wallet', 'receiving_wallet', 'recipient_wallet'],
};
const REQUIRED = ['paidOn', 'amount', 'currency', 'rail', 'payeeName'];

const RAIL_ALIASES: Record<string, Rail> = {
  wire: 'bank_wire', bank: 'bank_wire', bank_transfer: 'bank_wire', swift: 'bank_wire', wire_transfer: 'bank_wire',
  crypto: 'crypto', cryptocurrency: 'crypto', virtual_currency: 'crypto', usdt: 'crypto', usdc: 'crypto', btc: 'crypto', eth: 'crypto', bitcoin: 'crypto',
  upwork: 'platform', fiverr: 'platform', freelancer: 'platform', cheque: 'check', credit_card: 'card',
};

export function parseRail(text: string): Rail | null {
  const k = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if ((RAILS as readonly string[]).includes(k)) return k as Rail;
  return RAIL_ALIASES[k] ?? null;
}

const headerKey = (h: string) => h.trim().toLowerCase().replace(/^\ufeff/, '').replace(/[\s-]+/g, '_');

const MAX_ERRORS = 50;

/** A file on disk (named by `fileName` when it is a temporary copy of an upload), or text the UI read. */
export type ImportSource = { path: string; fileName?: string } | { fileName: string; text: string };

export type ImportOutcome = { importId: number; imported: number; sha256: string; bytes: number; exhibit: string | null };

/**
 * Imports a payment ledger CSV. The file is streamed and hashed; every row is checked and every
 * problem is reported with its line number; only a file without problems is saved, all at once.
 */
/** Keeps the ledger as evidence: `store` copies it into the evidence store, `file` files its exhibit inside the import's transaction. */
export type KeepAsExhibit = {
  store: () => Promise<StoredBlob>;
  file: (blob: StoredBlob) => string;
  discard: (blob: StoredBlob) => Promise<void>;
};

export async function importPayments(
  db: Db,
  actor: string,
  number: string,
  source: ImportSource,
  opts: { signal?: AbortSignal; onProgress?: (rows: number) => void; keepAsExhibit?: KeepAsExhibit } = {},
): Promise<ImportOutcome> {
  const { signal, onProgress } = opts;
  const c = getCase(db, number);
  assertCaseWritable(c);
  // Stored and shown as a label: no folders, no control characters (ESC, BEL, CR, LF).
  const fileName = safeOriginalName('path' in source ? (source.fileName ?? basename(source.path)) : source.fileName);
  const errors: Issue[] = [];
  const rows: { line: number; fields: PaymentFields }[] = [];
  let columns: Record<string, number> | null = null;
  let seen = 0;
  const { sha256, bytes } = await readCsv('path' in source ? source.path : { text: source.text, fileName }, { signal, label: fileName }, (raw, line) => {
    const record = raw.map((f) => f.trim());
    if (record.length === 1 && record[0] === '') return;
    if (!columns) {
      columns = {};
      const keys = record.map(headerKey);
      for (const [field, names] of Object.entries(HEADERS)) {
        const i = keys.findIndex((k) => names.includes(k));
        if (i >= 0) columns[field] = i;
      }
      const missing = REQUIRED.filter((f) => columns![f] === undefined);
      if (missing.length) {
        throw new AppError('invalid_input', `${fileName} line ${line}: the header must name the columns ${missing.map((m) => HEADERS[m]![0]).join(', ')} (found: ${quoteInput(record.join(', '))}). Nothing was imported.`);
      }
      return;
    }
    const cell = (f: string) => (columns![f] === undefined ? '' : (record[columns![f]!] ?? ''));
    const problems: string[] = [];
    const currency = normaliseCode(cell('currency'));
    const virtual = isVirtualAsset(currency);
    // A virtual asset's amount stays exact decimal text (checked against its chain's decimals below).
    const amountMinor = virtual ? null : parseAmount(cell('amount'), /^[A-Z]{3}$/.test(currency) ? currency : 'USD');
    if (!virtual && amountMinor === null) problems.push(`amount "${quoteInput(cell('amount'))}" is not an amount in ${currency || 'the currency'}`);
    const rail = parseRail(cell('rail') || (virtual ? 'crypto' : ''));
    if (!rail) problems.push(`rail "${quoteInput(cell('rail'))}" is not one of ${RAILS.join(', ')}`);
    if ((virtual || amountMinor !== null) && rail) {
      const parsed = PaymentFields.safeParse({
        paidOn: cell('paidOn'), ...(virtual ? { amountNative: cell('amount') } : { amountMinor }), currency, rail, payeeName: cell('payeeName'), payeeAccount: cell('payeeAccount'),
        payeeCountry: cell('payeeCountry'), intermediary: cell('intermediary'), reference: cell('reference'),
        txHash: cell('txHash'), walletFrom: cell('walletFrom'), walletTo: cell('walletTo'),
      });
      if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
      else {
        try {
          checkPaymentAmount(parsed.data);
          const bound = amountBoundProblem(parsed.data.currency, parsed.data.amountMinor, parsed.data.amountNative);
          if (bound) throw new AppError('invalid_input', `amount ${bound}`);
          rows.push({ line, fields: parsed.data });
        } catch (e) {
          problems.push(e instanceof Error ? e.message.replace(/\.$/, '') : String(e));
        }
      }
    }
    if (problems.length && errors.length < MAX_ERRORS) errors.push({ path: `line ${line}`, message: problems.join('; ') });
    else if (problems.length) errors.length = MAX_ERRORS;
    if (++seen % 1000 === 0) onProgress?.(seen);
  });
  if (!columns) throw new AppError('invalid_input', `${fileName} is empty: it needs a header line and at least one payment. Nothing was imported.`);
  if (errors.length) {
    throw new AppError('invalid_input', `${fileName} has ${errors.length === MAX_ERRORS ? 'at least ' : ''}${errors.length} bad line(s); nothing was imported. First: ${errors[0]!.path}: ${errors[0]!.message}`, { issues: errors });
  }
  if (rows.length === 0) throw new AppError('invalid_input', `${fileName} has a header but no payments. Nothing was imported.`);
  throwIfCancelled(signal);
  refuseSameFile(db, c.id, fileName, sha256);
  // The file goes into the evidence store first (a stored file no exhibit names is an orphan that
  // is discarded below, or removed by `verify --repair` after a crash); its exhibit, the import and
  // every payment are then written in one transaction: all of them, or none.
  const blob = opts.keepAsExhibit ? await opts.keepAsExhibit.store() : null;
  try {
    throwIfCancelled(signal);
    return db.transaction(() => {
      const fresh = getCase(db, number);
      assertCaseWritable(fresh);
      refuseSameFile(db, c.id, fileName, sha256);
      const exhibit = blob ? opts.keepAsExhibit!.file(blob) : null;
      const now = new Date().toISOString();
      const info = db.prepare(`INSERT INTO payment_imports (case_id, file_name, sha256, bytes, rows, exhibit_ref, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(c.id, fileName, sha256, bytes, rows.length, exhibit, actor, now);
      const importId = Number(info.lastInsertRowid);
      for (const r of rows) insertPayment(db, actor, c.id, r.fields, now, { importId, line: r.line });
      appendAudit(db, actor, { caseId: c.id, entity: 'payment_import', entityId: importId, action: 'imported', after: { file: fileName, sha256, bytes, rows: rows.length, exhibit } }, now);
      return { importId, imported: rows.length, sha256, bytes, exhibit };
    }).immediate();
  } catch (e) {
    if (blob) await opts.keepAsExhibit!.discard(blob);
    throw e;
  }
}

/** The same ledger (by SHA-256) imported into a case twice would count every payment twice: refused. */
function refuseSameFile(db: Db, caseId: number, fileName: string, sha256: string): void {
  const before = db.prepare('SELECT id, file_name, imported_at FROM payment_imports WHERE case_id = ? AND sha256 = ? ORDER BY id LIMIT 1').get(caseId, sha256) as
    | { id: number; file_name: string; imported_at: string }
    | undefined;
  if (before) {
    throw new AppError('conflict', `${fileName} was already imported into this case (as ${before.file_name} on ${before.imported_at.slice(0, 10)}; same SHA-256). Nothing was imported.`, {
      details: { importId: before.id, sha256 },
    });
  }
}
