import { Bar, BarChart, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { STATUS_LABELS } from '../../../../shared/cases.ts';
import type { Dashboard } from '../../../../shared/workspace.ts';
import { useApi } from '../../hooks.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { formatTime } from '../../format.ts';
import { navigate } from '../../router.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { ACTIVE_STATUSES, casesHref } from '../cases/filterLink.ts';
import './dashboard.css';

const STATUS_COLOURS: Record<string, string> = { open: '#175cd3', investigating: '#b93815', pending_legal_review: '#5925dc', decided: '#067647', closed: '#98a2b3' };
const BAND_COLOURS: Record<string, string> = { low: '#12b76a', medium: '#f79009', high: '#e4622a', critical: '#b42318' };
const BAND_LABELS: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

const go = (href: string) => {
  window.location.hash = href;
};

function Stat({ label, count, href, detail, tone }: { label: string; count: number; href: string; detail?: string; tone?: 'alert' | 'calm' }) {
  return (
    <a className={`stat ${count > 0 && tone === 'alert' ? 'stat-alert' : ''}`} href={href}>
      <span className="stat-count">{count.toLocaleString()}</span>
      <span className="stat-label">{label}</span>
      {detail && <span className="stat-detail muted">{detail}</span>}
    </a>
  );
}

function StatusChart({ d }: { d: Dashboard }) {
  const data = d.cases.byStatus.map((s) => ({ key: s.status, name: STATUS_LABELS[s.status], count: s.count }));
  return (
    <section className="card dash-card" aria-labelledby="dash-status">
      <h2 id="dash-status">Cases by status</h2>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={180}>
          <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ left: 8, right: 24 }}>
            <XAxis type="number" allowDecimals={false} hide />
            <YAxis type="category" dataKey="name" width={150} tickLine={false} axisLine={false} />
            <Tooltip formatter={(v) => [Number(v).toLocaleString(), 'Cases']} />
            <Bar dataKey="count" radius={[0, 4, 4, 0]} cursor="pointer" isAnimationActive={false} onClick={(e: { payload?: { key?: string } }) => e.payload?.key && go(casesHref({ status: [e.payload.key as 'open'] }))}>
              {data.map((s) => <Cell key={s.key} fill={STATUS_COLOURS[s.key]} />)}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="count-list">
        {data.map((s) => (
          <li key={s.key}><a href={casesHref({ status: [s.key as 'open'] })}><span className="swatch" style={{ background: STATUS_COLOURS[s.key] }} />{s.name}</a><span className="num">{s.count.toLocaleString()}</span></li>
        ))}
      </ul>
    </section>
  );
}

function BandChart({ d }: { d: Dashboard }) {
  const data = d.cases.byBand.map((b) => ({ key: b.band, name: BAND_LABELS[b.band]!, count: b.count }));
  const href = (band: string) => casesHref({ status: ACTIVE_STATUSES, band: [band as 'low'] });
  return (
    <section className="card dash-card" aria-labelledby="dash-band">
      <h2 id="dash-band">Risk of cases not yet decided</h2>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={180}>
          <PieChart accessibilityLayer={false}>
            <Pie rootTabIndex={-1} data={data.filter((x) => x.count > 0)} dataKey="count" nameKey="name" innerRadius={48} outerRadius={76} paddingAngle={1} cursor="pointer" isAnimationActive={false} onClick={(e: { payload?: { key?: string } }) => e.payload?.key && go(href(e.payload.key))}>
              {data.filter((x) => x.count > 0).map((b) => <Cell key={b.key} fill={BAND_COLOURS[b.key]} />)}
            </Pie>
            <Tooltip formatter={(v) => [Number(v).toLocaleString(), 'Cases']} />
          </PieChart>
        </ResponsiveContainer>
      </div>
      <ul className="count-list">
        {data.map((b) => (
          <li key={b.key}><a href={href(b.key)}><span className="swatch" style={{ background: BAND_COLOURS[b.key] }} />{b.name}</a><span className="num">{b.count.toLocaleString()}</span></li>
        ))}
      </ul>
      <p className="muted small">Open, investigating and pending legal review; bands of the red-flag score: low under 25, medium 25–49, high 50–74, critical 75 and over.</p>
    </section>
  );
}

type OwnerRow = Dashboard['overdueTasks']['byOwner'][number];
const ownerColumns = columns<OwnerRow>([
  { id: 'owner', header: 'Owner', cell: (o) => <a href={casesHref({ taskOwner: o.owner })}>{o.owner}</a> },
  { id: 'investigation', header: 'Investigation', headerClassName: 'num', className: 'num', cell: (o) => o.investigation.toLocaleString() },
  { id: 'remediation', header: 'Remediation', headerClassName: 'num', className: 'num', cell: (o) => o.remediation.toLocaleString() },
  { id: 'cases', header: 'Cases', headerClassName: 'num', className: 'num', cell: (o) => o.cases.toLocaleString() },
]);

