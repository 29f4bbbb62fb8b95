/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { ASSESSMENT_LABELS, EGREGIOUSNESS_FACTORS, FACTORS, FACTORS_CITE, FACTORS_NOTE } from '../legal/factors.ts';
import type { ReportData } from './types.ts';
import { Grid, KeyValues, NotRecorded, SourceList, day, riskText, sourceKey, when } from './parts.tsx';
import { KIND_LABELS, type IdentifierKind } from '../identifiers.ts';

/** The exhibits the filing or memorandum rests on, each with its SHA-256. */
export function ExhibitList({ data, title = 'Exhibits' }: { data: ReportData; title?: string }) {
  return (
    <section>
      <h2>{title}</h2>
      <Grid
        rows={data.exhibits ?? []}
        empty="No exhibits recorded."
        columns={[
          { head: 'Exhibit', cell: (x) => x.number, width: '9%' },
          { head: 'Title', cell: (x) => <>{x.title}{x.retracted ? <span className="bad"> (retracted)</span> : null}</>, width: '28%' },
          { head: 'Acquired', cell: (x) => when(x.acquiredAt), nowrap: true, width: '17%' },
          { head: 'SHA-256', cell: (x) => <span className="mono">{x.sha256}</span> },
        ]}
      />
    </section>
  );
}

/** The facts counsel advises on: who, what identifiers, which red flags, what the screening found, and when. */
/** The case's dated key events, oldest first (the facts section and the IC3 worksheet's timeline). */
export function Chronology({ data }: { data: ReportData }) {
  return (
    <Grid
      rows={data.chronology ?? []}
      empty="No dated events."
      columns={[
        { head: 'Date', cell: (e) => <span className="pre">{e.date.replace(' (', '\n(')}</span>, width: '21%' },
        { head: 'Event', cell: (e) => e.event },
        { head: 'Reference', cell: (e) => e.ref, width: '13%' },
      ]}
    />
  );
}

export function FactsSection({ data }: { data: ReportData }) {
  const present = (data.indicators ?? []).filter((i) => i.status === 'present');
  const accepted = (data.activity?.findings ?? []).filter((f) => f.status === 'accepted');
  return (
    <section>
      <h2>Facts</h2>
      <KeyValues
        rows={[
          ['Case', `${data.case.number} — ${data.case.title}`],
          ['Summary', <span key="s" className="pre">{data.case.summary || '—'}</span>],
          ['Risk score', data.risk ? riskText(data.risk) : 'Not scored'],
        ]}
      />
      <h3>Subjects and their claimed identity</h3>
      {(data.subjects ?? []).length === 0 ? (
        <NotRecorded what="subjects" />
      ) : (
        <Grid
          rows={data.subjects ?? []}
          empty=""
          columns={[
            { head: 'Name', cell: (s) => <>{s.name}{s.aliases.length ? <span className="muted"> (also {s.aliases.join('; ')})</span> : null}</>, width: '24%' },
            { head: 'Role', cell: (s) => s.role, width: '10%' },
            { head: 'Nationality', cell: (s) => s.nationality || '—', width: '11%' },
            { head: 'Location', cell: (s) => s.location || '—', width: '15%' },
            { head: 'Identifiers', cell: (s) => s.identifiers.map((i) => `${KIND_LABELS[i.kind as IdentifierKind] ?? i.kind} ${i.value}${i.otherCases.length ? ` (also in ${i.otherCases.join(', ')})` : ''}`).join('; ') || '—' },
          ]}
        />
      )}
      <h3>Indicators present</h3>
      <Grid
        rows={present}
        empty="No indicator has been assessed as present."
        columns={[
          { head: 'Id', cell: (x) => x.id, width: '7%' },
          { head: 'Red flag', cell: (x) => x.title, width: '30%' },
          { head: 'Rationale and exhibits', cell: (x) => <span className="pre">{x.rationale || '—'}{x.exhibits.length ? ` [${x.exhibits.join(', ')}]` : ''}</span> },
          { head: 'Citation', cell: (x) => x.sources.map(sourceKey).join('; ') || '—', width: '12%' },
        ]}
      />
      <SourceList lines={present.flatMap((x) => x.sources)} />
      <h3>Accepted activity findings</h3>
      <Grid
        rows={accepted}
        empty="No activity finding has been accepted."
        columns={[
          { head: 'Indicator', cell: (x) => x.indicator, width: '10%' },
          { head: 'Finding', cell: (x) => <span className="pre">{x.detail}</span> },
          { head: 'Period', cell: (x) => `${day(x.from)} – ${day(x.to)}`, width: '22%' },
        ]}
      />
      <h3>Sanctions screening: hits confirmed and dismissed</h3>
      <Grid
        rows={data.sanctionsHits ?? []}
        empty="No sanctions hit has been confirmed or dismissed."
        columns={[
          { head: 'Screened', cell: (h) => `${h.source}: ${h.query}`, width: '24%' },
          { head: 'SDN entry', cell: (h) => `${h.sdnName} (#${h.entNum}; ${h.programs.join(', ')})`, width: '24%' },
          { head: 'Decision', cell: (h) => <span className={h.status === 'confirmed' ? 'bad' : undefined}>{h.status}</span>, width: '10%' },
          { head: 'Why, by whom', cell: (h) => `${h.reason || '—'} — ${h.decidedBy}, ${day(h.decidedAt)}` },
          { head: 'List version', cell: (h) => `${h.listVersion} (published ${h.listPublished})`, width: '14%' },
        ]}
      />
      <h3>Chronology</h3>
      <Chronology data={data} />
    </section>
  );
}

/** Counsel's view of the General Factors; the egregiousness determination rests mainly on A–D. */
export function FactorsSection({ data }: { data: ReportData }) {
  const byKey = new Map(data.factors.map((f) => [f.factor, f]));
  return (
    <section>
      <h2>General Factors</h2>
      <p className="muted">
        {FACTORS_CITE}. {FACTORS_NOTE}
      </p>
      <Grid
        rows={FACTORS.map((f) => f)}
        empty=""
        columns={[
          { head: 'Factor', cell: (f) => `${f.letter}. ${f.label}${(EGREGIOUSNESS_FACTORS as readonly string[]).includes(f.key) ? ' *' : ''}`, width: '30%' },
          { head: "Counsel's view", cell: (f) => (byKey.get(f.key) ? ASSESSMENT_LABELS[byKey.get(f.key)!.assessment] : <span className="muted">Not recorded</span>), width: '13%' },
          { head: 'Note', cell: (f) => <span className="pre">{byKey.get(f.key)?.note ?? '—'}</span> },
          { head: 'Exhibits', cell: (f) => byKey.get(f.key)?.exhibits.join(', ') || '—', width: '12%' },
        ]}
      />
      <p className="muted">* The egregiousness determination rests mainly on factors A to D (31 CFR 501 App. A, section V.B.1).</p>
    </section>
  );
}
