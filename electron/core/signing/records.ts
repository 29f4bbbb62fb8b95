// Sign-offs as signatures, and signed audit checkpoints (DESIGN.md "Keys, users and signatures").
//
// A sign-off signs the canonical JSON (signing/sign.ts) of what is signed: the decision or counsel
// review as stored, its linked indicators (their assessment at that moment) and exhibits with their
// SHA-256, the case number, who signs in which role, when and why, and the audit chain's head at
// that moment. The exact text signed, the signature and the signer's public key are stored
// together (table `signatures`), so anyone can check them later with any Ed25519 tool.
//
// A checkpoint is a signature over (sequence number, head hash, time) of the audit chain, taken at
// each sign-off, report export and backup. Deleting the newest events (with the triggers dropped)
// leaves a chain that still links, but its head no longer reaches the last checkpoint.
import type { Db, ReadDb } from '../db/connection.ts';
import { auditHead, verifyChain } from '../audit/chain.ts';
import type { AuditVerifyResult } from '../../../shared/audit.ts';
import { canonicalJson, fingerprintOf, verifySignature, type Signer } from './sign.ts';
import { AppError } from '../../../shared/errors.ts';
import { arrivedInBundle, signedIdOf } from '../bundle/origins.ts';
import type { Checkpoint, SignatureCheck, SignatureRecord } from '../../../shared/signatures.ts';

export const SIGNOFF_FORMAT = 'casebook-signoff-v1';
export const CHECKPOINT_FORMAT = 'casebook-checkpoint-v1';

type What = 'decision' | 'legal_review';

type DecisionRow = { id: number; case_id: number; kind: string; rationale: string; final: number; indicators: string; exhibits: string; decided_by: string; decided_at: string; supersedes: number | null };
type ReviewRow = {
  id: number; case_id: number; privilege: string; egregious: number; vsd: number; culpability_rationale: string; determination: string;
  recommendation: string; recommendation_rationale: string; reviewed_by: string; reviewed_at: string; supersedes: number | null;
};

const caseNumber = (db: ReadDb, caseId: number): string => db.prepare('SELECT number FROM cases WHERE id = ?').pluck().get(caseId) as string;

/** The record part of a sign-off: what is signed, rebuilt from the rows as they are now (the verifier compares it with what was signed). */
function recordOf(db: ReadDb, what: What, id: number): { caseId: number; record: Record<string, unknown>; indicators: string[]; exhibits: string[] } | null {
  if (what === 'decision') {
    const d = db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as DecisionRow | undefined;
    if (!d) return null;
    const indicators = JSON.parse(d.indicators) as string[];
    const exhibits = JSON.parse(d.exhibits) as string[];
    return {
      caseId: d.case_id,
      // Ids as in the database where the row was first written (a decision that came in a bundle was signed there).
      record: { id: signedIdOf(db, 'decisions', d.id), kind: d.kind, rationale: d.rationale, final: d.final === 1, indicators, exhibits, decidedBy: d.decided_by, decidedAt: d.decided_at, supersedes: signedIdOf(db, 'decisions', d.supersedes) },
      indicators,
      exhibits,
    };
  }
  const r = db.prepare('SELECT * FROM legal_reviews WHERE id = ?').get(id) as ReviewRow | undefined;
  if (!r) return null;
  // A review's evidence: the exhibits counsel cites in the General Factors of the case.
  const cited = (db.prepare('SELECT exhibits FROM legal_factors WHERE case_id = ? ORDER BY factor').pluck().all(r.case_id) as string[]).flatMap((e) => JSON.parse(e) as string[]);
  return {
    caseId: r.case_id,
    record: {
      id: signedIdOf(db, 'legal_reviews', r.id), privilege: r.privilege, egregious: r.egregious === 1, voluntarilySelfDisclosed: r.vsd === 1, culpabilityRationale: r.culpability_rationale,
      determination: r.determination, recommendation: r.recommendation, recommendationRationale: r.recommendation_rationale,
      reviewedBy: r.reviewed_by, reviewedAt: r.reviewed_at, supersedes: signedIdOf(db, 'legal_reviews', r.supersedes),
    },
    indicators: [],
    exhibits: [...new Set(cited)].sort(),
  };
}

