// oxlint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f]/;
// oxlint-disable-next-line no-control-regex -- as above, allowing tab and line breaks
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when the text holds a control character or a line break (one-line fields refuse these). */
export const hasControlChars = (s: string): boolean => CONTROL.test(s);

/** True when multi-line text holds a control character other than tab, CR and LF. */
export const hasBinaryControlChars = (s: string): boolean => CONTROL_EXCEPT_WHITESPACE.test(s);
