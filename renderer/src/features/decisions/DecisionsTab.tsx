import { useRef, useState } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { DECISION_LABELS, type Decision } from '../../../../shared/decisions.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { api } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useApi, useSession } from '../../hooks.ts';
import type { CaseTabProps } from '../cases/tabs.tsx';
import { DecisionForm, type DecisionFormHandle } from './DecisionForm.tsx';
import { DecisionsTable } from './DecisionsTable.tsx';
import { TasksPanel } from './TasksPanel.tsx';

export function DecisionsTab({ record, onChanged }: CaseTabProps) {
  const number = record.number;
  const user = useSession();
  const readOnly = isCaseReadOnly(record);
  /** Remediation carries out the decision, so it continues after the signed final decision locks the case (core rule). */
  const tasksReadOnly = record.status === 'closed' && !record.locked;
  const [refresh, setRefresh] = useState(0);
  const reload = () => setRefresh((r) => r + 1);
  const decisions = useApi('decisions.list', { number }, refresh);
  const tasks = useApi('tasks.list', { number }, refresh);
  const checklist = useApi('indicators.checklist', { number }, refresh);
  const exhibitList = useApi('evidence.list', { number }, refresh);
  const form = useRef<DecisionFormHandle>(null);
  const [signing, setSigning] = useState<Decision | null>(null);
  const signed = useAction(reload);
  const { busy } = signed;

  const sign = (d: Decision, reason: string, passphrase: string) =>
    void signed.run(async () => {
      const r = await api('decisions.sign', { number, id: d.id, reason, passphrase });
      setSigning(null);
      if (r.caseLocked) onChanged();
      return `Signed decision #${d.id} as ${user.role}.${r.caseLocked ? ' The decision takes effect: the case is decided, closed and locked.' : ''}`;
    });

  const list = decisions.data ?? [];
  // Present indicators first: those are what a decision usually rests on.
  const indicatorItems = [...(checklist.data?.items ?? [])].sort(
    (a, b) => Number(b.assessment.status === 'present') - Number(a.assessment.status === 'present') || a.indicator.id.localeCompare(b.indicator.id),
  );
  const titles = new Map(indicatorItems.map((x) => [x.indicator.id, x.indicator.title]));
  const canSign = (d: Decision) => !readOnly && d.state !== 'superseded' && d.awaiting.includes(user.role) && !d.signatures.some((s) => s.role === user.role);

  return (
    <div className="decisions-tab">
      <ErrorNotice error={decisions.error ?? tasks.error ?? checklist.error ?? exhibitList.error} />
      {readOnly && (
        <Notice kind="info">
          This case is {record.locked ? 'locked' : 'closed'}: decisions can be read but not recorded or signed
          {record.locked ? '; remediation tasks continue. To supersede a signed decision, reopen the case (with a reason).' : ', nor tasks changed; reopen it (with a reason) to change them.'}
        </Notice>
      )}

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Decisions</h2>
        <p className="muted">A final decision needs the officer's and counsel's sign-off; once signed it cannot change — record a new decision instead.</p>
        {list.length === 0 && !decisions.loading && <p className="muted">No decisions yet.</p>}
        {!signing && signed.notices}
        <DecisionsTable
          decisions={list}
          titles={titles}
          canSign={canSign}
          canSupersede={(d) => !readOnly && d.state === 'signed'}
          busy={busy}
          onSign={(d) => {
            signed.setError(null);
            setSigning(d);
          }}
          onSupersede={(d) => form.current?.supersede(d)}
        />
        <DecisionForm ref={form} number={number} disabled={readOnly} indicators={indicatorItems} exhibits={(exhibitList.data ?? []).filter((x) => !x.retracted)} onRecorded={reload} />
      </section>

      {signing && (
        <ConfirmDialog
          open
          title={`Sign decision #${signing.id}`}
          confirmLabel={`Sign decision #${signing.id} (${DECISION_LABELS[signing.kind]})`}
          reasonLabel="Why you sign (kept in the audit trail with your signature)"
          busy={busy}
          notices={signed.notices}
          askPassphrase
          onConfirm={(reason, passphrase) => sign(signing, reason, passphrase)}
          onClose={() => setSigning(null)}
        >
          <p>
            You sign decision #{signing.id}, <strong>{DECISION_LABELS[signing.kind]}</strong> ({signing.final ? 'final' : 'interim'}), as {user.role}. A signature cannot be withdrawn.
          </p>
          <p className="muted">
            {signing.final
              ? signing.awaiting.filter((r) => r !== user.role).length > 0
                ? `It takes effect when ${signing.awaiting.filter((r) => r !== user.role).join(' and ')} also signs.`
                : 'Your signature makes it take effect: the case moves through pending legal review and decided (each step checked) and is closed and locked.'
              : 'It takes effect on your signature.'}
          </p>
        </ConfirmDialog>
      )}
      <TasksPanel number={number} tasks={tasks.data ?? []} exhibits={(exhibitList.data ?? []).filter((x) => !x.retracted)} loading={tasks.loading} readOnly={tasksReadOnly} onChanged={reload} />
    </div>
  );
}
