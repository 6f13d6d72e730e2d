/**
 * `merge-conflict-marker`: the lines Git leaves in a file whose merge conflicted. A configuration
 * kept in Git can be committed and deployed with them, and PowerMTA will not load it. Each marker
 * is reported on its own line, in words that say which side it starts or ends; the lines between
 * the markers are checked as usual, as if all were kept.
 */
import { lowerBound } from '../arrays';
import type { PmtaDocument } from '../syntax/document';
import { conflictMarkerKind, type LineInfo, LineKind } from '../syntax/scanner';
import type { Finding } from './types';

const LABEL_MAX = 60;

/** The text after the marker (`HEAD`, a branch or commit), shortened for a message. */
export function markerLabel(info: LineInfo): string {
  const label = info.text.slice(info.indent, info.contentEnd).replace(/^(.)\1*/, '').trim().replace(/`/g, "'");
  return label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 1)}…` : label;
}

/** ` (`label`)` after a side's name, or nothing without a label. */
export const named = (label: string) => (label ? ` (\`${label}\`)` : '');

const ROLE = {
  '<': (label: string) => `starts the first side${named(label)}`,
  '|': (label: string) => `starts the lines as they were before either side changed them${named(label)}`,
  '=': () => 'ends the first side and starts the second',
  '>': (label: string) => `ends the second side${named(label)}`,
};

export function conflictMarkerFinding(line: number, info: LineInfo): Finding {
  const role = ROLE[conflictMarkerKind(info)](markerLabel(info));
  return {
    code: 'merge-conflict-marker',
    message: `Unresolved merge conflict: this Git marker ${role}. PowerMTA cannot load a file that holds conflict markers. Keep the lines you want and delete the markers; until then, every line between them is checked as if it were kept.`,
    line,
    start: info.indent,
    end: info.contentEnd,
  };
}

/** One conflict's marker lines; `base` is -1 without a `|||||||` section (Git's default style). */
export interface Conflict {
  readonly start: number;
  readonly base: number;
  readonly middle: number;
  readonly end: number;
}

/**
 * Every whole conflict of the document, in order: `<<<<<<<`, an optional `|||||||`, `=======` and
 * `>>>>>>>`, with no other marker between. Markers that do not make one (a marker deleted or pasted
 * twice) belong to none: then no side can be told from another. One pass over the lines, so a
 * request with a diagnostic on every marker of a large file costs one pass, not one per marker.
 */
export function findConflicts(doc: PmtaDocument): Conflict[] {
  const out: Conflict[] = [];
  let start = -1;
  let base = -1;
  let middle = -1;
  for (let i = 0; i < doc.lineCount; i++) {
    const info = doc.info(i);
    if (info.kind !== LineKind.ConflictMarker) continue;
    const kind = conflictMarkerKind(info);
    if (kind === '<') {
      start = i;
      base = middle = -1;
    } else if (start >= 0 && kind === '|' && base < 0 && middle < 0) base = i;
    else if (start >= 0 && kind === '=' && middle < 0) middle = i;
    else {
      if (start >= 0 && kind === '>' && middle >= 0) out.push({ start, base, middle, end: i });
      start = base = middle = -1;
    }
  }
  return out;
}

/** The conflict of `conflicts` (from `findConflicts`) whose lines hold `line`. */
export function conflictAt(conflicts: readonly Conflict[], line: number): Conflict | undefined {
  const c = conflicts[lowerBound(conflicts.length, (i) => conflicts[i].end < line)];
  return c && c.start <= line ? c : undefined;
}
