import { STATUS_LABELS, type CaseRecord } from '../../../../shared/cases.ts';
import { auditLabel } from '../../../../shared/auditLabels.ts';
import { ASSESSMENT_LABELS, type AssessmentStatus } from '../../../../shared/indicators/score.ts';
import { formatUsd } from '../../../../shared/legal/exposure.ts';
import { useApi } from '../../hooks.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { formatDate, formatTime } from '../../format.ts';
import { caseHref } from '../../router.ts';
import './dashboard.css';

const BAND_NAMES = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' } as const;
const DILIGENCE_STATUS: Record<string, string> = { not_done: 'not done', done: 'done', not_applicable: 'not applicable' };

/** The case's front page: risk, what the case holds, the next step and what blocks it, overdue work, the latest changes. */
export function CaseFront({ record, refresh }: { record: CaseRecord; refresh: unknown }) {
  const o = useApi('cases.overview', { number: record.number }, [record.version, refresh]);
  if (o.error) return <ErrorNotice error={o.error} />;
  const d = o.data;
  if (!d) return <div className="loading">Loading the overview…</div>;
  const n = d.counts;
  const tab = (id: string) => caseHref(record.number, id);
  return (
    <div className="front" role="region" aria-label="Case overview">
      <section className="card" aria-labelledby="front-risk">
        <h2 id="front-risk">Risk</h2>
        <div className="front-risk">
          <span className="score" aria-label={`Risk score ${d.risk.score} of 100`}>{d.risk.score}</span>
          <span className={`badge band-${d.risk.band}`}>{BAND_NAMES[d.risk.band]}</span>
          <span className="muted">of 100</span>
        </div>
        {d.risk.top.length === 0 ? (
          <p className="muted">No red flag adds to the score yet. <a href={tab('indicators')}>Assess the red flags</a>.</p>
        ) : (
          <>
            <p className="muted small">Largest contributions:</p>
            <ul>
              {d.risk.top.map((t) => (
                <li key={t.indicator}>
                  <span className="mono">{t.indicator}</span> {t.title}: <strong>+{t.points}</strong> <span className="muted">({ASSESSMENT_LABELS[t.status as AssessmentStatus]?.toLowerCase() ?? t.status})</span>
                </li>
              ))}
            </ul>
            <a href={tab('indicators')}>All red flags</a>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="front-next">
        <h2 id="front-next">Next step</h2>
        {d.next ? (
          <>
            <p>
              Move to <strong>{STATUS_LABELS[d.next.to].toLowerCase()}</strong>
              {d.next.blockers.length === 0 ? '; nothing in the workflow blocks it.' : '.'}
            </p>
            {d.next.blockers.length > 0 && (
              <ul aria-label="What blocks it">
                {d.next.blockers.map((b, i) => (
                  <li key={i} className="blocker">
                    {b.at !== d.next!.to && <>Before {STATUS_LABELS[b.at].toLowerCase()}: </>}
                    {b.message}
                  </li>
                ))}
              </ul>
            )}
            {d.next.open.length > 0 && (
              <>
                <p className="muted small">Still open:</p>
                <ul>{d.next.open.map((x) => <li key={x}>{x}</li>)}</ul>
              </>
            )}
          </>
        ) : (
          <p className="muted">The case is closed; reopening it needs a reason.</p>
        )}
        {d.origin && (
          <p className="muted small">
            Made from the template “{d.origin.name}”, version {d.origin.version}
            {d.origin.latestVersion > d.origin.version ? ` (the template is now at version ${d.origin.latestVersion})` : ''}.
          </p>
        )}
        {d.diligence.planned.length > 0 && (
          <details>
            <summary>Planned due diligence ({d.diligence.planned.filter((p) => p.status !== 'not_done').length} of {d.diligence.planned.length} recorded)</summary>
            <ul>
              {d.diligence.planned.map((p) => (
                <li key={p.id}><span className="mono">{p.id}</span> {p.title}: {DILIGENCE_STATUS[p.status] ?? p.status}</li>
              ))}
            </ul>
            <a href={tab('indicators')}>Record due diligence</a>
          </details>
        )}
      </section>

      <section className="card" aria-labelledby="front-counts">
        <h2 id="front-counts">In this case</h2>
        <dl className="front-counts">
          <div><dt>Subjects</dt><dd><a href={tab('subjects')}>{n.subjects}</a></dd></div>
          <div><dt>Identifiers</dt><dd><a href={tab('subjects')}>{n.identifiers}</a></dd></div>
          <div><dt>Exhibits</dt><dd><a href={tab('evidence')}>{n.exhibits}</a></dd></div>
          <div><dt>Findings to review</dt><dd><a href={tab('activity')}>{n.openFindings}</a></dd></div>
          <div><dt>Hits to decide</dt><dd><a href={tab('sanctions')}>{n.openHits}</a></dd></div>
          <div><dt>Payments</dt><dd><a href={tab('legal')}>{n.payments}</a></dd></div>
          <div><dt>Paid (USD)</dt><dd>{formatUsd(n.paymentsUsdCents)}</dd></div>
          <div><dt>Tasks open</dt><dd>{d.tasks.open}</dd></div>
        </dl>
        {n.paymentsUnconverted > 0 && <p className="muted small">{n.paymentsUnconverted} {n.paymentsUnconverted === 1 ? 'payment is' : 'payments are'} not in the USD total: no exchange rate for {n.paymentsUnconverted === 1 ? 'its' : 'their'} date.</p>}
      </section>

      <section className="card" aria-labelledby="front-overdue">
        <h2 id="front-overdue">Overdue tasks</h2>
        {d.overdue.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul>
            {d.overdue.map((t) => (
              <li key={`${t.kind}-${t.id}`}>
                <span className="badge overdue">due {formatDate(t.dueOn)}</span> {t.title} <span className="muted">({t.kind === 'investigation' ? 'investigation' : 'remediation'}, {t.owner})</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card front-wide" aria-labelledby="front-latest">
        <h2 id="front-latest">Latest activity</h2>
        <ul className="front-activity">
          {d.latest.map((e) => (
            <li key={e.seq}>
              <span>{auditLabel(e)} <span className="muted">by {e.actor}</span></span>
              <span className="muted small">{formatTime(e.at)}</span>
            </li>
          ))}
        </ul>
        <a href={tab('audit')}>Full audit trail</a>
      </section>
    </div>
  );
}
