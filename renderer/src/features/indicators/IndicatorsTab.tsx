import { useState, type FormEvent } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { CATEGORIES, type Category, type Indicator } from '../../../../shared/indicators/catalog.ts';
import { ASSESSMENT_LABELS, ASSESSMENT_STATUSES, BAND_FLOORS, type AssessmentStatus } from '../../../../shared/indicators/score.ts';
import { DILIGENCE_STATUSES, type DiligenceStatus, type DiligenceStep } from '../../../../shared/indicators/diligence.ts';
import type { Assessment, CaseRisk, DiligenceRecord } from '../../../../shared/indicators/types.ts';
import type { Exhibit } from '../../../../shared/evidence.ts';
import { api, ApiError, toApiError as toError } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useApi } from '../../hooks.ts';
import { formatDate, formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/tabs.tsx';
import './indicators.css';

const DILIGENCE_LABELS: Record<DiligenceStatus, string> = { not_done: 'Not done', done: 'Done', not_applicable: 'Not applicable' };

export function RiskCard({ risk }: { risk: CaseRisk }) {
  return (
    <section className="card risk-card" aria-label="Risk score">
      <div className="risk-headline">
        <span className="risk-score" data-testid="risk-score">{risk.score}</span>
        <span className={`badge band-${risk.band}`} data-testid="risk-band">{risk.band}</span>
        <span className="muted">
          of 100 · catalog v{risk.catalogVersion}
          {risk.computedAt && ` · computed ${formatTime(risk.computedAt)}`}
        </span>
      </div>
      <p className="muted">
        Points = weight × 1 for a present indicator, × 0.5 for an inconclusive one; score = the sum, capped at 100. Bands: low &lt; {BAND_FLOORS.medium} ≤ medium &lt; {BAND_FLOORS.high} ≤ high &lt; {BAND_FLOORS.critical} ≤ critical.
        {risk.capped && ' The sum exceeds 100, so the score is capped.'} Weights are set on the <a href="#/settings">Settings</a> page.
      </p>
      {risk.contributions.length === 0 ? (
        <p className="muted">No indicator contributes yet.</p>
      ) : (
        <table className="table" aria-label="Score contributions">
          <thead>
            <tr>
              <th>Indicator</th>
              <th>Status</th>
              <th>Weight</th>
              <th>Points</th>
            </tr>
          </thead>
          <tbody>
            {risk.contributions.map((c) => (
              <tr key={c.indicator}>
                <td className="mono">{c.indicator}</td>
                <td>{ASSESSMENT_LABELS[c.status]}</td>
                <td>{c.weight}</td>
                <td>
                  <span className="contribution-bar" style={{ width: `${Math.min(100, c.points)}%` }} />
                  {c.points}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Sources({ indicator }: { indicator: Indicator }) {
  return (
    <span className="sources">
      {indicator.sources.map((s) => (
        <span key={s.key} className="tag" title={s.title}>
          {s.key}
          {s.date ? ` · ${s.date}` : ''}
        </span>
      ))}
    </span>
  );
}

function AssessmentEditor(props: { number: string; indicator: Indicator; assessment: Assessment; exhibits: Exhibit[]; onSaved: () => void; onCancel: () => void }) {
  const { number, indicator, assessment, exhibits } = props;
  const [status, setStatus] = useState<AssessmentStatus>(assessment.status);
  const [rationale, setRationale] = useState(assessment.rationale);
  const [linked, setLinked] = useState<string[]>(assessment.exhibits);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const needsEvidence = status === 'present' && linked.length === 0 && assessment.findings.length === 0;
  const needsRationale = status !== 'not_assessed' && rationale.trim() === '';
  const usable = exhibits.filter((x) => !x.retracted);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('indicators.assess', { number, indicator: indicator.id, status, rationale, exhibits: linked });
      props.onSaved();
    } catch (err) {
      setError(toError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form assessment-editor" aria-label={`Assess ${indicator.id}`} onSubmit={(e) => void save(e)}>
      <div className="field-row">
        <label className="field">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as AssessmentStatus)}>
            {ASSESSMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ASSESSMENT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>Rationale</span>
        <textarea rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} placeholder="What you saw, and why it supports this status" />
      </label>
      <fieldset className="plain-fieldset">
        <legend>Linked exhibits</legend>
        {usable.length === 0 ? (
          <p className="muted">This case has no exhibits yet; add them in the Evidence tab.</p>
        ) : (
          <div className="exhibit-picks">
            {usable.map((x) => (
              <label key={x.number} className="radio">
                <input
                  type="checkbox"
                  checked={linked.includes(x.number)}
                  onChange={(e) => setLinked((l) => (e.target.checked ? [...l, x.number] : l.filter((n) => n !== x.number)))}
                />
                <span className="mono">{x.number}</span> {x.title}
              </label>
            ))}
          </div>
        )}
        {assessment.findings.length > 0 && <p className="muted">Backed by accepted detector finding{assessment.findings.length > 1 ? 's' : ''} {assessment.findings.map((f) => `#${f}`).join(', ')}.</p>}
      </fieldset>
      {needsEvidence && (
        <Notice kind="warning">
          “Present” needs evidence: link at least one exhibit
          {indicator.checkable ? `, or accept a detector finding for ${indicator.id} in the Activity tab` : ' (add it in the Evidence tab first)'}.
        </Notice>
      )}
      {needsRationale && !needsEvidence && <Notice kind="info">Add a rationale: every assessed status records why.</Notice>}
      <ErrorNotice error={error} onClose={() => setError(null)} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || needsEvidence || needsRationale}>
          Save assessment
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DiligenceRow(props: { number: string; step: DiligenceStep; record: DiligenceRecord; readOnly: boolean; onSaved: () => void }) {
  const { number, step, record } = props;
  const [status, setStatus] = useState<DiligenceStatus>(record.status);
  const [date, setDate] = useState(record.date ?? '');
  const [note, setNote] = useState(record.note);
  const [error, setError] = useState<ApiError | null>(null);
  const dirty = status !== record.status || date !== (record.date ?? '') || note !== record.note;
  const save = async () => {
    setError(null);
    try {
      await api('indicators.diligence', { number, step: step.id, status, date: date || null, note, exhibits: record.exhibits });
      props.onSaved();
    } catch (e) {
      setError(toError(e));
    }
  };
  return (
    <tr data-testid="diligence-step">
      <td className="mono">{step.id}</td>
      <td>
        <strong>{step.title}</strong>
        <div className="muted">{step.description}</div>
        <ErrorNotice error={error} onClose={() => setError(null)} />
      </td>
      <td>
        <select aria-label={`${step.id} status`} value={status} disabled={props.readOnly} onChange={(e) => setStatus(e.target.value as DiligenceStatus)}>
          {DILIGENCE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {DILIGENCE_LABELS[s]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input type="date" aria-label={`${step.id} date`} value={date} disabled={props.readOnly} onChange={(e) => setDate(e.target.value)} />
      </td>
      <td>
        <input aria-label={`${step.id} note`} value={note} disabled={props.readOnly} onChange={(e) => setNote(e.target.value)} />
        {record.doneBy && <div className="muted">{record.doneBy}, {formatDate(record.updatedAt)}</div>}
      </td>
      <td>
        <button type="button" className="button" disabled={!dirty || props.readOnly} onClick={() => void save()}>
          Save
        </button>
      </td>
    </tr>
  );
}

export function IndicatorsTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const list = useApi('indicators.checklist', { number }, refresh);
  const exhibits = useApi('evidence.list', { number }, refresh);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = () => setRefresh((n) => n + 1);

  const upgrade = async () => {
    try {
      await api('indicators.upgrade', { number });
      reload();
    } catch (e) {
      setError(toError(e));
    }
  };

  const data = list.data;
  if (!data) return <ErrorNotice error={list.error} />;
  const byCategory = new Map<Category, typeof data.items>();
  for (const item of data.items) byCategory.set(item.indicator.category, [...(byCategory.get(item.indicator.category) ?? []), item]);

  return (
    <div className="indicators-tab">
      <ErrorNotice error={error ?? list.error} onClose={() => setError(null)} />
      <RiskCard risk={data.risk} />
      {data.notAssessed.length > 0 ? (
        <Notice kind="info">
          {data.notAssessed.length} of {data.items.length} indicators are not assessed yet. The case cannot be decided until every indicator has a status.
        </Notice>
      ) : (
        <Notice kind="success">Every indicator is assessed.</Notice>
      )}
      {data.pendingChanges.length > 0 && (
        <Notice kind="warning">
          This case uses catalog version {data.catalogVersion}; version {data.latestVersion} changes:{' '}
          {data.pendingChanges.map((c) => `${c.kind} ${c.indicator.id}`).join(', ')}.{' '}
          {!readOnly && (
            <button type="button" className="button" onClick={() => void upgrade()}>
              Upgrade to version {data.latestVersion}
            </button>
          )}
        </Notice>
      )}
      <h2>Red-flag checklist</h2>
      {[...byCategory].map(([category, items]) => (
        <section key={category} className="indicator-group" aria-label={CATEGORIES[category]}>
          <h3>{CATEGORIES[category]}</h3>
          <table className="table indicators">
            <tbody>
              {items.map(({ indicator, assessment }) => (
                <tr key={indicator.id} data-testid={`indicator-${indicator.id}`}>
                  <td className="mono nowrap">{indicator.id}</td>
                  <td>
                    <strong>{indicator.title}</strong>
                    {indicator.checkable && <span className="tag">detector</span>}
                    <div className="muted">{indicator.description}</div>
                    <Sources indicator={indicator} />
                    {assessment.status !== 'not_assessed' && (
                      <div className="assessment-summary">
                        {assessment.rationale}
                        {assessment.exhibits.length > 0 && <span className="mono"> · {assessment.exhibits.join(', ')}</span>}
                        {assessment.findings.length > 0 && <span> · finding {assessment.findings.map((f) => `#${f}`).join(', ')}</span>}
                        <div className="muted">
                          {assessment.assessedBy}, {formatTime(assessment.assessedAt)}
                        </div>
                      </div>
                    )}
                    {editing === indicator.id && (
                      <AssessmentEditor
                        number={number}
                        indicator={indicator}
                        assessment={assessment}
                        exhibits={exhibits.data ?? []}
                        onCancel={() => setEditing(null)}
                        onSaved={() => {
                          setEditing(null);
                          reload();
                        }}
                      />
                    )}
                  </td>
                  <td className="nowrap">
                    <span className={`badge assessment-${assessment.status}`} data-testid="assessment-status">
                      {ASSESSMENT_LABELS[assessment.status]}
                    </span>
                  </td>
                  <td className="nowrap">w {indicator.weight}</td>
                  <td>
                    {!readOnly && editing !== indicator.id && (
                      <button type="button" className="button" onClick={() => setEditing(indicator.id)}>
                        Assess
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <h2>Due diligence taken</h2>
      <table className="table diligence" aria-label="Due diligence">
        <thead>
          <tr>
            <th />
            <th>Step</th>
            <th>Status</th>
            <th>Date</th>
            <th>Note</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.diligence.map(({ step, record: r }) => (
            <DiligenceRow key={`${step.id}:${r.updatedAt ?? ''}`} number={number} step={step} record={r} readOnly={readOnly} onSaved={reload} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
