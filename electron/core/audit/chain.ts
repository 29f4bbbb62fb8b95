import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db, ReadDb } from '../db/handle.ts';
import { GENESIS_HASH, type AuditEvent, type AuditVerifyResult } from '../../../shared/audit.ts';

export type AuditInput = {
  caseId: number | null;
  entity: string;
  entityId: string | number | null;
  action: string;
  before?: unknown;
  after?: unknown;
};

type AuditRow = {
  seq: number;
  at: string;
  actor: string;
  case_id: number | null;
  entity: string;
  entity_id: string | null;
  action: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
};

/** The hash covers every stored column, exactly as stored, and the previous event's hash. */
export function eventHash(row: Omit<AuditRow, 'hash'>): string {
  const material = JSON.stringify([
    row.seq, row.at, row.actor, row.case_id, row.entity, row.entity_id, row.action, row.before, row.after, row.prev_hash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

const toJson = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

const statements = new WeakMap<Db, { head: Database.Statement<[]>; insert: Database.Statement<[AuditRow]> }>();

function prepared(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s = {
      head: db.prepare<[]>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare<[AuditRow]>(
        `INSERT INTO audit_events (seq, at, actor, case_id, entity, entity_id, action, before, after, prev_hash, hash)
         VALUES (@seq, @at, @actor, @case_id, @entity, @entity_id, @action, @before, @after, @prev_hash, @hash)`,
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * Appends one event to the hash chain. Call it inside the transaction of the write it records,
 * so that the change and its history commit or fail together.
 */
export function appendAudit(db: Db, actor: string, input: AuditInput, at = new Date().toISOString()): AuditEvent {
  if (!db.inTransaction) throw new Error('appendAudit must run inside the transaction of the write it records');
  const s = prepared(db);
  const head = s.head.get() as { seq: number; hash: string } | undefined;
  const row: Omit<AuditRow, 'hash'> = {
    seq: (head?.seq ?? 0) + 1,
    at,
    actor,
    case_id: input.caseId,
    entity: input.entity,
    entity_id: input.entityId === null ? null : String(input.entityId),
    action: input.action,
    before: toJson(input.before),
    after: toJson(input.after),
    prev_hash: head?.hash ?? GENESIS_HASH,
  };
  const full: AuditRow = { ...row, hash: eventHash(row) };
  s.insert.run(full);
  return rowToEvent(full);
}

export function rowToEvent(r: AuditRow): AuditEvent {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    caseId: r.case_id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** How many events of the chain concern the case. */
export const caseEventCount = (db: ReadDb, caseId: number): number => db.prepare('SELECT count(*) FROM audit_events WHERE case_id = ?').pluck().get(caseId) as number;

export function caseEvents(db: ReadDb, caseId: number): AuditEvent[] {
  const rows = db.prepare('SELECT * FROM audit_events WHERE case_id = ? ORDER BY seq').all(caseId) as AuditRow[];
  return rows.map(rowToEvent);
}

/** Changes to application-wide settings: entity 'settings' (weights, thresholds, GeoIP path) and 'cidr_list', newest first. */
export function settingsEvents(db: ReadDb, limit: number): AuditEvent[] {
  const rows = db.prepare(`SELECT * FROM audit_events WHERE case_id IS NULL AND entity IN ('settings', 'cidr_list') ORDER BY seq DESC LIMIT ?`).all(limit) as AuditRow[];
  return rows.map(rowToEvent);
}

export function auditHead(db: ReadDb): { events: number; head: string } {
  const head = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return { events: head?.seq ?? 0, head: head?.hash ?? GENESIS_HASH };
}

/**
 * Walks the whole chain and names the first event that does not hold: a gap in the sequence
 * (a deleted event), a link to the wrong predecessor, or content that no longer matches its hash.
 */
export function verifyChain(db: ReadDb, onProgress?: (done: number, total: number) => void): AuditVerifyResult {
  const total = (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let n = 0;
  for (const r of db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    if (r.seq !== expectedSeq) {
      return { ok: false, events: total, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing (the next stored event is ${r.seq})` };
    }
    if (r.prev_hash !== prevHash) {
      return { ok: false, events: total, brokenAt: r.seq, reason: `event ${r.seq} does not link to the hash of event ${r.seq - 1}` };
    }
    const { hash, ...rest } = r;
    if (eventHash(rest) !== hash) {
      return { ok: false, events: total, brokenAt: r.seq, reason: `event ${r.seq} was altered after it was written (its content no longer matches its hash)` };
    }
    prevHash = hash;
    expectedSeq++;
    n++;
    if (onProgress && n % 10_000 === 0) onProgress(n, total);
  }
  onProgress?.(n, total);
  return { ok: true, events: n, head: prevHash };
}

/** The case's newest events, newest first (the case's front page). */
export function latestCaseEvents(db: ReadDb, caseId: number, limit: number): AuditEvent[] {
  const rows = db.prepare('SELECT * FROM audit_events WHERE case_id = ? ORDER BY seq DESC LIMIT ?').all(caseId, limit) as AuditRow[];
  return rows.map(rowToEvent);
}
