import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { isCaseReadOnly, type CaseRecord } from '../../../shared/cases.ts';
import type { EventColumns, FindingDraft } from '../../../shared/activity/detectors.ts';
import type { Finding } from '../../../shared/activity/types.ts';
import { getCaseById } from '../cases/repo.ts';
import { DETECTORS, prepare } from './detectors.ts';
import { listFindings, storeFindings } from './findings.ts';
import { activitySettings } from './settings.ts';

export type CaseEvents = { events: EventColumns; zoneOf: (account: string) => string | null };

class Interner {
  readonly values: string[] = [];
  private readonly map = new Map<string, number>();
  id(s: string | null): number {
    if (s === null) return -1;
    let i = this.map.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.map.set(s, i);
    }
    return i;
  }
}

/** Reads every stored login event of a case into columns, with each account's claimed zone (from its latest import that names one). */
export function loadCaseEvents(db: Db, caseId: number): CaseEvents {
  const zones = new Map((stmt(db, 'SELECT id, zone FROM activity_imports WHERE case_id = ?').all(caseId) as { id: number; zone: string | null }[]).map((r) => [r.id, r.zone]));
  const accounts = new Interner();
  const ips = new Interner();
  const countries = new Interner();
  const sessions = new Interner();
  const eventNames = new Interner();
  const ts: number[] = [];
  const acc: number[] = [];
  const ip: number[] = [];
  const country: number[] = [];
  const session: number[] = [];
  const event: number[] = [];
  const ref: number[] = [];
  const zoneByAccount = new Map<string, { importId: number; zone: string }>();
  const rows = stmt(db, 'SELECT id, import_id, ts, account, ip, country, session_id, event FROM login_events WHERE case_id = ? ORDER BY ts, id').raw(true).iterate(caseId) as IterableIterator<[number, number, number, string, string, string | null, string | null, string | null]>;
  for (const [id, importId, t, a, p, c, s, e] of rows) {
    ts.push(t);
    acc.push(accounts.id(a));
    ip.push(ips.id(p));
    country.push(countries.id(c));
    session.push(sessions.id(s));
    event.push(eventNames.id(e));
    ref.push(id);
    const z = zones.get(importId);
    if (z) {
      const cur = zoneByAccount.get(a);
      if (!cur || cur.importId < importId) zoneByAccount.set(a, { importId, zone: z });
    }
  }
  return {
    events: { n: ts.length, ts, account: acc, ip, country, session, event, ref, dict: { accounts: accounts.values, ips: ips.values, countries: countries.values, sessions: sessions.values, events: eventNames.values } },
    zoneOf: (a) => zoneByAccount.get(a)?.zone ?? null,
  };
}

/**
 * Runs every registered detector over the case's events and stores the findings; cross-case
 * hits are also recorded in the other case when it is still open to changes.
 */
export function analyseCase(db: Db, actor: string, c: CaseRecord, loaded?: CaseEvents): Finding[] {
  return db.transaction(() => {
    const { events, zoneOf } = loaded ?? loadCaseEvents(db, c.id);
    const ctx = prepare(db, c.id, c.number, events, activitySettings(db), zoneOf);
    const drafts: FindingDraft[] = DETECTORS.flatMap((d) => d.run(ctx));
    storeFindings(db, actor, c.id, drafts, { prune: true });
    for (const [otherId, mirror] of ctx.mirrored) {
      const other = getCaseById(db, otherId);
      if (isCaseReadOnly(other)) continue;
      storeFindings(db, actor, otherId, mirror, { prune: false });
    }
    return listFindings(db, c.id);
  })();
}
