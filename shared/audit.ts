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

export type AuditVerifyResult =
  | { ok: true; events: number; head: string }
  | { ok: false; events: number; brokenAt: number; reason: string };

export const GENESIS_HASH = '0'.repeat(64);
