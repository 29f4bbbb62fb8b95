import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase, getCaseById } from '../cases/repo.ts';
import { advanceBefore, assertCanAdvance } from '../cases/status.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Actor } from '../../../shared/session.ts';
import type { Signer } from '../signing/sign.ts';
import { recordCheckpoint, signRecord } from '../signing/records.ts';
import { DECISION_LABELS, defaultFinal, requiredSignatures, type Decision, type DecisionKind, type Signature, type SignRole } from '../../../shared/decisions.ts';

type DecisionRow = {
  id: number;
  case_id: number;
  kind: DecisionKind;
  rationale: string;
  final: number;
  indicators: string;
  exhibits: string;
  decided_by: string;
  decided_at: string;
  supersedes: number | null;
  superseded_by: number | null;
};
type SignRow = { decision_id: number; role: SignRole; signer: string; signed_at: string };

const SELECT = `SELECT d.*, (SELECT n.id FROM decisions n WHERE n.supersedes = d.id) AS superseded_by FROM decisions d`;

function rowToDecision(r: DecisionRow, signs: SignRow[]): Decision {
  const signatures: Signature[] = signs.map((s) => ({ role: s.role, signer: s.signer, signedAt: s.signed_at }));
  const final = r.final === 1;
  const awaiting = requiredSignatures(final).filter((role) => !signatures.some((s) => s.role === role));
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    rationale: r.rationale,
    final,
    indicators: JSON.parse(r.indicators) as string[],
    exhibits: JSON.parse(r.exhibits) as string[],
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    supersedes: r.supersedes,
    supersededBy: r.superseded_by,
    signatures,
    awaiting,
    state: r.superseded_by !== null ? 'superseded' : awaiting.length === 0 ? 'signed' : signatures.length ? 'partly_signed' : 'draft',
  };
}

export function listDecisions(db: ReadDb, caseId: number): Decision[] {
  const rows = stmt(db, `${SELECT} WHERE d.case_id = ? ORDER BY d.id`).all(caseId) as DecisionRow[];
  const signs = stmt(db, 'SELECT s.* FROM decision_signoffs s JOIN decisions d ON d.id = s.decision_id WHERE d.case_id = ? ORDER BY s.signed_at').all(caseId) as SignRow[];
  return rows.map((r) => rowToDecision(r, signs.filter((s) => s.decision_id === r.id)));
}

function getDecision(db: Db, caseId: number, id: number): Decision {
  const r = stmt(db, `${SELECT} WHERE d.id = ? AND d.case_id = ?`).get(id, caseId) as DecisionRow | undefined;
  if (!r) throw new AppError('not_found', `There is no decision ${id} in this case.`);
  const signs = stmt(db, 'SELECT * FROM decision_signoffs WHERE decision_id = ? ORDER BY signed_at').all(id) as SignRow[];
  return rowToDecision(r, signs);
}

export type NewDecision = { kind: DecisionKind; rationale: string; final?: boolean | undefined; indicators: string[]; exhibits: string[]; supersedes?: number | undefined };

/**
 * Records a decision. A change to an earlier decision is a new decision naming the one it
 * supersedes; the earlier one stays as it was, signatures and all.
 */
