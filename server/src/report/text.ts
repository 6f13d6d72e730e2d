import { type FileReport, countBySeverity } from './fileResult';

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[90m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };

export interface TextOptions {
  color: boolean;
  /** Show the source line with a caret under the span. */
  excerpt: boolean;
  quiet: boolean;
}

/** Compiler-style output: `file:line:col: severity code: message`, then a one-line summary. */
export function formatText(reports: readonly FileReport[], opts: TextOptions): string {
  const c = (k: keyof typeof COLORS, s: string) => (opts.color ? COLORS[k] + s + COLORS.reset : s);
  const out: string[] = [];
  for (const r of reports) {
    for (const f of r.findings) {
      out.push(`${c('bold', `${f.file}:${f.line}:${f.column}:`)} ${c(f.severity, f.severity)} ${c('dim', f.code)}: ${f.message}`);
      if (opts.excerpt) {
        const src = r.lines[f.line - 1];
        if (src !== undefined) {
          const shown = src.replace(/\t/g, ' ');
          const width = Math.max(1, (f.endLine === f.line ? f.endColumn : src.length + 1) - f.column);
          out.push('  ' + shown);
          out.push('  ' + ' '.repeat(f.column - 1) + c(f.severity, '^' + '~'.repeat(Math.max(0, width - 1))));
        }
      }
    }
  }
  if (!opts.quiet) out.push(summary(reports));
  return out.length ? out.join('\n') + '\n' : '';
}

export function summary(reports: readonly FileReport[]): string {
  const n = countBySeverity(reports);
  const files = reports.filter((r) => r.findings.length > 0).length;
  const parts = [plural(n.error, 'error'), plural(n.warning, 'warning')];
  if (n.information) parts.push(plural(n.information, 'note'));
  if (n.error + n.warning + n.information + n.hint === 0) return `No problems in ${plural(reports.length, 'file')}.`;
  return `${parts.join(', ')} in ${plural(files, 'file')} (${plural(reports.length, 'file')} checked).`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
