// oxlint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f]/;
// oxlint-disable-next-line no-control-regex -- as above, allowing tab and line breaks
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when the text holds a control character or a line break (one-line fields refuse these). */
export const hasControlChars = (s: string): boolean => CONTROL.test(s);

/** True when multi-line text holds a control character other than tab, CR and LF. */
export const hasBinaryControlChars = (s: string): boolean => CONTROL_EXCEPT_WHITESPACE.test(s);

/**
 * Characters a reader cannot see but that change what they read: C0/C1 controls (tab and line
 * breaks kept), the soft hyphen, bidirectional marks, embeddings, overrides and isolates (U+202E
 * turns "invoice‮fdp.exe" into what looks like "invoiceexe.pdf"), zero-width and other format
 * characters, the byte-order mark, interlinear annotation and tag characters.
 */
// oxlint-disable-next-line no-control-regex -- the point is to find control characters
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/**
 * Text as it is to be shown to a reader (screens, PDFs, CSV exports): every invisible or
 * direction-changing character written out visibly as ⟨U+202E⟩. The stored text is never changed;
 * call this only where text is displayed or exported.
 */
export const showInvisible = (s: string): string =>
  s.replace(INVISIBLE, (ch) => `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);

/** True when the text holds a character showInvisible would write out. */
export const hasInvisible = (s: string): boolean => s.search(INVISIBLE) !== -1;

/** Every string inside a value (objects and arrays, recursively) as showInvisible shows it. */
export function showInvisibleDeep<T>(value: T): T {
  if (typeof value === 'string') return showInvisible(value) as T;
  if (Array.isArray(value)) return value.map(showInvisibleDeep) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, showInvisibleDeep(v)])) as T;
  }
  return value;
}

/** A count with its noun: "1 payment", "3 payments" (never "payment(s)"). */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A stored UTC time as people read it in findings and reports: "2024-03-01 09:30 UTC". */
export const utcText = (iso: string | null | undefined): string => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
