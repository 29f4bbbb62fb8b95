import { useEffect, useState } from 'react';
import { isCaseReadOnly, STATUS_LABELS, type CaseRecord } from '../../../../shared/cases.ts';
import { api, ApiError } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { caseHref } from '../../router.ts';
import { CASE_TABS } from './tabs.tsx';
import { StatusControl } from './StatusControl.tsx';
import { showInvisible } from '../../../../shared/text.ts';

export function CasePage({ number, tab }: { number: string; tab: string }) {
  const [record, setRecord] = useState<CaseRecord | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = () => api('cases.get', { number }).then(setRecord, setError);
  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload depends on number only
  }, [number]);
  if (error) return <section className="page"><a href="#/cases">← Cases</a><ErrorNotice error={error} /></section>;
  if (!record) return <div className="loading">Loading {number}…</div>;
  const active = CASE_TABS.find((t) => t.id === tab) ?? CASE_TABS[0]!;
  const onChanged = (next?: CaseRecord) => (next ? setRecord(next) : void reload());
  return (
    <section className="page case-page">
      <header className="page-header">
        <div>
          <a href="#/cases" className="muted">← Cases</a>
          <h1>
            <span className="mono">{record.number}</span> {showInvisible(record.title)}
          </h1>
          <div className="case-meta">
            <span className={`badge status-${record.status}`}>{STATUS_LABELS[record.status]}</span>
            <span className={`badge priority-${record.priority}`}>{record.priority}</span>
            {record.locked && <span className="badge locked">Locked</span>}
          </div>
        </div>
        <StatusControl record={record} onChanged={onChanged} />
      </header>
      {isCaseReadOnly(record) && (
        <Notice kind="info">
          {record.locked ? 'This case is locked by a signed final decision.' : `Closed: ${record.closingNote ?? ''}`} It is read-only until it is reopened with a reason.
        </Notice>
      )}
      <nav className="tabs" role="tablist" aria-label="Case sections">
        {CASE_TABS.map((t) => (
          <a
            key={t.id}
            role="tab"
            aria-selected={t.id === active.id}
            className={t.id === active.id ? 'tab active' : 'tab'}
            href={caseHref(record.number, t.id)}
          >
            {t.label}
          </a>
        ))}
      </nav>
      <div className="tab-panel" role="tabpanel">
        <active.component record={record} onChanged={onChanged} />
      </div>
    </section>
  );
}
