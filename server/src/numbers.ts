/**
 * Counts written for people (`28,329`). One formatter for the whole server, made on first use
 * (making one loads ICU data, a few MB of RSS): `toLocaleString` builds a new one per call
 * (~0.15 ms each), which added up where messages count problems or lines.
 */
let grouped: Intl.NumberFormat | undefined;

export function formatCount(n: number): string {
  return (grouped ??= new Intl.NumberFormat('en-US')).format(n);
}

/**
 * 1-based line numbers as a message names them: `line 4`, `lines 4 and 6`, `lines 4, 6 and 9`, and
 * past `shown` of them `lines 4, 6, 9 and 2 more`.
 */
export function lineList(lines: readonly number[], shown = 3): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  const head = lines.slice(0, lines.length > shown ? shown : lines.length - 1);
  const tail = lines.length > shown ? `${formatCount(lines.length - shown)} more` : String(lines[lines.length - 1]);
  return `lines ${head.join(', ')} and ${tail}`;
}
