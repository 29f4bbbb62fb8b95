import { networkElsewhere, otherCasesIndexed, otherCasesOnNetwork } from './address-index.ts';
import type { Db, ReadDb } from '../db/connection.ts';
import { cancelledError } from '../context.ts';
import { stmt } from '../db/connection.ts';
import { isCaseReadOnly, type CaseRecord } from '../../../shared/cases.ts';
import { Analyser, memo } from '../../../shared/activity/analyser.ts';
import { COMPANY_EGRESS, type Claim, type FindingDraft, type LoginEvent, type Rule } from '../../../shared/activity/rules/rule.ts';
import { RULES, sortDrafts } from '../../../shared/activity/rules/index.ts';
import { crossCaseFindings, type CrossEvent } from '../../../shared/activity/rules/na02-cross-case.ts';
import { na02Case } from '../../../shared/activity/rules/na02-case.ts';
import { na03Session } from '../../../shared/activity/rules/na03-session.ts';
import { na05Agent } from '../../../shared/activity/rules/na05-agent.ts';
import { na08Location } from '../../../shared/activity/rules/na08-location.ts';
import { caseClaims } from './subjects.ts';
import { openLocator } from './geoip.ts';
import { deviceDrafts } from './device-findings.ts';
import type { Finding } from '../../../shared/activity/types.ts';
import type { ActivitySettings } from '../../../shared/activity/fields.ts';
import { getCaseById } from '../cases/repo.ts';
import { appendAudit } from '../audit/chain.ts';
import { listFindings, storeFindings } from './findings.ts';
import { activitySettings } from './settings.ts';
import { rangeMatcher } from './cidr.ts';
import { networkOf } from '../../../shared/activity/address.ts';
import { spillParking } from './spill.ts';

/** Progress and cancellation for a long analysis (the import worker passes both). */
export type AnalysisHooks = {
  progress?: (done: number, total: number) => void;
  /** Asked every few thousand events; true stops the analysis with a 'cancelled' error. */
  cancelled?: () => boolean;
  /** Events counted in the progress's total beyond the finished imports' (a staged import's). */
  extraEvents?: number;
};

const PAGE = 16_384;
const CHECK_EVERY = 16_384;

type Row = [number, number, number, string, string, string | null, string | null, string | null, string | null, number | null];

/**
 * The rows a reader of a case sees: those of its finished imports. A staged import's rows (see
 * writer.ts) are left out until its final write, except, for the import's own analysis, its own.
 */
const VISIBLE = "import_id NOT IN (SELECT id FROM activity_imports WHERE state = 'staging' AND id <> ?)";

/**
 * Every visible event of a case in time order (ties by row id), read a page at a time: the
 * analysis never holds more than one page of rows. `ownImport`: a staged import whose rows are
 * seen too (0: none).
 */
function* caseEvents(db: Db, caseId: number, ownImport = 0): Generator<LoginEvent> {
  const first = stmt(db, `SELECT id, import_id, ts, account, ip, country, session_id, event, user_agent, port FROM login_events WHERE case_id = ? AND ${VISIBLE} ORDER BY ts, id LIMIT ?`).raw(true);
  const next = stmt(db, `SELECT id, import_id, ts, account, ip, country, session_id, event, user_agent, port FROM login_events WHERE case_id = ? AND ${VISIBLE} AND (ts, id) > (?, ?) ORDER BY ts, id LIMIT ?`).raw(true);
  let page = first.all(caseId, ownImport, PAGE) as Row[];
  while (page.length) {
    for (const [ref, importId, ts, account, ip, country, session, event, agent, port] of page) yield { ref, importId, ts, account, ip, country, session, event, agent, port };
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    page = next.all(caseId, ownImport, last[2], last[0], PAGE) as Row[];
  }
}

/** True when the case holds events of a finished import. */
/** The different accounts of a case's visible login records (bounded: an import that would bring more than MAX_ACCOUNTS is refused). */
export const caseAccounts = (db: ReadDb, caseId: number): Set<string> =>
  new Set(stmt(db, `SELECT DISTINCT account FROM login_events WHERE case_id = ? AND ${VISIBLE}`).pluck().all(caseId, 0) as string[]);

export const caseHasEvents = (db: ReadDb, caseId: number): boolean =>
  stmt(db, "SELECT 1 FROM activity_imports WHERE case_id = ? AND state = 'done' AND events > 0 LIMIT 1").get(caseId) !== undefined;

/** What an analysis of the case rests on: its finished imports. Another import finished in between changes it. */
export const caseEventsVersion = (db: ReadDb, caseId: number): string =>
  JSON.stringify(stmt(db, "SELECT count(*), coalesce(max(id), 0), coalesce(sum(events), 0) FROM activity_imports WHERE case_id = ? AND state = 'done'").raw(true).get(caseId));

/**
 * NA-02 across cases: for each of this case's networks also seen in another case (by the case_ips
 * index: an IPv4 address itself, an IPv6 address's /64), this case's events on it are merged with
 * the other cases' events on the same network near them.
 */