function OverdueChart({ d }: { d: Dashboard }) {
  const rows = d.overdueTasks.byOwner.slice(0, 8).map((o) => ({ ...o, name: o.owner }));
  return (
    <section className="card dash-card dash-wide" aria-labelledby="dash-overdue">
      <h2 id="dash-overdue">Overdue tasks by owner</h2>
      {rows.length === 0 ? (
        <p className="muted">No task is past its due date.</p>
      ) : (
        <div className="owner-split">
          <div className="chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height={Math.max(120, rows.length * 34 + 40)}>
              <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ left: 8, right: 24 }}>
                <XAxis type="number" allowDecimals={false} hide />
                <YAxis type="category" dataKey="name" width={150} tickLine={false} axisLine={false} />
                <Tooltip />
                <Legend formatter={(v) => <span style={{ color: '#1d2330' }}>{v}</span>} />
                <Bar dataKey="investigation" name="Investigation" stackId="t" fill="#1f4fd1" cursor="pointer" isAnimationActive={false} onClick={(e: { payload?: { owner?: string } }) => e.payload?.owner && go(casesHref({ taskOwner: e.payload.owner }))} />
                <Bar dataKey="remediation" name="Remediation" stackId="t" fill="#e4622a" radius={[0, 4, 4, 0]} cursor="pointer" isAnimationActive={false} onClick={(e: { payload?: { owner?: string } }) => e.payload?.owner && go(casesHref({ taskOwner: e.payload.owner }))} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <DataTable label="Overdue tasks by owner" className="owner-table" rows={d.overdueTasks.byOwner} cols={ownerColumns} rowKey={(o) => o.owner} />
        </div>
      )}
    </section>
  );
}

function BackupLine({ b }: { b: Dashboard['backup'] }) {
  if (!b.configured && !b.lastSuccess) return <p className="muted">Automatic backups are not set up. <a href="#/settings">Set them up in Settings</a>.</p>;
  return (
    <>
      <p>{b.lastSuccess ? <>Last backup {formatTime(b.lastSuccess)}.</> : 'No backup has been taken yet.'}</p>
      {b.stale && <Notice kind="warning">The last backup is more than a day old.</Notice>}
      {b.lastError && <Notice kind="error">The last attempt failed: {b.lastError}</Notice>}
    </>
  );
}

/** The home page: what needs attention across every case; each count opens the case list filtered to it. */
export function DashboardPage() {
  const dash = useApi('dashboard.get', {});
  const d = dash.data;
  return (
    <section className="page dashboard">
      <header className="page-header">
        <div>
          <h1>Dashboard</h1>
          <p className="muted">{d ? <>What needs attention across {d.cases.total.toLocaleString()} {d.cases.total === 1 ? 'case' : 'cases'}, as of {formatTime(d.asOf)}. Each count opens the list of those cases.</> : 'Counting…'}</p>
        </div>
        <button type="button" className="button" onClick={() => navigate('cases')}>All cases</button>
      </header>
      <ErrorNotice error={dash.error} />
      {d && (
        <>
          <div className="stats" role="group" aria-label="Needs attention">
            <Stat label="overdue tasks" count={d.overdueTasks.total} href={casesHref({ overdue: true })} detail={`in ${d.overdueTasks.cases.toLocaleString()} ${d.overdueTasks.cases === 1 ? 'case' : 'cases'}`} tone="alert" />
            <Stat label="sanctions hits awaiting a decision" count={d.sanctionsHits.open} href={casesHref({ openHits: true })} detail={`in ${d.sanctionsHits.cases.toLocaleString()} ${d.sanctionsHits.cases === 1 ? 'case' : 'cases'}`} tone="alert" />
            <Stat label="detector findings awaiting review" count={d.findings.open} href={casesHref({ openFindings: true })} detail={`in ${d.findings.cases.toLocaleString()} ${d.findings.cases === 1 ? 'case' : 'cases'}`} tone="alert" />
            <Stat label="cases pending legal review" count={d.legalReview.cases} href={casesHref({ status: ['pending_legal_review'] })} detail="for counsel" />
          </div>
          <div className="dash-grid">
            <StatusChart d={d} />
            <BandChart d={d} />
            <section className="card dash-card" aria-labelledby="dash-backup">
              <h2 id="dash-backup">Backup</h2>
              <BackupLine b={d.backup} />
            </section>
            <OverdueChart d={d} />
          </div>
        </>
      )}
    </section>
  );
}
