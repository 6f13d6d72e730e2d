/**
 * Backward scans for what a pattern such as `/[ \t]+$/` or `/>+$/` finds at the end of a text. On a
 * long run of such characters inside a text (not at its end), such a pattern starts again at every
 * character of the run and takes quadratic time: a 1 MB line of blanks between two words kept the
 * formatter busy for minutes.
 */

/** Where the run of characters `inRun` accepts that ends at `end` (the text's end) starts. */
export function endRunStart(text: string, inRun: (code: number) => boolean, end = text.length): number {
  let i = end;
  while (i > 0 && inRun(text.charCodeAt(i - 1))) i--;
  return i;
}

export const isSpaceOrTab = (c: number): boolean => c === 32 || c === 9;

const WHITESPACE = /\s/;
/** What `\s` matches (every Unicode space, line breaks included). */
export const isWhitespace = (c: number): boolean => WHITESPACE.test(String.fromCharCode(c));
