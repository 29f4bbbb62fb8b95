import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { getSubject } from '../subjects/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import type { SubjectRecord } from '../../../shared/subjects.ts';
import { placeOf, zoneCountry } from '../../../shared/activity/geo.ts';
import type { Claim } from '../../../shared/activity/rules/rule.ts';

function checkedSubject(db: Db, caseId: number, subject: string): SubjectRecord {
  if (!/^\d+$/.test(subject)) throw new AppError('invalid_input', `--subject takes a subject id (a number, see "subjects list"); got "${subject}".`);
  return getSubject(db, caseId, Number(subject));
}

/** What a subject claims: where (location, else time zone), their nationality, and their time zone (else their location's). */
export function claimOf(s: Pick<SubjectRecord, 'name' | 'location' | 'nationality' | 'timezone'>): Claim {
  const place = s.location ? placeOf(s.location) : null;
  const tzCountry = s.timezone ? zoneCountry(s.timezone) : null;
  return {
    subject: s.name,
    location: s.location,
    country: place?.country ?? tzCountry,
    basis: place ? 'location' : tzCountry ? 'time zone' : null,
    nationality: s.nationality || null,
    zone: s.timezone || place?.zone || null,
  };
}

/** What one of the case's subjects (by id) claims. */
export function subjectClaim(db: Db, caseId: number, subject: string): Claim {
  return claimOf(checkedSubject(db, caseId, subject));
}

/** The claimed time zone of one of the case's subjects (by id): their zone, else their location's; null when neither gives one. */
export function subjectZone(db: Db, caseId: number, subject: string): string | null {
  return subjectClaim(db, caseId, subject).zone;
}

type SubjectRow = { id: number; name: string; location: string; nationality: string; timezone: string; role: string };

/**
 * The subject the case's login records are taken to be about when an import names none: the
 * case's one worker (or, without workers, its one subject). With several, none is guessed.
 */
function caseSubject(rows: SubjectRow[]): SubjectRow | null {
  const workers = rows.filter((r) => r.role === 'worker');
  const pool = workers.length ? workers : rows;
  return pool.length === 1 ? pool[0]! : null;
}

/** The claims the rules compare logins with: per import naming a subject, and the case's one worker for the rest. */
export function caseClaims(db: Db, caseId: number): { byImport: Map<number, Claim>; fallback: Claim | null } {
  const rows = stmt(db, 'SELECT id, name, location, nationality, timezone, role FROM subjects WHERE case_id = ? ORDER BY id').all(caseId) as SubjectRow[];
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const byImport = new Map<number, Claim>();
  for (const imp of stmt(db, 'SELECT id, subject FROM activity_imports WHERE case_id = ? AND subject IS NOT NULL').all(caseId) as { id: number; subject: string }[]) {
    const s = byId.get(imp.subject);
    if (s) byImport.set(imp.id, claimOf(s));
  }
  const one = caseSubject(rows);
  return { byImport, fallback: one ? claimOf(one) : null };
}

/** The zone an import without `--zone` or `--subject` is read in: the case's one worker's claimed zone. */
export function defaultCaseZone(db: Db, caseId: number): string | null {
  return caseClaims(db, caseId).fallback?.zone ?? null;
}
