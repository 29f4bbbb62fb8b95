// The cross-case address index (case_ips): which accounts of which cases used an address, first
// and last time, per login import (see migration 015). An import still staged has its entries
// here already, left out by every reader until the import is done.
import { stmt, type Db, type ReadDb } from '../db/connection.ts';

/** A condition on case_ips rows: entries of finished imports only. */
export const INDEXED = "import_id NOT IN (SELECT id FROM activity_imports WHERE state = 'staging')";

/** One entry: an address used by an account, first and last time (ms), events. */
export type AddressUse = { first: number; last: number; events: number };

/** Adds an import's entries (merged with those the import wrote before). */
export function indexAddresses(db: Db, caseId: number, importId: number, entries: Iterable<[ip: string, account: string, use: AddressUse, net: string]>): void {
  const upsert = stmt(db, `INSERT INTO case_ips (ip, case_id, account, import_id, first_ts, last_ts, events, net) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (case_id, import_id, ip, account) DO UPDATE SET first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts), events = events + excluded.events`);
  for (const [ip, account, u, net] of entries) upsert.run(ip, caseId, account, importId, u.first, u.last, u.events, net);
}

/** Removes a removed import's entries, `step` at a time (each call its own statement; the caller makes the transactions). Returns how many went. */
export function unindexStep(db: Db, caseId: number, importId: number, step: number): number {
  return stmt(db, `DELETE FROM case_ips WHERE case_id = ? AND import_id = ? AND (ip, account) IN (SELECT ip, account FROM case_ips WHERE case_id = ? AND import_id = ? LIMIT ?)`).run(caseId, importId, caseId, importId, step).changes;
}

/** First and last time each address was used in a case's finished login imports. */
export function caseAddressSpans(db: ReadDb, caseId: number): { ip: string; first: number; last: number }[] {
  return stmt(db, `SELECT ip, min(first_ts) AS first, max(last_ts) AS last FROM case_ips WHERE case_id = ? AND ${INDEXED} GROUP BY ip`).all(caseId) as { ip: string; first: number; last: number }[];
}

/** True when another case's finished imports have indexed addresses (else the cross-case look-up has nothing to find). */
export const otherCasesIndexed = (db: ReadDb, caseId: number): boolean =>
  stmt(db, `SELECT 1 FROM case_ips WHERE case_id <> ? AND ${INDEXED} LIMIT 1`).get(caseId) !== undefined;

/** Whether another case's finished imports used a network (an IPv4 address, or an IPv6 /64). */
export function networkElsewhere(db: ReadDb): (net: string, caseId: number) => boolean {
  const q = stmt(db, `SELECT 1 FROM case_ips WHERE net = ? AND case_id <> ? AND ${INDEXED} LIMIT 1`).pluck();
  return (net, caseId) => q.get(net, caseId) !== undefined;
}

/** Other cases' entries on a network: which case (and its number), which address, first and last time. */
export function otherCasesOnNetwork(db: ReadDb): (net: string, caseId: number) => { case_id: number; number: string; ip: string; first_ts: number; last_ts: number }[] {
  const q = stmt(db, `SELECT s.case_id, c.number, s.ip, s.first_ts, s.last_ts FROM case_ips s JOIN cases c ON c.id = s.case_id WHERE s.net = ? AND s.case_id <> ? AND s.${INDEXED}`);
  return (net, caseId) => q.all(net, caseId) as { case_id: number; number: string; ip: string; first_ts: number; last_ts: number }[];
}
