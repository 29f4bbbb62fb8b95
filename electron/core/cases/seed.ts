import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { createCase } from './repo.ts';
import { CASE_STATUSES, PRIORITIES, type CaseStatus } from '../../../shared/cases.ts';
import { seededRandom } from '../../../shared/random.ts';

// Invented names only: none of these is a real person.
const GIVEN = ['Daniel', 'Kevin', 'Ethan', 'Ryan', 'Jason', 'Alex', 'Brian', 'Mark', 'Lucas', 'Victor', 'Hiro', 'Tomas', 'Leo', 'Noah', 'Adrian', 'Oliver'];
// Family names are built from syllables, so that a seeded list has thousands of distinct names
// and a search for one behaves as it would on real data.
const FAMILY_HEAD = ['Moor', 'Castel', 'Whit', 'Bren', 'Ash', 'Carv', 'Del', 'Fair', 'Grey', 'Halv', 'Kest', 'Low', 'Marr', 'North', 'Pen', 'Quill', 'Ross', 'Stan', 'Thorn', 'Varn', 'Wend', 'Yarl', 'Brom', 'Corb', 'Dun', 'Elm', 'Fenn', 'Gar', 'Hollis', 'Ives'];
const FAMILY_MID = ['', 'a', 'e', 'i', 'o', 'er', 'en', 'an'];
const FAMILY_TAIL = ['land', 'an', 'field', 'ick', 'down', 'er', 'mont', 'ley', 'son', 'ers', 'rel', 'ell', 'ham', 'rose', 'lon', 'ford', 'wick', 'by', 'ton', 'worth'];
const ROLES = ['backend developer', 'React contractor', 'mobile engineer', 'DevOps freelancer', 'blockchain developer', 'QA contractor', 'data engineer', 'full-stack developer'];
const CONCERNS = [
  'camera refused in every interview',
  'payout account in another name',
  'laptop shipped to a different address',
  'logins from several countries in one day',
  'asked to be paid in USDT',
  'same résumé as another applicant',
  'activity hours fit UTC+9',
  'remote-access tool found on the issued laptop',
];
const ASSIGNEES = ['A. Rivera', 'J. Okafor', 'M. Lindqvist', 'S. Tanaka', 'P. Dubois', ''];
const TAGS = ['upwork', 'payroll', 'laptop-farm', 'crypto', 'interview', 'github', 'vendor', 'hr-referral', 'ofac'];

/**
 * Fills the database with realistic, invented cases for demos and benchmarks. Every case goes
 * through the core (numbering, tags, audit chain); status is set with its own audit event.
 */
export function seedCases(db: Db, actor: string, count: number, onProgress?: (done: number) => void, seed = 42): number {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const startMs = Date.parse('2024-01-01T00:00:00Z');
  const spanMs = Date.parse('2026-11-01T00:00:00Z') - startMs;
  const offsets = Array.from({ length: count }, () => Math.floor(r() * spanMs)).sort((a, b) => a - b);
  const setStatus = (id: number, number: string, status: CaseStatus, at: string) => {
    if (status === 'open') return;
    const closed = status === 'closed';
    stmt(db, 'UPDATE cases SET status = ?, closed_at = ?, closing_note = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(
      status, closed ? at : null, closed ? 'No further concern after review (seeded).' : null, at, id,
    );
    appendAudit(db, actor, { caseId: id, entity: 'case', entityId: number, action: closed ? 'closed' : 'status_changed', before: { status: 'open' }, after: { status } }, at);
  };
  const batch = 5_000;
  let done = 0;
  while (done < count) {
    db.transaction(() => {
      for (const end = Math.min(count, done + batch); done < end; done++) {
        const opened = new Date(startMs + offsets[done]!).toISOString();
        const name = `${pick(GIVEN)} ${pick(FAMILY_HEAD)}${pick(FAMILY_MID)}${pick(FAMILY_TAIL)}`;
        const concern = pick(CONCERNS);
        const tags = [...new Set([pick(TAGS), pick(TAGS)])].sort();
        const c = createCase(db, actor, {
          title: `${name}, ${pick(ROLES)}: ${concern}`,
          summary: `Applicant "${name}" was engaged as a ${pick(ROLES)}. Concern raised: ${concern}. Further checks: ${pick(CONCERNS)}.`,
          priority: pick(PRIORITIES),
          assignee: pick(ASSIGNEES),
          tags,
        }, opened);
        const status = pick(CASE_STATUSES);
        const later = new Date(Math.min(Date.parse(opened) + Math.floor(r() * 60 * 86_400_000), Date.parse('2026-11-01T00:00:00Z'))).toISOString();
        setStatus(c.id, c.number, status, later);
      }
    }).immediate();
    onProgress?.(done);
  }
  return count;
}
