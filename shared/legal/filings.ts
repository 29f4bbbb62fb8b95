/** Filings counsel prepares from a case: what each one is and the rule it follows. */

export const BLOCK_KINDS = ['blocked', 'rejected'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export type PaymentBlock = { paymentId: number; kind: BlockKind; onDate: string; note: string; reportDue: string; taskId: number | null; markedBy: string; markedAt: string };

export const BLOCK_RULES: Record<BlockKind, { label: string; report: string; cite: string }> = {
  blocked: { label: 'Blocked', report: 'report of blocked property', cite: '31 CFR 501.603' },
  rejected: { label: 'Rejected', report: 'report of a rejected transaction', cite: '31 CFR 501.604' },
};
