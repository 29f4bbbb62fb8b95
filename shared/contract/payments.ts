import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';
import { IsoDate, PaymentFields, type Payment, type PaymentFinding, type Totals } from '../payments.ts';
import { FileBytes } from './activity.ts';
import { amountBoundProblem } from '../bounds.ts';
import { BLOCK_KINDS, type PaymentBlock } from '../legal/filings.ts';

export type PaymentsView = { payments: Payment[]; totals: Totals; findings: PaymentFinding[] };
export type ImportResult = { importId: number; imported: number; sha256: string; bytes: number; exhibit: string | null };

/** The payment ledger of a case: entered by hand or imported from a CSV. */
export const paymentsContract = {
  'payments.list': op(z.object({ number: CaseRef })).reads<PaymentsView>(),
  'payments.add': op(
    PaymentFields.extend({ number: CaseRef }).superRefine((p, ctx) => {
      const problem = amountBoundProblem(p.currency, p.amountMinor, p.amountNative);
      if (problem) ctx.addIssue({ code: 'custom', path: [p.amountMinor !== undefined ? 'amountMinor' : 'amountNative'], message: problem });
    }),
  ).returns<Payment>(),
  'payments.import': op(
    z.object({
      number: CaseRef,
      /** A file the core reads (CLI), or the file's text as the UI read it. */
      path: z.string().min(1).max(4096).optional(),
      fileName: z.string().trim().min(1).max(255).optional(),
      text: z.string().max(50_000_000).optional(),
      /** The file's exact bytes as the UI read them (kept byte for byte as the exhibit). */
      file: FileBytes.optional(),
      jobId: z.string().max(100).optional(),
    }).refine((i) => [i.path, i.text, i.file].filter((s) => s !== undefined).length === 1, 'give one of path, text or file'),
  ).returns<ImportResult>(),
  'payments.blocks': op(z.object({ number: CaseRef })).reads<PaymentBlock[]>(),
  'payments.block': op(
    z.object({
      number: CaseRef,
      id: z.number().int().positive(),
      kind: z.enum(BLOCK_KINDS),
      note: z.string().trim().min(1, 'is required: say why').max(4000),
      /** The day the payment was blocked or rejected (today unless given). */
      onDate: IsoDate.optional(),
    }),
  ).returns<{ block: PaymentBlock; taskId: number }>(),
};
