import { useState } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { CATEGORIES, type Category, type Indicator } from '../../../../shared/indicators/catalog.ts';
import { ASSESSMENT_LABELS } from '../../../../shared/indicators/score.ts';
import { api } from '../../api.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import { AssessmentEditor } from './AssessmentEditor.tsx';
import { BulkAssess } from './BulkAssess.tsx';
import { DiligencePanel } from './DiligencePanel.tsx';
import { RiskCard } from './RiskCard.tsx';
import './indicators.css';

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

export function IndicatorsTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const list = useApi('indicators.checklist', { number }, refresh);
  const exhibits = useApi('evidence.list', { number }, refresh);
  const [editing, setEditing] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const reload = () => setRefresh((n) => n + 1);
  const { run, error, setError } = useAction(reload);
  const upgrade = () => run(async () => (await api('indicators.upgrade', { number }), ''));

  const data = list.data;
  if (!data) return <ErrorNotice error={list.error} />;
  const byCategory = new Map<Category, typeof data.items>();
  for (const item of data.items) byCategory.set(item.indicator.category, [...(byCategory.get(item.indicator.category) ?? []), item]);

  type Item = (typeof data.items)[number];
  const titles = new Map(data.items.map((x) => [x.indicator.id, x.indicator.title]));
  const cols = columns<Item>([
    ...(readOnly
      ? []
      : [
          {
            id: 'choose',
            header: <span className="visually-hidden">Choose</span>,
            cell: ({ indicator }: Item) => (
              <input
                type="checkbox"
                aria-label={`Choose ${indicator.id}`}
                checked={chosen.includes(indicator.id)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, indicator.id] : c.filter((x) => x !== indicator.id)))}
              />
            ),
          },
        ]),
    { id: 'code', header: 'Code', className: 'mono nowrap', cell: (x) => x.indicator.id },
    {
      id: 'indicator',
      header: 'Indicator',
      cell: ({ indicator, assessment }) => (
        <>
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
        </>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      className: 'nowrap',
      cell: ({ assessment }) => (
        <span className={`badge assessment-${assessment.status}`} data-testid="assessment-status">
          {ASSESSMENT_LABELS[assessment.status]}
        </span>
      ),
    },
    { id: 'weight', header: 'Weight', className: 'nowrap', cell: (x) => `w ${x.indicator.weight}` },
    {
      id: 'assess',
      header: '',
      cell: ({ indicator }) =>
        !readOnly &&
        editing !== indicator.id && (
          <button type="button" className="button" onClick={() => setEditing(indicator.id)}>
            Assess
          </button>
        ),
    },
  ]);

  return (
    <div className="indicators-tab">
      <ErrorNotice error={error ?? list.error} onClose={() => setError(null)} />
      <div className="score-panel" role="status" aria-label="Score while you work">
        <span className="risk-score-small" data-testid="sticky-score">
          {data.risk.score}
        </span>
        <span className={`badge band-${data.risk.band}`}>{data.risk.band}</span>
        <span>
          {data.items.length - data.notAssessed.length} of {data.items.length} assessed
        </span>
        <span className="muted score-panel-names">
          {data.risk.contributions.length === 0
            ? 'No indicator adds points yet.'
            : data.risk.contributions
                .slice(0, 4)
                .map((c) => `${c.indicator} ${titles.get(c.indicator) ?? ''} (+${c.points})`)
                .join(' · ')}
        </span>
      </div>
      <RiskCard risk={data.risk} titles={titles} />
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
      {!readOnly && chosen.length === 0 && <p className="muted">Tick several indicators to mark them absent or not applicable in one go.</p>}
      {!readOnly && chosen.length > 0 && <BulkAssess number={number} selected={chosen} onDone={reload} onClear={() => setChosen([])} />}
      {[...byCategory].map(([category, items]) => (
        <section key={category} className="indicator-group" aria-label={CATEGORIES[category]}>
          <h3>{CATEGORIES[category]}</h3>
          <DataTable label={CATEGORIES[category]} className="indicators" rows={items} cols={cols} rowKey={(x) => x.indicator.id} rowTestId={(x) => `indicator-${x.indicator.id}`} />
        </section>
      ))}
      <DiligencePanel number={number} rows={data.diligence} exhibits={(exhibits.data ?? []).filter((x) => !x.retracted)} readOnly={readOnly} onSaved={reload} />
    </div>
  );
}
