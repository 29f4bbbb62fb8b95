import type { ErrorBody } from '../../shared/errors.ts';
import { isChannel } from '../../shared/contract/index.ts';

/** Words for field names the core reports, where splitting the name is not enough. */
const FIELD_WORDS: Record<string, string> = {
  paidOn: 'date',
  amountMinor: 'amount',
  payeeName: 'payee',
  payeeAccount: 'payee account',
  payeeCountry: 'payee country',
  usdPerUnit: 'USD per unit',
  dueOn: 'due date',
  acquiredAt: 'acquired at',
  acquiredBy: 'acquired by',
  subjectId: 'subject',
  jobId: 'task',
  sdn: 'sdn.csv',
  alt: 'alt.csv',
  add: 'add.csv',
};

const words = (name: string) =>
  FIELD_WORDS[name] ?? (/[a-z]/.test(name) ? name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase() : name);

/** "tags.2" → "Tags, item 3"; "patch.payeeName" → "Payee"; "" → "". Positions are counted from 1. */
export function fieldLabel(path: string): string {
  const parts = path.split('.').filter((p) => p !== '' && p !== 'patch' && p !== 'input');
  const out: string[] = [];
  for (const p of parts) out.push(/^\d+$/.test(p) ? `item ${Number(p) + 1}` : words(p));
  const s = out.join(', ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Operation names ("decisions.add", "session.signIn") are the program's words, not the reader's. */
const OPERATION = /(?:\b(?:for|in|by|from)\s+)?\b([a-z]+\.[a-z][A-Za-z]+)\b:?/g;

/**
 * A failure in words a user acts on: no operation names, fields named as on screen, positions
 * counted from 1, and each problem said once.
 */
export function plainError(body: Pick<ErrorBody, 'code' | 'message' | 'issues'>): { message: string; issues: string[] } {
  const issues = [...new Set((body.issues ?? []).map((i) => (i.path ? `${fieldLabel(i.path)}: ${i.message}` : i.message)))];
  if (body.code === 'invalid_input' && /^Invalid input\b/.test(body.message)) {
    return issues.length === 1 ? { message: `${issues[0]!}.`, issues: [] } : { message: 'Some entries need correcting:', issues };
  }
  const message = body.message.replace(OPERATION, (m, name: string) => (isChannel(name) ? '' : m)).replace(/\s{2,}/g, ' ').replace(/\s+([.,;:])/g, '$1').replace(/[:;,]\s*$/, '').trim();
  const repeated = issues.filter((i) => !message.toLowerCase().includes(i.split(': ').pop()!.toLowerCase()));
  return { message, issues: repeated.length > 1 ? repeated : [] };
}
