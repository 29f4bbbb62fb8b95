/** A signature over a decision or a counsel review (what was signed is `payload`, canonical JSON). */
export type SignatureRecord = {
  id: number;
  caseNumber: string | null;
  what: 'decision' | 'legal_review';
  whatId: number;
  role: string;
  signer: string;
  /** Ed25519 public key, base64 of its 32 bytes, and its fingerprint as people compare it. */
  publicKey: string;
  fingerprint: string;
  signedAt: string;
  /** Ed25519 signature, base64 of its 64 bytes, over the UTF-8 bytes of `payload`. */
  signature: string;
  payload: string;
};

/** One signature as `verify` found it. */
export type SignatureCheck = {
  id: number;
  what: 'decision' | 'legal_review';
  whatId: number;
  caseNumber: string | null;
  signer: string;
  role: string;
  fingerprint: string;
  signedAt: string;
  ok: boolean;
  reason?: string;
};

/** A signed checkpoint of the audit trail: how many events it had and the last one's hash, at a moment. */
export type Checkpoint = {
  id: number;
  seq: number;
  head: string;
  at: string;
  occasion: 'sign-off' | 'report' | 'backup';
  signer: string;
  fingerprint: string;
  publicKey: string;
  signature: string;
};
