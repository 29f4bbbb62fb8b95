import { useRef, useState } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import type { Decision } from '../../../../shared/decisions.ts';
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
  const { run, busy, notices } = useAction(reload);

  const sign = (d: Decision) =>
    void run(async () => {
      const r = await api('decisions.sign', { number, id: d.id });
      if (r.caseLocked) onChanged();
      return `Signed decision #${d.id} as ${user.role}.${r.caseLocked ? ' The case is now locked.' : ''}`;
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
        {notices}
        <DecisionsTable
          decisions={list}
          titles={titles}
          canSign={canSign}
          canSupersede={(d) => !readOnly && d.state === 'signed'}
          busy={busy}
          onSign={sign}
          onSupersede={(d) => form.current?.supersede(d)}
        />
        <DecisionForm ref={form} number={number} disabled={readOnly} indicators={indicatorItems} exhibits={(exhibitList.data ?? []).filter((x) => !x.retracted)} onRecorded={reload} />
      </section>

      <TasksPanel number={number} tasks={tasks.data ?? []} loading={tasks.loading} readOnly={tasksReadOnly} onChanged={reload} />
    </div>
  );
}