function crossCase(db: Db, c: CaseRecord, shared: Map<string, LoginEvent[]>, settings: ActivitySettings): { own: FindingDraft[]; mirrored: Map<number, FindingDraft[]> } {
  const own: FindingDraft[] = [];
  const mirrored = new Map<number, FindingDraft[]>();
  const candidates = otherCasesOnNetwork(db);
  const fetch = stmt(db, `SELECT id, account, ts, ip FROM login_events WHERE case_id = ? AND ts BETWEEN ? AND ? AND ip = ? AND ${VISIBLE} ORDER BY ts, id`);
  const w = settings.na02WindowHours * 3_600_000;
  for (const [net, events] of shared) {
    const first = events[0]!.ts - w;
    const last = events[events.length - 1]!.ts + w;
    const near = candidates(net, c.id).filter((r) => r.first_ts <= last && r.last_ts >= first);
    if (near.length === 0) continue;
    const merged: CrossEvent[] = [];
    // Each other case's addresses in the network (one for IPv4), each fetched once.
    for (const r of new Map(near.map((r) => [`${r.case_id}|${r.ip}`, r])).values()) {
      for (const e of fetch.all(r.case_id, first, last, r.ip, 0) as { id: number; account: string; ts: number; ip: string }[]) merged.push({ ts: e.ts, caseId: r.case_id, number: r.number, account: e.account, ref: e.id, ip: e.ip });
    }
    for (const e of events) merged.push({ ts: e.ts, caseId: c.id, number: c.number, account: e.account, ref: e.ref, ip: e.ip });
    merged.sort((a, b) => a.ts - b.ts || a.ref - b.ref);
    const r = crossCaseFindings(net, merged, c.id, c.number, settings);
    own.push(...r.own);
    for (const [other, drafts] of r.mirrored) mirrored.set(other, [...(mirrored.get(other) ?? []), ...drafts]);
  }
  return { own, mirrored };
}

/**
 * A large import's analysis is shared by two threads: the import worker runs most rules on the
 * rows as it writes them, the thread reading the file runs these (and notes the addresses other
 * cases hold) on the same rows as it reads them. Every rule runs on exactly one of them.
 */
const READER_RULES: readonly Rule[] = [na02Case, na03Session, na05Agent, na08Location];
const WORKER_RULES: readonly Rule[] = RULES.filter((r) => !READER_RULES.includes(r));

/** Which rules a pass runs: all of them, or one thread's share of a large import (see READER_RULES). */
export type ThreadPart = 'all' | 'worker' | 'reader';

/** One pass of the rules over a case's events, plus the events on addresses other cases hold (for the cross-case look-up). */
export class CasePass {
  private readonly analyser: Analyser;
  private readonly shared = new Map<string, LoginEvent[]>();

  constructor(rules: readonly Rule[], env: ConstructorParameters<typeof Analyser>[1], isShared: ((ip: string) => boolean) | null) {
    const shared = this.shared;
    // The company's own egress addresses link no cases.
    const egress = env.rangeOf;
    const extra = isShared
      ? [{
          push(e: LoginEvent) {
            // By network: an IPv6 address's /64 (privacy addresses rotate within it), an IPv4 address itself.
            const net = networkOf(e.ip);
            let xs = shared.get(net);
            if (!xs && (!isShared(net) || egress?.(e.ip)?.kind === COMPANY_EGRESS)) return;
            if (!xs) shared.set(net, (xs = []));
            xs.push(e);
          },
          finish() {},
        }]
      : [];
    this.analyser = new Analyser(rules, env, extra);
  }

  get lastTs(): number {
    return this.analyser.lastTs;
  }

  push(e: LoginEvent): void {
    this.analyser.push(e);
  }

  /** The rules' findings once every event is pushed, and the events kept for the cross-case look-up. */
  finish(): AnalysisResult {
    return { drafts: this.analyser.finish(), shared: [...this.shared] };
  }
}

/** The rules for a case, with its settings, claimed zones, range lists and the other cases' addresses. */
export function caseAnalyser(db: Db, caseId: number, extraZone?: { importId: number; zone: string }, part: ThreadPart = 'all', extraClaim?: { importId: number; claim: Claim }): CasePass {
  const settings = activitySettings(db);
  const rules = part === 'all' ? RULES : part === 'reader' ? READER_RULES : WORKER_RULES;
  const zones = new Map((stmt(db, 'SELECT id, zone FROM activity_imports WHERE case_id = ? AND zone IS NOT NULL').all(caseId) as { id: number; zone: string }[]).map((r) => [r.id, r.zone]));
  if (extraZone) zones.set(extraZone.importId, extraZone.zone);
  // Each thread builds only the look-ups it uses, and none when there is nothing to look up.
  // The reading thread's rules only need to know the company's egress ranges.
  const ranges = part === 'reader'
    ? stmt(db, `SELECT 1 FROM cidr_lists WHERE kind = '${COMPANY_EGRESS}' LIMIT 1`).get() !== undefined
    : stmt(db, 'SELECT 1 FROM cidr_ranges LIMIT 1').get() !== undefined;
  const otherCases = part !== 'worker' && otherCasesIndexed(db, caseId);
  const shared = networkElsewhere(db);
  const claims = caseClaims(db, caseId);
  // The import in progress is not committed yet: the subject it names is passed in.
  if (extraClaim) claims.byImport.set(extraClaim.importId, extraClaim.claim);
  const env = {
    settings, zones, claims, defaultZone: claims.fallback?.zone ?? null,
    rangeOf: ranges ? memo(rangeMatcher(db, part === 'reader' ? COMPANY_EGRESS : undefined)) : null,
    locate: rules.includes(RULES.find((r) => r.detector === 'NA-01/travel')!) ? openLocator(settings.geoipPath) : null,
    park: spillParking(db),
  };
  return new CasePass(rules, env, otherCases ? memo((ip) => shared(ip, caseId)) : null);
}