export function addDecision(db: Db, actor: Actor, number: string, input: NewDecision): Decision {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    if (input.supersedes !== undefined) {
      const old = getDecision(db, c.id, input.supersedes);
      if (old.supersededBy !== null) throw new AppError('conflict', `Decision ${old.id} was already superseded by decision ${old.supersededBy}; supersede that one instead.`);
    }
    const now = new Date().toISOString();
    const final = input.final ?? defaultFinal(input.kind);
    const info = stmt(db, `INSERT INTO decisions (case_id, kind, rationale, final, indicators, exhibits, decided_by, decided_at, supersedes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(c.id, input.kind, input.rationale, final ? 1 : 0, JSON.stringify(input.indicators), JSON.stringify(input.exhibits), actor.name, now, input.supersedes ?? null);
    const d = getDecision(db, c.id, Number(info.lastInsertRowid));
    appendAudit(db, actor.name, {
      caseId: c.id,
      entity: 'decision',
      entityId: d.id,
      action: input.supersedes !== undefined ? 'superseded' : 'decided',
      ...(input.supersedes !== undefined && { before: { decision: input.supersedes } }),
      after: { kind: d.kind, final: d.final, rationale: d.rationale, indicators: d.indicators, exhibits: d.exhibits },
    }, now);
    return d;
  }).immediate();
}

/**
 * Adds the actor's signature in their role. When that completes a final decision, the case is
 * closed and locked in the same transaction; reopening it (with a reason) clears the lock.
 */
export function signDecision(db: Db, actor: Actor, number: string, id: number, reason: string | undefined, signer: Signer): { decision: Decision; caseLocked: boolean } {
  if (signer.user.toLowerCase() !== actor.name.toLowerCase()) throw new AppError('forbidden', `${actor.name} can only sign with their own key.`);
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const d = getDecision(db, c.id, id);
    if (d.state === 'superseded') throw new AppError('conflict', `Decision ${id} was superseded by decision ${d.supersededBy}; sign that one.`);
    const role = actor.role;
    if (!requiredSignatures(d.final).includes(role)) {
      throw new AppError('forbidden', `Decision ${id} is interim and needs only the officer's sign-off; counsel signs final decisions.`);
    }
    const existing = d.signatures.find((s) => s.role === role);
    if (existing) throw new AppError('conflict', `Decision ${id} already carries the ${role}'s sign-off (${existing.signer}, ${existing.signedAt}).`);
    if (d.signatures.some((s) => s.signer.toLowerCase() === actor.name.toLowerCase())) {
      throw new AppError('forbidden', `${actor.name} already signed decision ${id}; the second sign-off must come from someone else.`);
    }
    // A final decision closes the case when it takes effect: the case must be able to get there
    // through the workflow, every guard checked (never a jump from investigating to closed).
    if (d.final) assertCanAdvance(db, c, 'closed', `Decision ${id} cannot be signed yet: it closes the case when signed, and `);
    const now = new Date().toISOString();
    stmt(db, 'INSERT INTO decision_signoffs (decision_id, role, signer, signed_at) VALUES (?, ?, ?, ?)').run(id, role, actor.name, now);
    // The sign-off is a signature over the decision, its indicators and exhibits, and the audit head now.
    const sig = signRecord(db, { what: 'decision', id, role, signer, signedAt: now, reason });
    const signed = getDecision(db, c.id, id);
    appendAudit(db, actor.name, { caseId: c.id, entity: 'decision', entityId: id, action: 'signed', after: { role, awaiting: signed.awaiting, ...(reason && { reason }), signature: sig.id, fingerprint: sig.fingerprint } }, now);
    const locks = signed.final && signed.awaiting.length === 0;
    if (locks) {
      const names = signed.signatures.map((s) => `${s.role} ${s.signer}`).join(' and ');
      const note = `Final decision ${id} (${DECISION_LABELS[signed.kind]}) signed by ${names}.`;
      const from = advanceBefore(db, actor.name, c, 'closed', `Decision ${id} cannot take effect: `, note, now);
      db.prepare(`UPDATE cases SET status = 'closed', closed_at = ?, closing_note = ?, locked = 1, updated_at = ?, version = version + 1 WHERE id = ?`).run(now, note, now, c.id);
      appendAudit(db, actor.name, { caseId: c.id, entity: 'case', entityId: number, action: 'locked', before: { status: from, locked: false }, after: { status: 'closed', locked: true, note, decision: id } }, now);
    }
    recordCheckpoint(db, signer, 'sign-off', now);
    return { decision: signed, caseLocked: locks || getCaseById(db, c.id).locked };
  }).immediate();
}
