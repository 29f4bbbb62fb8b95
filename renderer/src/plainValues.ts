import { showInvisible } from '../../shared/text.ts';
import { fieldLabel } from './plainErrors.ts';
import { formatTime } from './format.ts';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const TOKEN = /^[a-z]+(_[a-z]+)+$/;

/**
 * A stored value as a reader reads it: times in their zone, yes/no, lists joined, code words
 * (pending_legal_review) as words, nested records as "field: value" pairs; never JSON.
 */
export function plainValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return v.toLocaleString();
  if (typeof v === 'string') return ISO_TIME.test(v) ? formatTime(v) : TOKEN.test(v) ? v.replace(/_/g, ' ') : showInvisible(v);
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map(plainValue).join(', ');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${fieldLabel(k).toLowerCase()} ${plainValue(x)}`)
      .join('; ');
  }
  return String(v);
}

/** A field name as a reader reads it ("maxCountriesInWindow" → "Max countries in window"). */
export const plainField = (k: string): string => fieldLabel(k);
