/**
 * Counts written for people (`28,329`). One formatter for the whole server, made on first use
 * (making one loads ICU data, a few MB of RSS): `toLocaleString` builds a new one per call
 * (~0.15 ms each), which added up where messages count problems or lines.
 */
let grouped: Intl.NumberFormat | undefined;

export function formatCount(n: number): string {
  return (grouped ??= new Intl.NumberFormat('en-US')).format(n);
}