/** What the detectors found over a case's events, before the cross-case look-up. */
export type AnalysisResult = { drafts: FindingDraft[]; shared: [string, LoginEvent[]][] };

/**
 * Reports what the detectors found once every event is in: adds the cross-case look-up, stores
 * the findings, and records cross-case hits in the other cases that are still open to changes.
 */
export function completeAnalysis(db: Db, actor: string, c: CaseRecord, result: AnalysisResult): Finding[] {
  const settings = activitySettings(db);
  const cross = crossCase(db, c, new Map(result.shared), settings);
  const ranges = stmt(db, 'SELECT 1 FROM cidr_ranges LIMIT 1').get() !== undefined;
  const devices = deviceDrafts(db, c.id, settings, ranges ? rangeMatcher(db) : null);
  storeFindings(db, actor, c.id, sortDrafts([...result.drafts, ...cross.own, ...devices]), { prune: true });
  for (const [otherId, mirror] of cross.mirrored) {
    const other = getCaseById(db, otherId);
    if (isCaseReadOnly(other)) continue;
    storeFindings(db, actor, otherId, mirror, { prune: false });
  }
  return listFindings(db, c.id);
}

/** An analysis whose events were numbered from 0 (their place among an import's rows), with the row ids they got (`idOf`). */
export function withRowIds(result: AnalysisResult, idOf: (place: number) => number): AnalysisResult {
  return {
    drafts: result.drafts.map((d) => ({ ...d, refs: d.refs.map(idOf) })),
    shared: result.shared.map(([ip, events]) => [ip, events.map((e) => ({ ...e, ref: idOf(e.ref) }))]),
  };
}

/** The two threads' shares of an analysis (see READER_RULES) as one. */
export const mergeAnalyses = (a: AnalysisResult, b: AnalysisResult): AnalysisResult => ({ drafts: [...a.drafts, ...b.drafts], shared: [...a.shared, ...b.shared] });

/**
 * Runs every detector over the case's visible events (and a staged import's own, `ownImport`) in
 * one pass, read back a page at a time; stores nothing.
 */
export function analyseEvents(db: Db, c: CaseRecord, hooks: AnalysisHooks = {}, ownImport = 0): AnalysisResult {
  const analyser = caseAnalyser(db, c.id);
  const total = hooks.progress
    ? (stmt(db, "SELECT coalesce(sum(events), 0) FROM activity_imports WHERE case_id = ? AND state = 'done'").pluck().get(c.id) as number) + (hooks.extraEvents ?? 0)
    : 0;
  let n = 0;
  for (const e of caseEvents(db, c.id, ownImport)) {
    analyser.push(e);
    if (++n % CHECK_EVERY === 0) {
      if (hooks.cancelled?.()) throw cancelledError();
      hooks.progress?.(n, total);
    }
  }
  hooks.progress?.(n, total);
  return analyser.finish();
}

/** Runs every detector over the case's events and stores the findings, in the caller's transaction. */
export function runAnalysis(db: Db, actor: string, c: CaseRecord, hooks: AnalysisHooks = {}): Finding[] {
  return completeAnalysis(db, actor, c, analyseEvents(db, c, hooks));
}

/**
 * Analyses a case again (after a settings change, a new range list …) in its own transaction.
 * With a zone, the case's login records are from now on read in it (WP-01): it becomes the claimed
 * zone of every import of the case, audited, and stays for later analyses.
 */
export function analyseCase(db: Db, actor: string, c: CaseRecord, hooks: AnalysisHooks = {}, zone: string | null = null): Finding[] {
  return db.transaction(() => {
    if (zone) {
      const before = (stmt(db, 'SELECT DISTINCT zone FROM activity_imports WHERE case_id = ?').pluck().all(c.id) as (string | null)[]).map((z) => z ?? '(none)');
      stmt(db, 'UPDATE activity_imports SET zone = ? WHERE case_id = ?').run(zone, c.id);
      appendAudit(db, actor, { caseId: c.id, entity: 'activity', entityId: c.number, action: 'zone_set', before: { zones: before }, after: { zone } });
    }
    const findings = runAnalysis(db, actor, c, hooks);
    // The last moment a cancel can take effect: nothing has been committed yet.
    if (hooks.cancelled?.()) throw cancelledError();
    return findings;
  }).immediate();
}
