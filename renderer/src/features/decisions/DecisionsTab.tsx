import { useRef, useState, type FormEvent } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import {
  DECISION_KINDS,
  DECISION_LABELS,
  TASK_KINDS,
  TASK_LABELS,
  TASK_STATUSES,
  defaultFinal,
  type Decision,
  type DecisionKind,
  type RemediationTask,
  type TaskKind,
  type TaskStatus,
} from '../../../../shared/decisions.ts';
import { ASSESSMENT_LABELS } from '../../../../shared/indicators/score.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useApi, useSession } from '../../hooks.ts';
import { formatDate, formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/tabs.tsx';


const STATE_LABELS: Record<Decision['state'], string> = { draft: 'Awaiting sign-off', partly_signed: 'Partly signed', signed: 'Signed', superseded: 'Superseded' };
const STATUS_LABELS: Record<TaskStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' };

type RowProps = { d: Decision; titles: Map<string, string>; canSign: boolean; canSupersede: boolean; busy: boolean; onSign: (d: Decision) => void; onSupersede: (d: Decision) => void };

function DecisionRow({ d, titles, canSign, canSupersede, busy, onSign, onSupersede }: RowProps) {
  return (
    <tr data-testid="decision" className={d.state === 'superseded' ? 'superseded' : undefined}>
      <td className="mono">#{d.id}</td>
      <td>
        <strong>{DECISION_LABELS[d.kind]}</strong>
        <div className="muted">{d.final ? 'Final' : 'Interim'}</div>
      </td>
      <td className="decision-rationale">{d.rationale}</td>
      <td className="decision-links" data-testid="decision-links">
        {d.indicators.length === 0 && d.exhibits.length === 0 && <span className="muted">None</span>}
        {d.indicators.map((i) => (
          <div key={i}>
            <span className="badge mono">{i}</span> {titles.get(i) ?? ''}
          </div>
        ))}
        {d.exhibits.length > 0 && <div className="mono">{d.exhibits.join(', ')}</div>}
      </td>
      <td>
        {d.decidedBy}
        <div className="muted">{formatTime(d.decidedAt)}</div>
      </td>
      <td>
        {d.signatures.length === 0 && <span className="muted">None</span>}
        {d.signatures.map((s) => (
          <div key={s.role}>
            <span className="badge">{s.role}</span> {s.signer} <span className="muted">{formatTime(s.signedAt)}</span>
          </div>
        ))}
        {d.awaiting.length > 0 && d.state !== 'superseded' && <div className="muted">Awaiting: {d.awaiting.join(', ')}</div>}
      </td>
      <td>
        <span className={`badge decision-state-${d.state}`}>{STATE_LABELS[d.state]}</span>
        {d.supersedes !== null && <div className="muted">supersedes #{d.supersedes}</div>}
        {d.supersededBy !== null && <div className="muted">superseded by #{d.supersededBy}</div>}
      </td>
      <td>
        {canSign && (
          <button type="button" className="button" disabled={busy} onClick={() => onSign(d)}>
            Sign
          </button>
        )}
        {canSupersede && (
          <button type="button" className="button" disabled={busy} onClick={() => onSupersede(d)}>
            Supersede
          </button>
        )}
      </td>
    </tr>
  );
}

function TaskRow({ t, readOnly, onStatus }: { t: RemediationTask; readOnly: boolean; onStatus: (t: RemediationTask, s: TaskStatus) => void }) {
  return (
    <tr data-testid="task">
      <td>
        {TASK_LABELS[t.kind]}
        {t.title && <div className="muted">{t.title}</div>}
        {t.evidence && <div className="muted">Evidence: {t.evidence}</div>}
      </td>
      <td>{t.owner}</td>
      <td className={t.overdue ? 'overdue' : undefined}>
        {formatDate(t.dueOn)}
        {t.overdue && <span className="badge badge-overdue"> overdue</span>}
      </td>
      <td>
        <select aria-label={`Status of task ${t.id}`} value={t.status} disabled={readOnly} onChange={(e) => onStatus(t, e.target.value as TaskStatus)}>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </td>
    </tr>
  );
}

export function DecisionsTab({ record, onChanged }: CaseTabProps) {
  const number = record.number;
  const user = useSession();
  const readOnly = isCaseReadOnly(record);
  /** Remediation carries out the decision, so it continues after the signed final decision locks the case (core rule). */
  const tasksReadOnly = record.status === 'closed' && !record.locked;
  const [refresh, setRefresh] = useState(0);
  const decisions = useApi('decisions.list', { number }, refresh);
  const tasks = useApi('tasks.list', { number }, refresh);
  const checklist = useApi('indicators.checklist', { number }, refresh);
  const exhibitList = useApi('evidence.list', { number }, refresh);
  const [linkIndicators, setLinkIndicators] = useState<string[]>([]);
  const [linkExhibits, setLinkExhibits] = useState<string[]>([]);
  const [kind, setKind] = useState<DecisionKind>('terminate');
  const [rationale, setRationale] = useState('');
  const [supersedes, setSupersedes] = useState<number | null>(null);
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const [taskKind, setTaskKind] = useState<TaskKind>('revoke_access');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [evidence, setEvidence] = useState('');
  const { run, busy, notices } = useAction(() => setRefresh((r) => r + 1));

  const record_ = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const d = await api('decisions.add', { number, kind, rationale, indicators: linkIndicators, exhibits: linkExhibits, ...(supersedes !== null && { supersedes }) });
      setRationale('');
      setLinkIndicators([]);
      setLinkExhibits([]);
      setSupersedes(null);
      return `Recorded decision #${d.id}: ${DECISION_LABELS[d.kind]}${d.supersedes !== null ? `, superseding #${d.supersedes}` : ''}.`;
    });
  };
  const supersede = (d: Decision) => {
    setSupersedes(d.id);
    setKind(d.kind);
    setRationale('');
    rationaleRef.current?.scrollIntoView({ block: 'center' });
    rationaleRef.current?.focus();
  };
  const sign = (d: Decision) =>
    run(async () => {
      const r = await api('decisions.sign', { number, id: d.id });
      if (r.caseLocked) onChanged();
      return `Signed decision #${d.id} as ${user.role}.${r.caseLocked ? ' The case is now locked.' : ''}`;
    });
  const addTask = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const t = await api('tasks.add', { number, kind: taskKind, owner, dueOn, title: '', evidence });
      setOwner('');
      setDueOn('');
      setEvidence('');
      return `Added task: ${TASK_LABELS[t.kind]} (${t.owner}).`;
    });
  };
  const setStatus = (t: RemediationTask, status: TaskStatus) =>
    run(async () => {
      await api('tasks.update', { number, id: t.id, version: t.version, patch: { status } });
      return `${TASK_LABELS[t.kind]}: ${STATUS_LABELS[status]}.`;
    });

  const list = decisions.data ?? [];
  // Present indicators first: those are what a decision usually rests on.
  const indicatorItems = [...(checklist.data?.items ?? [])].sort(
    (a, b) => Number(b.assessment.status === 'present') - Number(a.assessment.status === 'present') || a.indicator.id.localeCompare(b.indicator.id),
  );
  const titles = new Map(indicatorItems.map((x) => [x.indicator.id, x.indicator.title]));
  const activeExhibits = (exhibitList.data ?? []).filter((x) => !x.retracted);
  const selected = (e: { target: HTMLSelectElement }) => [...e.target.selectedOptions].map((o) => o.value);
  const taskList = tasks.data ?? [];
  const canSign = (d: Decision) =>
    !readOnly && d.state !== 'superseded' && d.awaiting.includes(user.role) && !d.signatures.some((s) => s.role === user.role);

  return (
    <div className="decisions-tab">
      <ErrorNotice error={decisions.error ?? tasks.error ?? checklist.error ?? exhibitList.error} />
      {readOnly && (
        <Notice kind="info">
          This case is {record.locked ? 'locked' : 'closed'}: decisions can be read but not recorded or signed
          {record.locked ? '; remediation tasks continue. To supersede a signed decision, reopen the case (with a reason).' : ', nor tasks changed; reopen it (with a reason) to change them.'}
        </Notice>
      )}
      {notices}

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Decisions</h2>
        <p className="muted">A final decision needs the officer's and counsel's sign-off; once signed it cannot change — record a new decision instead.</p>
        {list.length === 0 && !decisions.loading && <p className="muted">No decisions yet.</p>}
        {list.length > 0 && (
          <table className="table" aria-label="Decisions">
            <thead>
              <tr>
                <th>No.</th>
                <th>Decision</th>
                <th>Rationale</th>
                <th>Indicators and exhibits</th>
                <th>Decided</th>
                <th>Sign-offs</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <DecisionRow
                  key={d.id}
                  d={d}
                  titles={titles}
                  canSign={canSign(d)}
                  canSupersede={!readOnly && d.state === 'signed'}
                  busy={busy}
                  onSign={(x) => void sign(x)}
                  onSupersede={supersede}
                />
              ))}
            </tbody>
          </table>
        )}

        <form className="form" onSubmit={record_} aria-label="Record a decision">
          <h3>{supersedes !== null ? `Record a decision superseding #${supersedes}` : 'Record a decision'}</h3>
          {supersedes !== null && (
            <Notice kind="info" onClose={() => setSupersedes(null)}>
              Decision #{supersedes} is signed and cannot change. This new decision replaces it; both stay in the record with their signatures. Say why in the rationale.
            </Notice>
          )}
          <fieldset disabled={readOnly || busy}>
            <div className="field">
              <label htmlFor="decision-kind">Decision</label>
              <select id="decision-kind" value={kind} onChange={(e) => setKind(e.target.value as DecisionKind)}>
                {DECISION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {DECISION_LABELS[k]}
                  </option>
                ))}
              </select>
              <small className="muted">{defaultFinal(kind) ? 'Final: needs officer and counsel sign-off.' : 'Interim: hands the case to counsel.'}</small>
            </div>
            <div className="field">
              <label htmlFor="decision-rationale">Rationale</label>
              <textarea id="decision-rationale" ref={rationaleRef} rows={4} value={rationale} onChange={(e) => setRationale(e.target.value)} />
            </div>
            <div className="field-row decision-link-fields">
              <div className="field">
                <label htmlFor="decision-indicators">Indicators relied on</label>
                <select id="decision-indicators" multiple size={6} value={linkIndicators} onChange={(e) => setLinkIndicators(selected(e))}>
                  {indicatorItems.map(({ indicator, assessment }) => (
                    <option key={indicator.id} value={indicator.id}>
                      {indicator.id} {indicator.title} — {ASSESSMENT_LABELS[assessment.status]}
                    </option>
                  ))}
                </select>
                <small className="muted">Ctrl- or Cmd-click to choose several; present ones are listed first.</small>
              </div>
              <div className="field">
                <label htmlFor="decision-exhibits">Exhibits relied on</label>
                <select id="decision-exhibits" multiple size={6} value={linkExhibits} onChange={(e) => setLinkExhibits(selected(e))}>
                  {activeExhibits.map((x) => (
                    <option key={x.number} value={x.number}>
                      {x.number} {x.title}
                    </option>
                  ))}
                </select>
                {activeExhibits.length === 0 && <small className="muted">No exhibits in this case yet.</small>}
              </div>
            </div>
            <button type="submit" className="button primary">
              {supersedes !== null ? `Record decision superseding #${supersedes}` : 'Record decision'}
            </button>
          </fieldset>
        </form>
      </section>

      <section aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">Remediation tasks</h2>
        {taskList.length === 0 && !tasks.loading && <p className="muted">No remediation tasks yet.</p>}
        {taskList.length > 0 && (
          <table className="table" aria-label="Remediation tasks">
            <thead>
              <tr>
                <th>Task</th>
                <th>Owner</th>
                <th>Due</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {taskList.map((t) => (
                <TaskRow key={t.id} t={t} readOnly={tasksReadOnly || busy} onStatus={(x, s) => void setStatus(x, s)} />
              ))}
            </tbody>
          </table>
        )}
        <form className="form" onSubmit={addTask} aria-label="Add a remediation task">
          <h3>Add a task</h3>
          <fieldset disabled={tasksReadOnly || busy}>
            <div className="field-row">
              <div className="field">
                <label htmlFor="task-kind">Task</label>
                <select id="task-kind" value={taskKind} onChange={(e) => setTaskKind(e.target.value as TaskKind)}>
                  {TASK_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {TASK_LABELS[k]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="task-owner">Owner</label>
                <input id="task-owner" value={owner} onChange={(e) => setOwner(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="task-due">Due date</label>
                <input id="task-due" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
              </div>
            </div>
            <div className="field">
              <label htmlFor="task-evidence">Evidence (what was done and where the proof is; needed to mark it done)</label>
              <input id="task-evidence" value={evidence} onChange={(e) => setEvidence(e.target.value)} />
            </div>
            <button type="submit" className="button">
              Add task
            </button>
          </fieldset>
        </form>
      </section>
    </div>
  );
}
