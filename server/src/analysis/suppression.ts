import type { PmtaDocument } from '../syntax/document';
import type { Finding } from './types';

/**
 * Inline suppression comments:
 *   `# pmta-lint: disable=CODE[,CODE]`            on the line itself (trailing or whole-line comment)
 *   `# pmta-lint: disable-next-line=CODE[,CODE]`  on the line below
 *   `# pmta-lint: disable-file=CODE[,CODE]`       anywhere in the file
 * Without `=CODES`, or with no code after `=`, every code is silenced.
 */

/**
 * A suppression comment: its kind (group 1) and what follows `=` (group 2, the blanks and commas
 * around the codes included). The list is taken whole and split afterwards: an expression that
 * must end on a code's letter tried a long run of blanks after `=` at every split (quadratic).
 */
export const SUPPRESSION_COMMENT = /pmta-lint:\s*(disable-next-line|disable-file|disable)(?:\s*=([\w,\s-]*))?/i;

/** The codes a suppression comment's list names, as written; empty when it names none. */
export function suppressedCodes(list: string | undefined): string[] {
  return list ? list.split(/[\s,]+/).filter(Boolean) : [];
}

export interface Suppressions {
  byLine: Map<number, Set<string> | 'all'>;
  file: Set<string> | 'all' | undefined;
}

export function collectSuppressions(doc: PmtaDocument): Suppressions {
  const byLine = new Map<number, Set<string> | 'all'>();
  let file: Set<string> | 'all' | undefined;
  const infos = doc.allInfos();
  for (let i = 0; i < infos.length; i++) {
    const c = infos[i].comment;
    if (!c) continue;
    const text = infos[i].text;
    if (text.indexOf('pmta-lint', c.start) < 0) continue;
    const m = SUPPRESSION_COMMENT.exec(text.slice(c.start));
    if (!m) continue;
    const named = suppressedCodes(m[2]);
    const codes = named.length ? new Set(named.map((s) => s.toLowerCase())) : 'all';
    const kind = m[1].toLowerCase();
    if (kind === 'disable-file') file = merge(file, codes);
    else {
      const target = kind === 'disable-next-line' ? nextContentLine(doc, i) : i;
      byLine.set(target, merge(byLine.get(target), codes));
    }
  }
  return { byLine, file };
}

/**
 * The same suppressions after lines were added or removed above some of them (no suppression
 * comment on the changed lines or right next to them): those at or below `from` move by `delta`.
 */
export function moveSuppressions(s: Suppressions, from: number, delta: number): Suppressions {
  const byLine = new Map<number, Set<string> | 'all'>();
  for (const [line, codes] of s.byLine) byLine.set(line >= from ? line + delta : line, codes);
  return { byLine, file: s.file };
}

function nextContentLine(doc: PmtaDocument, line: number): number {
  return line + 1;
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return a ? new Set([...a, ...b]) : b;
}

function covers(set: Set<string> | 'all' | undefined, code: string): boolean {
  return set === 'all' || (set !== undefined && set.has(code));
}

export function isSuppressed(s: Suppressions, f: Finding): boolean {
  return covers(s.file, f.code) || covers(s.byLine.get(f.line), f.code);
}
