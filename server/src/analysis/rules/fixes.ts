import type { PmtaDocument } from '../../syntax/document';

/** One text edit of a quick fix (0-based; `endLine` defaults to `line`). */
export interface FixEdit {
  line: number;
  start: number;
  endLine?: number;
  end: number;
  newText: string;
}

/** The `data.fix` convention: the code-action feature turns it into a quick fix. */
export interface Fix {
  title: string;
  edits: FixEdit[];
}

export function replaceFix(title: string, line: number, start: number, end: number, newText: string): { fix: Fix } {
  return { fix: { title, edits: [{ line, start, end, newText }] } };
}

/** An edit that removes whole lines `from`..`to` (inclusive), line breaks included. */
export function deleteLines(doc: PmtaDocument, from: number, to = from): FixEdit {
  if (to + 1 < doc.lineCount) return { line: from, start: 0, endLine: to + 1, end: 0, newText: '' };
  if (from > 0) return { line: from - 1, start: doc.line(from - 1).length, endLine: to, end: doc.line(to).length, newText: '' };
  return { line: from, start: 0, endLine: to, end: doc.line(to).length, newText: '' };
}

/** An edit that inserts `text` as a new line before line `before` (or at the end of the file). */
export function insertLineBefore(doc: PmtaDocument, before: number, text: string): FixEdit {
  if (before < doc.lineCount) return { line: before, start: 0, end: 0, newText: text + '\n' };
  const last = doc.lineCount - 1;
  const len = doc.line(last).length;
  return { line: last, start: len, end: len, newText: (len > 0 ? '\n' : '') + text };
}

/**
 * The leading spaces and tabs of a line, to indent an inserted line like its neighbour. Other
 * characters there are left out: a BOM, a form feed, or a no-break space that PowerMTA reads as part
 * of the name (copied, the inserted line would be broken the same way).
 */
export function indentOf(doc: PmtaDocument, line: number): string {
  return /^[ \t]*/.exec(doc.line(line))![0];
}
