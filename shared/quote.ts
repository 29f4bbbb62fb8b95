/** Longest piece of a user's input repeated in a message. */
export const QUOTE_MAX = 80;

/**
 * A piece of what the user gave (a cell, an argument), fit to be repeated in a message: cut to
 * {@link QUOTE_MAX} characters (a 10 MB cell must not become a 10 MB message), with control
 * characters shown as escapes so that they cannot rewrite a terminal or a log line.
 */
export function quoteInput(text: string, max = QUOTE_MAX): string {
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
  // oxlint-disable-next-line no-control-regex -- the point is to find control characters
  return cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