function exhibitsOf(db: ReadDb, caseId: number, refs: string[]): { number: string; title: string; sha256: string | null }[] {
  const q = db.prepare('SELECT number, title, sha256 FROM exhibits WHERE case_id = ? AND number = ?');
  return refs.map((n) => (q.get(caseId, n) as { number: string; title: string; sha256: string } | undefined) ?? { number: n, title: '', sha256: null });
}

function indicatorsOf(db: ReadDb, caseId: number, ids: string[]): { id: string; status: string; rationale: string; exhibits: string[] }[] {
  const q = db.prepare('SELECT status, rationale, exhibits FROM indicator_assessments WHERE case_id = ? AND indicator_id = ?');
  return ids.map((id) => {
    const a = q.get(caseId, id) as { status: string; rationale: string; exhibits: string } | undefined;
    return { id, status: a?.status ?? 'not_assessed', rationale: a?.rationale ?? '', exhibits: a ? (JSON.parse(a.exhibits) as string[]) : [] };
  });
}

export type SignOffInput = { what: What; id: number; role: string; signer: Signer; signedAt: string; reason?: string | undefined };

/**
 * Signs a decision or review inside the caller's transaction (before the sign-off's own audit
 * event, so the head signed is the record as the signer saw it) and stores the signature.
 */
