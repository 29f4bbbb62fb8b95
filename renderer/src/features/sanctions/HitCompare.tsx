import type { ReactNode } from 'react';
import { normaliseName } from '../../../../shared/payments.ts';
import type { CaseHit, EntryDetail, RemarkItem } from '../../../../shared/sanctions/types.ts';
import type { IdentifierRecord, SubjectRecord } from '../../../../shared/subjects.ts';
import { showInvisible } from '../../../../shared/text.ts';
import { useApi } from '../../hooks.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { columns, DataTable } from '../../components/DataTable.tsx';

type Verdict = 'agree' | 'differ' | 'unknown';
const MARK: Record<Verdict, string> = { agree: '✓ agrees', differ: '✗ differs', unknown: '? not on both sides' };

const alnum = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const items = (e: EntryDetail, ...kinds: RemarkItem['kind'][]) => e.identifiers.filter((i) => kinds.includes(i.kind));

/** Which subject a hit was screened for: the one whose name or alias is the screened text. */
export function subjectOf(hit: CaseHit, subjects: SubjectRecord[]): SubjectRecord | undefined {
  const q = normaliseName(hit.query);
  return subjects.find((s) => [s.name, ...s.aliases].some((n) => normaliseName(n) === q)) ?? subjects.find((s) => hit.source.includes(s.name));
}

type Line = { label: string; listed: ReactNode; subject: ReactNode; verdict: Verdict };

const list = (xs: string[]) => (xs.length ? xs.map((x, i) => <div key={i}>{showInvisible(x)}</div>) : <span className="muted">—</span>);

/**
 * The listed entry beside the subject it was found for: every name, date of birth, nationality,
 * document, address, program and remark, each line marked where the two agree or differ.
 */
export function HitCompare({ hit, version, subject, identifiers }: { hit: CaseHit; version: number; subject: SubjectRecord | undefined; identifiers: IdentifierRecord[] }) {
  const entry = useApi('sanctions.entry', { entNum: hit.ent_num, version });
  if (entry.error) return <ErrorNotice error={entry.error} />;
  const e = entry.data;
  if (!e) return <p className="muted">Loading the listed entry…</p>;
  const subjectNames = subject ? [subject.name, ...subject.aliases] : [hit.query];
  const listedNames = [...new Set([e.name, ...e.names.map((n) => n.name)])];
  const nameSet = new Set(listedNames.map(normaliseName));
  const namesAgree = subjectNames.some((n) => nameSet.has(normaliseName(n)));
  const nationalities = items(e, 'nationality', 'citizenship').map((i) => i.value);
  const nat = subject?.nationality ?? '';
  const natVerdict: Verdict = !nat || nationalities.length === 0 ? 'unknown' : nationalities.some((n) => alnum(n) === alnum(nat) || (nat.toUpperCase() === 'KP' && /korea,?\s*north/i.test(n))) ? 'agree' : 'differ';
  const docs = items(e, 'passport', 'national_id', 'tax_id', 'registration', 'other_id', 'crypto', 'email', 'website', 'phone');
  const own = (subject ? identifiers.filter((i) => i.subjectId === subject.id) : identifiers).map((i) => i.value);
  const docVerdict: Verdict = docs.length === 0 || own.length === 0 ? 'unknown' : docs.some((d) => own.some((v) => alnum(v) === alnum(d.value))) ? 'agree' : 'differ';
  const addresses = e.addresses.map((a) => [a.address, a.city, a.country].filter(Boolean).join(', ')).filter(Boolean);
  const place = subject?.location ?? '';
  const addrVerdict: Verdict = !place || addresses.length === 0 ? 'unknown' : addresses.some((a) => alnum(a).includes(alnum(place)) || alnum(place).includes(alnum(a.split(', ').pop() ?? ''))) ? 'agree' : 'differ';
  const notRecorded = <span className="muted">not recorded for subjects</span>;
  const none = <span className="muted">—</span>;
  const lines: Line[] = [
    { label: 'Names and aliases', listed: list(listedNames), subject: list(subjectNames), verdict: namesAgree ? 'agree' : 'differ' },
    { label: 'Date of birth', listed: list(items(e, 'dob').map((i) => i.value)), subject: notRecorded, verdict: 'unknown' },
    { label: 'Place of birth', listed: list(items(e, 'pob').map((i) => i.value)), subject: notRecorded, verdict: 'unknown' },
    { label: 'Nationality', listed: list(nationalities), subject: nat || none, verdict: natVerdict },
    { label: 'Documents and identifiers', listed: list(docs.map((d) => `${d.label} ${d.value}${d.country ? ` (${d.country})` : ''}${d.detail ? ` ${d.detail}` : ''}`)), subject: list(own), verdict: docVerdict },
    { label: 'Addresses', listed: list(addresses), subject: place || none, verdict: addrVerdict },
    { label: 'Programs', listed: list(e.programs), subject: none, verdict: 'unknown' },
    { label: 'Remarks', listed: e.remarks ? showInvisible(e.remarks) : none, subject: subject?.notes ? showInvisible(subject.notes) : none, verdict: 'unknown' },
  ];
  return (
    <section className="hit-compare" aria-label={`Listed entry ${e.ent_num} beside ${subject?.name ?? hit.query}`}>
      <DataTable
        label="Listed entry and subject compared"
        className="compare-table"
        rows={lines}
        rowKey={(l) => l.label}
        rowClassName={(l) => `compare-${l.verdict}`}
        cols={columns<Line>([
          { id: 'detail', header: 'Detail', className: 'compare-label', cell: (l) => l.label },
          {
            id: 'listed',
            header: (
              <>
                Listed: {showInvisible(e.name)} <span className="muted">(entry {e.ent_num}, {e.type}; list version {e.version.id}, published {e.version.published})</span>
              </>
            ),
            cell: (l) => l.listed,
          },
          { id: 'subject', header: <>Subject: {showInvisible(subject?.name ?? hit.query)}</>, cell: (l) => l.subject },
          { id: 'match', header: 'Match', className: (l) => `compare-mark compare-mark-${l.verdict}`, cell: (l) => MARK[l.verdict] },
        ])}
      />
    </section>
  );
}
