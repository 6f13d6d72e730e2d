import { type FileReport, type ReportedFinding, countBySeverity } from './fileResult';
import { visible } from './visible';

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[90m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };
const TAB_WIDTH = 4;

export interface TextOptions {
  color: boolean;
  /** Show the source line with a caret under the span. */
  excerpt: boolean;
  /** Findings only, no summary line. */
  quiet: boolean;
  /** How many inputs could not be read (mentioned in the summary). */
  unreadable?: number;
}

/**
 * Compiler-style output, one finding per line: `file:line:col: severity code: message`,
 * optionally followed by the source line with a caret under the span, then a one-line summary.
 * Yielded a line at a time (with its line break), so a huge report never becomes one string.
 */
export function* textChunks(reports: readonly FileReport[], opts: TextOptions): Generator<string> {
  const paint = (k: keyof typeof COLORS, s: string) => (opts.color ? COLORS[k] + s + COLORS.reset : s);
  for (const r of reports) {
    for (const f of r.findings) {
      yield `${paint('bold', `${visible(f.file)}:${f.line}:${f.column}:`)} ${paint(f.severity, f.severity)} ${paint('dim', f.code)}: ${visible(f.message)}\n`;
      if (opts.excerpt) for (const line of excerpt(r.lines[f.line - 1], f, paint)) yield line + '\n';
    }
  }
  if (!opts.quiet) {
    const line = summary(reports, opts.unreadable ?? 0);
    if (line) yield line + '\n';
  }
}


/**
 * The source line under a gutter with its line number, and a caret line marking the span
 * (to the end of the line when the finding spans several lines). Tabs expand to the next tab stop
 * in both lines so the caret stays under the right character.
 */
function excerpt(src: string | undefined, f: ReportedFinding, paint: (k: 'dim' | ReportedFinding['severity'], s: string) => string): string[] {
  if (src === undefined) return [];
  const gutter = String(f.line);
  const start = f.column - 1;
  const end = f.endLine === f.line ? Math.max(f.endColumn - 1, start + 1) : Math.max(src.length, start + 1);
  const shown = expandTabs(visible(src));
  const from = displayWidth(src.slice(0, start));
  const to = Math.max(from + 1, displayWidth(src.slice(0, end)) + Math.max(0, end - src.length));
  return [
    `${paint('dim', `${gutter} |`)} ${shown}`,
    `${paint('dim', `${' '.repeat(gutter.length)} |`)} ${' '.repeat(from)}${paint(f.severity, '^' + '~'.repeat(to - from - 1))}`,
  ];
}

function expandTabs(s: string): string {
  let out = '';
  for (const ch of s) out += ch === '\t' ? ' '.repeat(TAB_WIDTH - (out.length % TAB_WIDTH)) : ch;
  return out;
}

function displayWidth(s: string): number {
  return expandTabs(s).length;
}

/** `3 errors, 1 warning in 2 files`, `No problems in 4 files`, plus unreadable inputs if any. */
export function summary(reports: readonly FileReport[], unreadable = 0): string {
  const n = countBySeverity(reports);
  const parts: string[] = [];
  if (n.error) parts.push(plural(n.error, 'error'));
  if (n.warning) parts.push(plural(n.warning, 'warning'));
  if (n.information) parts.push(`${n.information} information`);
  if (n.hint) parts.push(plural(n.hint, 'hint'));
  const withFindings = reports.filter((r) => r.findings.length > 0).length;
  let line: string;
  if (reports.length === 0) line = '';
  else if (parts.length === 0) line = `No problems in ${plural(reports.length, 'file')}`;
  else {
    line = `${parts.join(', ')} in ${plural(withFindings, 'file')}`;
    if (reports.length > withFindings) line += ` (${reports.length} checked)`;
  }
  if (unreadable) line += `${line ? '; ' : ''}${plural(unreadable, 'input')} could not be checked`;
  return line;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