export function signRecord(db: Db, input: SignOffInput): SignatureRecord {
  if (!db.inTransaction) throw new Error('signRecord runs inside the transaction of the sign-off');
  const rec = recordOf(db, input.what, input.id);
  if (!rec) throw new AppError('not_found', `There is no ${input.what === 'decision' ? 'decision' : 'legal review'} ${input.id}.`);
  const head = auditHead(db);
  const payload = {
    format: SIGNOFF_FORMAT,
    case: caseNumber(db, rec.caseId),
    what: input.what,
    record: rec.record,
    indicators: indicatorsOf(db, rec.caseId, rec.indicators),
    exhibits: exhibitsOf(db, rec.caseId, rec.exhibits),
    role: input.role,
    signer: input.signer.user,
    publicKey: input.signer.publicKey,
    signedAt: input.signedAt,
    ...(input.reason && { reason: input.reason }),
    auditHead: { seq: head.events, hash: head.head },
  };
  const text = canonicalJson(payload);
  const signature = input.signer.sign(text);
  const info = db
    .prepare('INSERT INTO signatures (case_id, what, what_id, role, signer, public_key, payload, signature, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(rec.caseId, input.what, input.id, input.role, input.signer.user, input.signer.publicKey, text, signature, input.signedAt);
  return toRecord(db, { id: Number(info.lastInsertRowid), case_id: rec.caseId, what: input.what, what_id: input.id, role: input.role, signer: input.signer.user, public_key: input.signer.publicKey, payload: text, signature, signed_at: input.signedAt });
}

type SigRow = { id: number; case_id: number | null; what: What; what_id: number; role: string; signer: string; public_key: string; payload: string; signature: string; signed_at: string };

const toRecord = (db: ReadDb, r: SigRow): SignatureRecord => ({
  id: r.id,
  caseNumber: r.case_id === null ? null : caseNumber(db, r.case_id),
  what: r.what,
  whatId: r.what_id,
  role: r.role,
  signer: r.signer,
  publicKey: r.public_key,
  fingerprint: fingerprintOf(r.public_key),
  signedAt: r.signed_at,
  signature: r.signature,
  payload: r.payload,
});

/** The signatures over a case's decisions and reviews, oldest first. */
export function caseSignatures(db: ReadDb, caseId: number): SignatureRecord[] {
  return (db.prepare('SELECT * FROM signatures WHERE case_id = ? ORDER BY id').all(caseId) as SigRow[]).map((r) => toRecord(db, r));
}

const LABEL: Record<What, string> = { decision: 'decision', legal_review: 'legal review' };

/** Names the first field of the signed record that differs from the row as it is now. */
function firstDifference(signed: Record<string, unknown>, now: Record<string, unknown>): string | null {
  for (const k of new Set([...Object.keys(signed), ...Object.keys(now)])) if (canonicalJson(signed[k] ?? null) !== canonicalJson(now[k] ?? null)) return k;
  return null;
}

/**
 * Checks every stored signature: the signature over the stored text with the stored key; the key
 * is the signer's registered one; and the decision or review, and the exhibits' SHA-256 it names,
 * still match what was signed. Each failure names the row.
 */
export function verifySignatures(db: ReadDb): SignatureCheck[] {
  const keys = new Map((db.prepare('SELECT name, public_key FROM users WHERE public_key IS NOT NULL').all() as { name: string; public_key: string }[]).map((u) => [u.name.toLowerCase(), u.public_key]));
  const out: SignatureCheck[] = [];
  for (const r of db.prepare('SELECT * FROM signatures ORDER BY id').iterate() as IterableIterator<SigRow>) {
    const where = `${LABEL[r.what]} ${r.what_id}${r.case_id !== null ? ` of ${caseNumber(db, r.case_id) ?? `case ${r.case_id}`}` : ''}`;
    const base = { id: r.id, what: r.what, whatId: r.what_id, caseNumber: r.case_id === null ? null : (caseNumber(db, r.case_id) ?? null), signer: r.signer, role: r.role, fingerprint: fingerprintOf(r.public_key), signedAt: r.signed_at };
    const fail = (reason: string): void => void out.push({ ...base, ok: false, reason });
    if (!verifySignature(r.public_key, r.payload, r.signature)) {
      fail(`the ${r.role}'s signature on ${where} (signature ${r.id}) does not match what it says was signed: the signature row was altered`);
      continue;
    }
    let payload: { case: string; what: string; record: Record<string, unknown>; exhibits: { number: string; sha256: string | null }[]; signer: string; publicKey: string; role: string; signedAt: string };
    try {
      payload = JSON.parse(r.payload);
    } catch {
      fail(`signature ${r.id} on ${where} holds no readable record`);
      continue;
    }
    if (payload.publicKey !== r.public_key || payload.signer !== r.signer || payload.what !== r.what || payload.role !== r.role || payload.signedAt !== r.signed_at || payload.record?.id !== signedIdOf(db, r.what === 'decision' ? 'decisions' : 'legal_reviews', r.what_id)) {
      fail(`signature ${r.id} was moved: its row names ${where} by ${r.signer}, but what was signed is ${String(payload.what)} ${String(payload.record?.id)} by ${String(payload.signer)}`);
      continue;
    }
    // A signature that came in a case bundle was checked at import, under a sender this database's
    // user accepted; its signer need not be a user here.
    const registered = keys.get(r.signer.toLowerCase());
    if (registered !== r.public_key && !arrivedInBundle(db, r.id)) {
      fail(`the signature on ${where} was made with a key that is not ${r.signer}'s registered key (fingerprint ${fingerprintOf(r.public_key)})`);
      continue;
    }
    const now = recordOf(db, r.what, r.what_id);
    if (!now) {
      fail(`${where} was signed by ${r.signer} but is no longer in the database`);
      continue;
    }
    const field = firstDifference(payload.record, now.record);
    if (field) {
      fail(`${where} was altered after ${r.signer} signed it (${field} differs from what was signed on ${r.signed_at})`);
      continue;
    }
    if (payload.case !== caseNumber(db, now.caseId)) {
      fail(`${where} now belongs to another case than the one it was signed in (${payload.case})`);
      continue;
    }
    const current = exhibitsOf(db, now.caseId, payload.exhibits.map((e) => e.number));
    const changed = payload.exhibits.find((e, i) => e.sha256 !== current[i]!.sha256);
    if (changed) {
      fail(`exhibit ${changed.number}, which ${r.signer}'s signature on ${where} covers, was altered after signing (its SHA-256 is no longer the one signed)`);
      continue;
    }
    out.push({ ...base, ok: true });
  }
  return out;
}

// ---- Checkpoints

type CheckpointRow = { id: number; seq: number; head: string; at: string; occasion: Checkpoint['occasion']; signer: string; public_key: string; signature: string };

export const checkpointText = (c: { seq: number; head: string; at: string; occasion: string; signer: string; publicKey: string }): string =>
  canonicalJson({ format: CHECKPOINT_FORMAT, seq: c.seq, head: c.head, at: c.at, occasion: c.occasion, signer: c.signer, publicKey: c.publicKey });

const rowToCheckpoint = (r: CheckpointRow): Checkpoint => ({ id: r.id, seq: r.seq, head: r.head, at: r.at, occasion: r.occasion, signer: r.signer, fingerprint: fingerprintOf(r.public_key), publicKey: r.public_key, signature: r.signature });

/** Records a signed checkpoint of the audit chain as it is now (after the caller's events). Not itself an audit event: it is about the chain. */
export function recordCheckpoint(db: Db, signer: Signer, occasion: Checkpoint['occasion'], at = new Date().toISOString()): Checkpoint {
  const head = auditHead(db);
  const c = { seq: head.events, head: head.head, at, occasion, signer: signer.user, publicKey: signer.publicKey };
  const signature = signer.sign(checkpointText(c));
  const info = db.prepare('INSERT INTO audit_checkpoints (seq, head, at, occasion, signer, public_key, signature) VALUES (?, ?, ?, ?, ?, ?, ?)').run(c.seq, c.head, at, occasion, c.signer, c.publicKey, signature);
  return rowToCheckpoint({ id: Number(info.lastInsertRowid), seq: c.seq, head: c.head, at, occasion, signer: c.signer, public_key: c.publicKey, signature });
}

export function lastCheckpoint(db: ReadDb): Checkpoint | null {
  const r = db.prepare('SELECT * FROM audit_checkpoints ORDER BY seq DESC, id DESC LIMIT 1').get() as CheckpointRow | undefined;
  return r ? rowToCheckpoint(r) : null;
}

/**
 * Checks every checkpoint against the chain: its signature, and that the chain still has an event
 * at its sequence number with its head hash. Returns the first failure, or null.
 */
export function verifyCheckpoints(db: ReadDb): { checkpoints: number; last: Checkpoint | null; failure: string | null } {
  const rows = db.prepare('SELECT * FROM audit_checkpoints ORDER BY seq, id').all() as CheckpointRow[];
  const hashAt = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck();
  const head = auditHead(db);
  let failure: string | null = null;
  for (const r of rows) {
    if (!verifySignature(r.public_key, checkpointText({ seq: r.seq, head: r.head, at: r.at, occasion: r.occasion, signer: r.signer, publicKey: r.public_key }), r.signature)) {
      failure = `checkpoint ${r.id} (event ${r.seq}, ${r.at}) does not carry a valid signature: it was altered`;
      break;
    }
    if (r.seq > head.events) {
      failure = `the audit trail ends at event ${head.events}, but ${r.signer}'s checkpoint of ${r.at} (${r.occasion}) saw ${r.seq} events: events ${head.events + 1} to ${r.seq} were cut off`;
      break;
    }
    const h = r.seq === 0 ? null : (hashAt.get(r.seq) as string | undefined);
    if (r.seq > 0 && h !== r.head) {
      failure = `event ${r.seq} is not the one ${r.signer}'s checkpoint of ${r.at} signed: the audit trail up to it was changed`;
      break;
    }
  }
  const last = rows.length ? rowToCheckpoint(rows.reduce((a, b) => (b.seq > a.seq || (b.seq === a.seq && b.id > a.id) ? b : a))) : null;
  return { checkpoints: rows.length, last, failure };
}

/**
 * The whole check behind `audit verify` and `casebook verify`: the hash chain, every signature
 * (a row altered after signing is named), and the checkpoints (events cut off after the last one).
 */
export function verifyRecord(db: ReadDb, onProgress?: (done: number, total: number) => void): AuditVerifyResult {
  const chain = verifyChain(db, onProgress);
  const checks = verifySignatures(db);
  const failed = checks.filter((c) => !c.ok);
  const cp = verifyCheckpoints(db);
  const extra = { signatures: { checked: checks.length, failed }, checkpoints: { count: cp.checkpoints, last: cp.last, problem: cp.failure } };
  if (!chain.ok) return { ...chain, ...extra };
  if (cp.failure) return { ok: false, events: chain.events, brokenAt: Math.min(chain.events + 1, cp.last?.seq ?? chain.events + 1), reason: cp.failure, ...extra };
  if (failed.length) return { ok: false, events: chain.events, brokenAt: 0, reason: failed.map((f) => f.reason).join('; '), ...extra };
  return { ...chain, ...extra };
}
