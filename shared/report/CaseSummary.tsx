/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { STATUS_LABELS, type CaseStatus } from '../cases.ts';
import { formatUsd } from '../legal/exposure.ts';
import type { ReportData } from './types.ts';
import { Grid, KeyValues, NotRecorded, day, riskText, when } from './parts.tsx';
import { KIND_LABELS, type IdentifierKind } from '../identifiers.ts';
import { AuditSection, DecisionsSection, FindingsList, TasksSection } from './sections.tsx';
import { Chronology } from './Facts.tsx';
import { SOURCES, type SourceKey } from '../indicators/sources.ts';
import type { ReportIndicator } from './types.ts';

/**
 * The checklist as the summary prints it: indicators the officer assessed in full, each citing its
 * sources by key; the rest as one compact list; every source cited listed once below (a case of 39
 * indicators printed each source's title on every row before).
 */
function IndicatorChecklist({ indicators }: { indicators: ReportIndicator[] }) {
  const assessed = indicators.filter((x) => x.status !== 'not_assessed');
  const rest = indicators.filter((x) => x.status === 'not_assessed');
  const keys = [...new Set(indicators.flatMap((x) => x.sourceKeys))].filter((k): k is SourceKey => k in SOURCES);
  return (
    <>
      <Grid
        rows={assessed}
        empty="No indicator has been assessed yet."
        columns={[
          { head: 'Id', cell: (x) => x.id, width: '7%', nowrap: true },
          { head: 'Red flag', cell: (x) => x.title, width: '34%' },
          { head: 'Status', cell: (x) => x.status.replace(/_/g, ' '), width: '11%' },
          { head: 'Rationale', cell: (x) => <span className="pre">{x.rationale || '—'}{x.exhibits.length ? ` [${x.exhibits.join(', ')}]` : ''}</span> },
          { head: 'Sources', cell: (x) => x.sourceKeys.join(', ') || '—', width: '10%' },
        ]}
      />
      {rest.length > 0 && (
        <p className="compact-list">
          <strong>Not assessed ({rest.length}):</strong> {rest.map((x) => `${x.id} ${x.title}`).join(' · ')}
        </p>
      )}
      {keys.length > 0 && (
        <>
          <h3>Sources cited</h3>
          <Grid
            rows={keys}
            empty=""
            columns={[
              { head: 'Key', cell: (k) => k, width: '9%', nowrap: true },
              { head: 'Source', cell: (k) => SOURCES[k].title },
              { head: 'Date', cell: (k) => SOURCES[k].date ?? 'undated', width: '12%', nowrap: true },
            ]}
          />
        </>
      )}
    </>
  );
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function Heatmap({ cells, zone, total }: { cells: number[][]; zone: string; total: number }) {
  const max = Math.max(1, ...cells.flat());
  return (
    <div className="block">
      <p className="muted">
        Activity by weekday and hour ({zone}), {total} events; darker is more.
      </p>
      <table className="heat">
        <thead>
          <tr>
            <th />
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cells.map((row, d) => (
            <tr key={d}>
              <th>{DAYS[d] ?? d}</th>
              {row.map((n, h) => (
                <td key={h} title={String(n)} style={{ background: n === 0 ? '#f3f5f8' : `rgba(31, 58, 95, ${(0.15 + (0.85 * n) / max).toFixed(3)})` }} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The officer's case summary: the whole investigation, for management, auditors or a regulator. */
export function CaseSummary({ data }: { data: ReportData }) {
  const c = data.case;
  return (
    <>
      <section className="cover">
        <div className="marking">{data.marking}</div>
        <h1>Case summary {c.number}</h1>
        <p style={{ fontSize: '13pt' }}>{c.title}</p>
        <KeyValues
          rows={[
            ['Status', `${STATUS_LABELS[c.status as CaseStatus] ?? c.status}${c.locked ? ' (locked by a signed final decision)' : ''}`],
            ['Risk score', data.risk ? riskText(data.risk) : 'Not scored'],
            ['Priority', c.priority],
            ['Assignee', c.assignee || '—'],
            ['Opened', when(c.openedAt)],
            ['Closed', c.closedAt ? `${when(c.closedAt)}${c.closingNote ? ` — ${c.closingNote}` : ''}` : '—'],
            ['Payments', `${data.payments.length} (${formatUsd(data.totals.totalUsdCents)})`],
            ['Report generated', `${when(data.generatedAt)} by ${data.generatedBy}`],
          ]}
        />
        {c.summary && <p className="pre">{c.summary}</p>}
      </section>

      <section>
        <h2>Subjects and identifiers</h2>
        {data.subjects === null || data.subjects.length === 0 ? (
          <NotRecorded what="subjects" />
        ) : (
          data.subjects.map((s, i) => (
            <div className="block" key={i}>
              <h3>
                {s.name} <span className="badge">{s.role}</span>
              </h3>
              <p className="muted">
                {[s.aliases.length ? `Also known as ${s.aliases.join('; ')}` : '', s.nationality && `Nationality ${s.nationality}`, s.location && `Location ${s.location}`].filter(Boolean).join(' · ') || ' '}
              </p>
              <Grid
                rows={s.identifiers}
                empty="No identifiers recorded."
                columns={[
                  { head: 'Kind', cell: (x) => KIND_LABELS[x.kind as IdentifierKind] ?? x.kind, width: '16%' },
                  { head: 'Identifier', cell: (x) => <span className="mono">{x.value}</span> },
                  { head: 'Also in cases', cell: (x) => (x.otherCases.length ? <strong>{x.otherCases.join(', ')}</strong> : '—'), width: '30%' },
                ]}
              />
            </div>
          ))
        )}
      </section>

      <section>
        <h2>Indicator checklist</h2>
        {data.indicators === null ? (
          <NotRecorded what="indicator assessments" />
        ) : (
          <IndicatorChecklist indicators={data.indicators} />
        )}
        <h3>Payment red flags (detected)</h3>
        <FindingsList findings={data.paymentFindings} />
      </section>

      <section>
        <h2>Due diligence</h2>
        {data.diligence === null ? (
          <NotRecorded what="due-diligence steps" />
        ) : (
          <Grid
            rows={data.diligence}
            empty="No due-diligence steps recorded."
            columns={[
              { head: 'Step', cell: (x) => `${x.id} ${x.title}`, width: '40%' },
              { head: 'Status', cell: (x) => x.status.replace(/_/g, ' '), width: '12%' },
              { head: 'Date', cell: (x) => day(x.date), width: '12%' },
              { head: 'Note', cell: (x) => <span className="pre">{x.note || '—'}</span> },
            ]}
          />
        )}
      </section>

      <section>
        <h2>Evidence register</h2>
        {data.exhibits === null ? (
          <NotRecorded what="exhibits" />
        ) : (
          <Grid
            rows={data.exhibits}
            empty="No exhibits recorded."
            columns={[
              { head: 'Exhibit', cell: (x) => x.number, width: '9%' },
              { head: 'Title', cell: (x) => <>{x.title}{x.retracted ? <span className="bad"> (retracted)</span> : null}</>, width: '28%' },
              { head: 'Acquired', cell: (x) => when(x.acquiredAt), nowrap: true, width: '17%' },
              { head: 'SHA-256', cell: (x) => <span className="mono">{x.sha256}</span> },
            ]}
          />
        )}
      </section>

      <section>
        <h2>Activity findings</h2>
        {data.activity === null ? (
          <NotRecorded what="login or activity records" />
        ) : (
          <>
            <Grid
              rows={data.activity.findings}
              empty="No activity findings."
              columns={[
                { head: 'Indicator', cell: (x) => x.indicator, width: '10%' },
                { head: 'Finding', cell: (x) => <span className="pre">{x.detail}</span> },
                { head: 'Period', cell: (x) => `${day(x.from)} – ${day(x.to)}`, width: '20%' },
                { head: 'Status', cell: (x) => x.status, width: '11%' },
              ]}
            />
            {data.activity.heatmap && <Heatmap {...data.activity.heatmap} />}
          </>
        )}
      </section>

      <section>
        <h2>Chronology</h2>
        <p className="muted">The case timeline: dated events drawn from the case's records and the officer's own entries, oldest first.</p>
        <Chronology data={data} />
      </section>

      <DecisionsSection decisions={data.decisions} />
      <TasksSection tasks={data.tasks} />
      <AuditSection audit={data.audit} />
    </>
  );
}
