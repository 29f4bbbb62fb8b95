export type AuditEvent = {
  seq: number;
  at: string;
  actor: string;
  caseId: number | null;
  entity: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
};

import type { Checkpoint, SignatureCheck } from './signatures.ts';

export type AuditVerifyResult = (
  | { ok: true; events: number; head: string }
  | { ok: false; events: number; brokenAt: number; reason: string }
) & {
  /** Every sign-off's signature, checked (`audit.verify`; the chain walk alone leaves it out). */
  signatures?: { checked: number; failed: SignatureCheck[] };
  /** The signed checkpoints: how many, the last one, and what does not match it. */
  checkpoints?: { count: number; last: Checkpoint | null; problem: string | null };
};

export const GENESIS_HASH = '0'.repeat(64);
