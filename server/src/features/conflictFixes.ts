/**
 * Quick fixes for `merge-conflict-marker`: resolve the whole conflict the marker belongs to by
 * keeping its first side, its second side, or both (first then second), without the markers and
 * without the `|||||||` section of the lines before either change. VS Code's own merge tool offers
 * the same in its editor; these reach every editor the server serves (Neovim, the web build). Each
 * kept line keeps its own line break.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import { type Conflict, markerLabel, named } from '../analysis/conflictMarkers';
import type { PmtaDocument } from '../syntax/document';
import { range } from './common';

export interface ConflictFix {
  readonly title: string;
  readonly edit: TextEdit;
}

export function conflictFixes(doc: PmtaDocument, c: Conflict): ConflictFix[] {
  const first = lines(c.start + 1, c.base >= 0 ? c.base : c.middle);
  const second = lines(c.middle + 1, c.end);
  const firstLabel = markerLabel(doc.info(c.start));
  const secondLabel = markerLabel(doc.info(c.end));
  return [
    { title: `Resolve the conflict: keep the first side${named(firstLabel)}`, edit: keep(doc, c, first) },
    { title: `Resolve the conflict: keep the second side${named(secondLabel)}`, edit: keep(doc, c, second) },
    { title: 'Resolve the conflict: keep both sides, first then second', edit: keep(doc, c, [...first, ...second]) },
  ];
}

function lines(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** Replaces the conflict's lines, markers included, with the kept lines and their own breaks. */
function keep(doc: PmtaDocument, c: Conflict, kept: number[]): TextEdit {
  const text = kept.map((i) => doc.line(i) + doc.breakAfter(i)).join('');
  if (c.end + 1 < doc.lineCount) return { range: range(c.start, 0, 0, c.end + 1), newText: text };
  // The conflict ends the file: its last line has no break after it, and neither may the last kept line.
  const last = doc.line(c.end).length;
  if (text) return { range: range(c.start, 0, last, c.end), newText: text.slice(0, text.length - doc.breakAfter(kept[kept.length - 1]).length) };
  if (c.start === 0) return { range: range(0, 0, last, c.end), newText: '' };
  // Nothing kept at the end of the file: the break before the conflict goes with it.
  return { range: range(c.start - 1, doc.line(c.start - 1).length, last, c.end), newText: '' };
}
