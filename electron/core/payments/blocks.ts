import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { addTask } from '../decisions/tasks.ts';
import { addBusinessDays } from '../legal/business-days.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Actor } from '../../../shared/session.ts';
import { formatPaymentAmount } from '../../../shared/payments.ts';
import { BLOCK_RULES, type BlockKind, type PaymentBlock } from '../../../shared/legal/filings.ts';
import { getCasePayment } from './repo.ts';

type BlockRow = { payment_id: number; case_id: number; kind: BlockKind; on_date: string; note: string; report_due: string; task_id: number | null; marked_by: string; marked_at: string };
const rowToBlock = (r: BlockRow): PaymentBlock => ({
  paymentId: r.payment_id, kind: r.kind, onDate: r.on_date, note: r.note, reportDue: r.report_due, taskId: r.task_id, markedBy: r.marked_by, markedAt: r.marked_at,
});

export function listBlocks(db: ReadDb, caseId: number): PaymentBlock[] {
  return (stmt(db, 'SELECT * FROM payment_blocks WHERE case_id = ? ORDER BY on_date, payment_id').all(caseId) as BlockRow[]).map(rowToBlock);
}

/**
 * Counsel marks a payment blocked (31 CFR 501.603) or rejected (31 CFR 501.604). The report to
 * OFAC is due within 10 business days; a remediation task to file it is opened with that due date
 * (weekends and US federal holidays skipped).
 */
export function blockPayment(db: Db, actor: Actor, number: string, input: { id: number; kind: BlockKind; note: string; onDate?: string | undefined }): { block: PaymentBlock; taskId: number } {
  if (actor.role !== 'counsel') throw new AppError('forbidden', 'Only counsel marks a payment blocked or rejected; you are signed in as an officer.');
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const p = getCasePayment(db, c.id, input.id);
    const already = stmt(db, 'SELECT * FROM payment_blocks WHERE payment_id = ?').get(p.id) as BlockRow | undefined;
    if (already) throw new AppError('conflict', `Payment ${p.id} was already marked ${already.kind} on ${already.on_date} by ${already.marked_by}.`);
    const onDate = input.onDate ?? new Date().toISOString().slice(0, 10);
    const rule = BLOCK_RULES[input.kind];
    const due = addBusinessDays(onDate, 10);
    const task = addTask(db, actor.name, number, {
      kind: 'file_ofac',
      title: `File the ${rule.report} for payment ${p.id} (${formatPaymentAmount(p)} on ${p.paidOn}) — ${rule.cite}, due 10 business days after ${onDate}`.slice(0, 200),
      owner: actor.name,
      dueOn: due,
      evidence: '',
    });
    const now = new Date().toISOString();
    stmt(db, `INSERT INTO payment_blocks (payment_id, case_id, kind, on_date, note, report_due, task_id, marked_by, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(p.id, c.id, input.kind, onDate, input.note, due, task.id, actor.name, now);
    appendAudit(db, actor.name, { caseId: c.id, entity: 'payment', entityId: p.id, action: input.kind, after: { kind: input.kind, onDate, note: input.note, reportDue: due, task: task.id } }, now);
    return { block: rowToBlock(stmt(db, 'SELECT * FROM payment_blocks WHERE payment_id = ?').get(p.id) as BlockRow), taskId: task.id };
  }).immediate();
}
