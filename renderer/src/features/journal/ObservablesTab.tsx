import { useMemo, useState, type ReactNode } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { IDENTIFIER_KINDS, KIND_LABELS, type IdentifierKind } from '../../../../shared/identifiers.ts';
import { SANCTIONS_RESULTS, SANCTIONS_RESULT_LABELS, type Observable, type ObservableImportResult, type SanctionsResult } from '../../../../shared/journal.ts';
import { api } from '../../api.ts';
import { DataTable, columns } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { PathField } from '../../components/PathField.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import { formatDate, formatTime } from '../../format.ts';
import { useApi } from '../../hooks.ts';
import { caseHref } from '../../router.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import './journal.css';

type SortKey = 'kind' | 'value' | 'subject' | 'firstSeen' | 'lastSeen' | 'exhibit' | 'otherCases' | 'sanctions';
const SORT_VALUE: Record<SortKey, (o: Observable) => string> = {
  kind: (o) => KIND_LABELS[o.kind],
  value: (o) => o.display.toLowerCase(),
  subject: (o) => (o.subject ?? '\uffff').toLowerCase(),
  firstSeen: (o) => o.firstSeen ?? '\uffff',
  lastSeen: (o) => o.lastSeen ?? '\uffff',
  exhibit: (o) => o.exhibit ?? '\uffff',
  otherCases: (o) => String(999 - o.otherCases.length).padStart(3, '0'),
  sanctions: (o) => String(SANCTIONS_RESULTS.indexOf(o.sanctions)),
};

function ImportOutcome({ result }: { result: ObservableImportResult }) {
  const problems = (list: ObservableImportResult['rejected']) => (
    <ul className="import-problems">
      {list.map((p) => (
        <li key={`${p.line}-${p.value}`}>
          Line {p.line}: <span className="mono">{p.value || '(empty)'}</span> — {p.reason}
        </li>
      ))}
    </ul>
  );
  if (result.rejected.length > 0) {
    return (
      <Notice kind="error">
        Nothing was added: {result.rejected.length} line{result.rejected.length === 1 ? ' is' : 's are'} not valid. Correct or delete {result.rejected.length === 1 ? 'it' : 'them'} and add the list again.
        {problems(result.rejected)}
      </Notice>
    );
  }
  return (
    <Notice kind="success">
      Added {result.added} identifier{result.added === 1 ? '' : 's'}.
      {result.duplicates.length > 0 && (
        <>
          {' '}
          {result.duplicates.length} already recorded in this case, not added again:
          {problems(result.duplicates)}
        </>
      )}
    </Notice>
  );
}

