import { useState, type FormEvent } from 'react';
import { BLOCK_KINDS, BLOCK_RULES, type BlockKind, type PaymentBlock } from '../../../../shared/legal/filings.ts';
import { formatPaymentAmount, type Payment } from '../../../../shared/payments.ts';
import { api } from '../../api.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { ErrorNotice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useApi } from '../../hooks.ts';
import { Field } from '../../components/Field.tsx';

/**
 * Payments counsel marked blocked (31 CFR 501.603) or rejected (31 CFR 501.604): each opens a task
 * to report it to OFAC within 10 business days (weekends and US federal holidays skipped).
 */
export function BlocksPanel({ number, payments, canEdit, readOnly, refresh, onChanged }: { number: string; payments: Payment[]; canEdit: boolean; readOnly: boolean; refresh: number; onChanged: () => void }) {
  const blocks = useApi('payments.blocks', { number }, refresh);
  const tasks = useApi('tasks.list', { number }, refresh);
  const [paymentId, setPaymentId] = useState('');
  const [kind, setKind] = useState<BlockKind>('blocked');
  const [onDate, setOnDate] = useState('');
  const [note, setNote] = useState('');
  const { run, busy, notices } = useAction(onChanged);
  const blocked = new Set((blocks.data ?? []).map((b) => b.paymentId));
  const byId = new Map(payments.map((p) => [p.id, p]));
  const open = payments.filter((p) => !blocked.has(p.id));
  const taskLine = (b: PaymentBlock): string => {
    const t = tasks.data?.find((x) => x.id === b.taskId);
    return t ? `${t.title.split(' — ')[0]} (due ${t.dueOn}, ${t.status.replace('_', ' ')})` : b.taskId ? `Task #${b.taskId}` : '—';
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (!paymentId) throw new Error('Choose the payment.');
      const r = await api('payments.block', { number, id: Number(paymentId), kind, note, ...(onDate && { onDate }) });
      setNote('');
      setPaymentId('');
      return `Payment marked ${r.block.kind}. The ${BLOCK_RULES[r.block.kind].report} is due to OFAC by ${r.block.reportDue}; task #${r.taskId} was opened to file it.`;
    });
  };
  if (payments.length === 0) return null;
  return (
    <section aria-labelledby="blocks-heading">
      <h2 id="blocks-heading">Blocked and rejected payments</h2>
      <ErrorNotice error={blocks.error ?? tasks.error} />
      {(blocks.data ?? []).length === 0 ? (
        <p className="muted">No payment has been marked blocked or rejected.</p>
      ) : (
        <DataTable
          label="Blocked and rejected payments"
          rows={blocks.data!}
          rowKey={(b) => String(b.paymentId)}
          rowTestId="payment-block"
          cols={columns<PaymentBlock>([
            { id: 'payment', header: 'Payment', cell: (b) => { const p = byId.get(b.paymentId); return p ? `${p.paidOn} · ${formatPaymentAmount(p)} · ${p.payeeName}` : `#${b.paymentId}`; } },
            { id: 'kind', header: 'Marked', cell: (b) => (<>{BLOCK_RULES[b.kind].label} <span className="muted">({BLOCK_RULES[b.kind].cite})</span></>) },
            { id: 'on', header: 'On', className: 'mono', cell: (b) => b.onDate },
            { id: 'due', header: 'Report due to OFAC', className: 'mono', cell: (b) => b.reportDue },
            { id: 'task', header: 'Task', cell: (b) => <span data-testid="block-task">{taskLine(b)}</span> },
            { id: 'why', header: 'Why', cell: (b) => b.note },
          ])}
        />
      )}
      {canEdit && open.length > 0 && (
        <form className="form" onSubmit={submit} aria-label="Mark a payment blocked or rejected">
          <h3>Mark a payment blocked or rejected</h3>
          {notices}
          <fieldset disabled={busy || readOnly}>
            <div className="field-row">
              <Field label="Payment">
                <select id="block-payment" value={paymentId} onChange={(e) => setPaymentId(e.target.value)}>
                  <option value="">Choose…</option>
                  {open.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.paidOn} · {formatPaymentAmount(p)} · {p.payeeName}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Marked">
                <select id="block-kind" value={kind} onChange={(e) => setKind(e.target.value as BlockKind)}>
                  {BLOCK_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {BLOCK_RULES[k].label} ({BLOCK_RULES[k].cite})
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="On">
                <input id="block-date" type="date" value={onDate} onChange={(e) => setOnDate(e.target.value)} />
              </Field>
            </div>
            <Field label="Why">
              <input id="block-note" value={note} onChange={(e) => setNote(e.target.value)} />
            </Field>
            <button type="submit" className="button primary">
              Mark and open the reporting task
            </button>
          </fieldset>
        </form>
      )}
    </section>
  );
}
