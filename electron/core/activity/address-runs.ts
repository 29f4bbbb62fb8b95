// An import's part of the cross-case address index, gathered while the import is staged, in
// memory that does not grow with the number of distinct addresses: an external merge sort.
//
// Entries (address, account → first, last, events) are kept in memory up to a limit; beyond it
// they are written, sorted, as one run appended to activity_staged_ips (appends are cheap: no
// index keyed by address is touched). Before the import's final write the runs are merged, a
// page of each at a time, and the merged entries go into case_ips in key order under the
// import's id — invisible until the import is done. Writing them into case_ips at every spill
// instead was measured several times slower on a million addresses: each spill rewrote most of
// the index's pages. Every write is a short transaction taking turns with other writers.
import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { networkOf } from '../../../shared/activity/address.ts';
import type { WriteTurns } from '../db/turns.ts';
import { indexAddresses, unindexStep, type AddressUse } from './address-index.ts';

/** Entries kept in memory before a run is written. */
export const SEEN_LIMIT = 65_536;
/** Entries (or staged rows) written or removed per transaction. */
const STEP = 8192;
/** Rows read from each run at a time while merging. */
const PAGE = 1024;

type Entry = [ip: string, account: string, use: AddressUse, net: string];
type StagedRow = { id: number; ip: string; account: string; first_ts: number; last_ts: number; events: number; net: string };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keyCmp = (a: { ip: string; account: string }, b: { ip: string; account: string }) => cmp(a.ip, b.ip) || cmp(a.account, b.account);

export class AddressRuns {
  /** Per address, per account. */
  private readonly seen = new Map<string, Map<string, AddressUse>>();
  private size = 0;
  /** The runs written so far: the first and last row id of each in activity_staged_ips. */
  private readonly runs: [number, number][] = [];
  private readonly db: Db;
  private readonly caseId: number;
  private readonly importId: number;
  private readonly turns: WriteTurns;

  constructor(db: Db, caseId: number, importId: number, turns: WriteTurns) {
    this.db = db;
    this.caseId = caseId;
    this.importId = importId;
    this.turns = turns;
  }

  add(ip: string, account: string, ts: number): void {
    let byAccount = this.seen.get(ip);
    if (!byAccount) this.seen.set(ip, (byAccount = new Map()));
    const s = byAccount.get(account);
    if (!s) {
      byAccount.set(account, { first: ts, last: ts, events: 1 });
      this.size++;
    } else {
      if (ts < s.first) s.first = ts;
      if (ts > s.last) s.last = ts;
      s.events++;
    }
  }

  /** Writes a run when memory holds the limit. Call between transactions. */
  spillIfFull(): void {
    if (this.size >= SEEN_LIMIT) this.spill();
  }

  /** The entries in memory, in key order. */
  private *sorted(): Generator<Entry> {
    for (const ip of [...this.seen.keys()].sort(cmp)) {
      const byAccount = this.seen.get(ip)!;
      const net = networkOf(ip);
      for (const account of byAccount.size === 1 ? byAccount.keys() : [...byAccount.keys()].sort(cmp)) yield [ip, account, byAccount.get(account)!, net];
    }
  }

  /** Runs `write` on the entries STEP at a time, each its own transaction, taking turns. */
  private inSteps(entries: Iterable<Entry>, write: (step: Entry[]) => void): void {
    const step: Entry[] = [];
    const flush = () => {
      this.turns.write(this.db, () => write(step));
      step.length = 0;
    };
    for (const e of entries) {
      step.push(e);
      if (step.length === STEP) flush();
    }
    if (step.length) flush();
  }

  private spill(): void {
    const put = stmt(this.db, 'INSERT INTO activity_staged_ips (import_id, ip, account, first_ts, last_ts, events, net) VALUES (?, ?, ?, ?, ?, ?, ?)');
    let first = 0;
    let last = 0;
    this.inSteps(this.sorted(), (step) => {
      for (const [ip, account, u, net] of step) {
        last = Number(put.run(this.importId, ip, account, u.first, u.last, u.events, net).lastInsertRowid);
        if (first === 0) first = last;
      }
    });
    if (first) this.runs.push([first, last]);
    this.seen.clear();
    this.size = 0;
  }

  /**
   * Writes the import's whole part of the index into case_ips (invisible until the import is done)
   * and removes its runs. Call before the final write, outside any transaction.
   */
  finish(): void {
    const write = (step: Entry[]) => indexAddresses(this.db, this.caseId, this.importId, step);
    if (this.runs.length === 0) {
      this.inSteps(this.sorted(), write);
    } else {
      if (this.size) this.spill();
      this.inSteps(this.merged(), write);
      this.removeRuns();
    }
    this.seen.clear();
    this.size = 0;
  }

  /** The runs merged in key order, an address and account's entries from several runs combined. */
  private *merged(): Generator<Entry> {
    const fetch = stmt(this.db, 'SELECT rowid AS id, ip, account, first_ts, last_ts, events, net FROM activity_staged_ips WHERE import_id = ? AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?');
    type Cursor = { next: number; end: number; rows: StagedRow[]; i: number };
    const refill = (c: Cursor): boolean => {
      if (c.next > c.end) return false;
      c.rows = fetch.all(this.importId, c.next, c.end, PAGE) as StagedRow[];
      c.i = 0;
      if (c.rows.length === 0) return false;
      c.next = c.rows[c.rows.length - 1]!.id + 1;
      return true;
    };
    const head = (c: Cursor) => c.rows[c.i]!;
    // A binary min-heap of the runs by their current row.
    const heap: Cursor[] = [];
    const less = (a: Cursor, b: Cursor) => keyCmp(head(a), head(b)) < 0;
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    };
    for (const [a, b] of this.runs) {
      const c: Cursor = { next: a, end: b, rows: [], i: 0 };
      if (refill(c)) heap.push(c);
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
    let cur: Entry | null = null;
    while (heap.length) {
      const c = heap[0]!;
      const r = head(c);
      if (cur && cur[0] === r.ip && cur[1] === r.account) {
        const u = cur[2];
        if (r.first_ts < u.first) u.first = r.first_ts;
        if (r.last_ts > u.last) u.last = r.last_ts;
        u.events += r.events;
      } else {
        if (cur) yield cur;
        cur = [r.ip, r.account, { first: r.first_ts, last: r.last_ts, events: r.events }, r.net];
      }
      if (++c.i === c.rows.length && !refill(c)) {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      }
      if (heap.length) down(0);
    }
    if (cur) yield cur;
  }

  private removeRuns(): void {
    for (const [a, b] of this.runs) {
      for (let from = a; from <= b; from += STEP) {
        this.turns.write(this.db, () => stmt(this.db, 'DELETE FROM activity_staged_ips WHERE import_id = ? AND rowid BETWEEN ? AND ?').run(this.importId, from, Math.min(b, from + STEP - 1)));
      }
    }
    this.runs.length = 0;
  }
}

/** Removes a removed import's part of the index: its entries in case_ips and its runs, a step at a time. */
export function removeAddressRuns(db: Db, caseId: number, importId: number, turns: WriteTurns): void {
  while (turns.write(db, () => unindexStep(db, caseId, importId, STEP)) === STEP);
  const del = stmt(db, 'DELETE FROM activity_staged_ips WHERE rowid IN (SELECT rowid FROM activity_staged_ips WHERE import_id = ? LIMIT ?)');
  while (turns.write(db, () => del.run(importId, STEP).changes) === STEP);
}