/** Every identifier of the case in one table, with bulk paste, CSV import and CSV export. */
export function ObservablesTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const reload = () => setRefresh((r) => r + 1);
  const list = useApi('observables.list', { number }, refresh);
  const subjects = useApi('subjects.list', { number }, refresh);
  const exhibits = useApi('evidence.list', { number }, refresh);
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<IdentifierKind | ''>('');
  const [result, setResult] = useState<SanctionsResult | ''>('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'kind', desc: false });
  const [paste, setPaste] = useState('');
  const [subjectId, setSubjectId] = useState('');
  const [evidence, setEvidence] = useState('');
  const [outcome, setOutcome] = useState<ObservableImportResult | null>(null);
  const [out, setOut] = useState('');
  const importing = useAction(reload);
  const exporting = useAction();
  useUnsaved(paste.trim() ? 'the pasted identifiers' : null);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const kept = (list.data ?? []).filter(
      (o) =>
        (!kind || o.kind === kind) &&
        (!result || o.sanctions === result) &&
        (!q || [o.display, o.value, o.subject ?? '', o.exhibit ?? '', ...o.otherCases].some((s) => s.toLowerCase().includes(q))),
    );
    const by = SORT_VALUE[sort.key];
    return kept.sort((a, b) => (sort.desc ? -1 : 1) * (by(a).localeCompare(by(b), undefined, { numeric: true }) || a.id - b.id));
  }, [list.data, query, kind, result, sort]);

  const head = (key: SortKey, label: string): ReactNode => (
    <button type="button" className="th-sort" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : false })} aria-label={`Sort by ${label.toLowerCase()}`}>
      {label}
      {sort.key === key && <span className="sort-mark">{sort.desc ? '▼' : '▲'}</span>}
    </button>
  );

  const cols = columns<Observable>([
    { id: 'kind', header: head('kind', 'Kind'), cell: (o) => KIND_LABELS[o.kind] },
    {
      id: 'value',
      header: head('value', 'Value'),
      cell: (o) => (
        <>
          {o.qualifier && !o.display.toLowerCase().includes(o.qualifier.toLowerCase()) && <div className="qualifier">{o.qualifier}</div>}
          <span className="mono">{o.display}</span>
        </>
      ),
      className: 'value',
    },
    { id: 'subject', header: head('subject', 'Subject'), cell: (o) => o.subject ?? '—' },
    { id: 'first', header: head('firstSeen', 'First seen'), cell: (o) => <span title={formatTime(o.firstSeen)}>{formatDate(o.firstSeen)}</span>, className: 'nowrap' },
    { id: 'last', header: head('lastSeen', 'Last seen'), cell: (o) => <span title={formatTime(o.lastSeen)}>{formatDate(o.lastSeen)}</span>, className: 'nowrap' },
    { id: 'exhibit', header: head('exhibit', 'Exhibit'), cell: (o) => (o.exhibit ? <a href={caseHref(number, 'evidence')}>{o.exhibit}</a> : '—') },
    {
      id: 'cases',
      header: head('otherCases', 'Other cases'),
      cell: (o) => (o.otherCases.length ? o.otherCases.map((n, i) => <span key={n}>{i > 0 && ', '}<a href={caseHref(n, 'observables')} className="nowrap">{n}</a></span>) : '—'),
    },
    {
      id: 'sanctions',
      header: head('sanctions', 'Sanctions'),
      cell: (o) => (
        <span title={o.sanctionsDetail || undefined}>
          <span className={`badge sanctions-${o.sanctions}`}>{SANCTIONS_RESULT_LABELS[o.sanctions]}</span>
          {o.sanctions === 'confirmed' || o.sanctions === 'to_decide' ? <div className="muted">{o.sanctionsDetail}</div> : null}
        </span>
      ),
    },
  ]);

  const runImport = (input: { text: string; fileName?: string }) =>
    void importing.run(async () => {
      setOutcome(null);
      const r = await api('identifiers.import', { number, ...input, ...(subjectId && { subjectId: Number(subjectId) }), ...(evidence && { evidence }) });
      setOutcome(r);
      if (r.rejected.length === 0 && !input.fileName) setPaste('');
      return '';
    });

  const total = list.data?.length ?? 0;
  const file = out.trim() || `${number}-identifiers.csv`;
  return (
    <div className="journal-tab">
      <ErrorNotice error={list.error} />
      <div className="observables-filters">
        <Field label="Find"><input type="search" value={query} placeholder="Value, subject, exhibit, case…" onChange={(e) => setQuery(e.target.value)} /></Field>
        <Field label="Kind">
          <select value={kind} onChange={(e) => setKind(e.target.value as IdentifierKind | '')}>
            <option value="">All kinds</option>
            {IDENTIFIER_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </select>
        </Field>
        <Field label="Sanctions">
          <select value={result} onChange={(e) => setResult(e.target.value as SanctionsResult | '')}>
            <option value="">Any result</option>
            {SANCTIONS_RESULTS.map((s) => <option key={s} value={s}>{SANCTIONS_RESULT_LABELS[s]}</option>)}
          </select>
        </Field>
        <span className="count" data-testid="observables-count">{rows.length === total ? `${total} identifiers` : `${rows.length} of ${total} identifiers`}</span>
      </div>
      <DataTable
        label="Identifiers of the case"
        className="observables"
        rows={rows}
        cols={cols}
        rowKey={(o) => String(o.id)}
        rowTestId="observable-row"
        empty={<p className="muted">{total === 0 ? (list.loading ? 'Loading…' : 'No identifiers yet: paste a list below, or import a CSV.') : 'No identifier matches the filters.'}</p>}
      />
      <p className="muted">First and last seen come from the date recorded with the identifier and, for IP addresses, the imported login records. The sanctions result is the latest screening of the case; open the Sanctions tab to decide a possible match.</p>

      {!readOnly && (
        <section className="journal-form" aria-labelledby="paste-heading">
          <h3 id="paste-heading">Add identifiers in bulk</h3>
          {importing.notices}
          {outcome && <ImportOutcome result={outcome} />}
          <div className="import-grid">
            <Field label="Paste one value per line" hint="E-mail addresses, phone numbers with +country code, IP addresses, wallets, IBANs, profile links, chain:wallet, github:handle, KP:passport number… Each is checked as the single-value form checks it; if any line is not valid, nothing is added and the bad lines are listed.">
              <textarea rows={7} className="mono" value={paste} onChange={(e) => setPaste(e.target.value)} />
            </Field>
            <div className="form">
              <Field label="Subject (for every value)">
                <select value={subjectId} onChange={(e) => setSubjectId(e.target.value)}>
                  <option value="">No subject</option>
                  {(subjects.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
                </select>
              </Field>
              <Field label="Source exhibit (for every value)">
                <select value={evidence} onChange={(e) => setEvidence(e.target.value)}>
                  <option value="">None</option>
                  {(exhibits.data ?? []).filter((x) => !x.retracted).map((x) => <option key={x.number} value={x.number}>{x.number} {x.title}</option>)}
                </select>
              </Field>
              <button type="button" className="button primary" disabled={importing.busy || !paste.trim()} onClick={() => runImport({ text: paste })}>
                Check and add
              </button>
              <Field label="Or import a CSV file" hint="A header row naming kind and value (qualifier and subject optional), as the export writes it.">
                <input
                  type="file"
                  accept=".csv,.txt,text/csv,text/plain"
                  disabled={importing.busy}
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    e.target.value = '';
                    if (f) void f.text().then((text) => runImport({ text, fileName: f.name }));
                  }}
                />
              </Field>
            </div>
          </div>
        </section>
      )}
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: identifiers can be read and exported but not added.</Notice>}
      <div className="export-row">
        <PathField id="observables-out" label="Save the identifiers as CSV to" mode="save" value={out} onChange={setOut} placeholder={`${number}-identifiers.csv`} defaultName={`${number}-identifiers.csv`} filters={[{ name: 'CSV', extensions: ['csv'] }]} />
        <button
          type="button"
          className="button"
          disabled={exporting.busy}
          onClick={() =>
            void exporting.run(async () => {
              const r = await api('identifiers.export', { number, out: file });
              return `Saved ${r.rows} identifiers to ${r.file}.`;
            })
          }
        >
          Export CSV
        </button>
      </div>
      {exporting.notices}
    </div>
  );
}
