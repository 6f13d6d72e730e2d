/**
 * Folding ranges: every block (the close tag stays visible), directives whose comma list runs
 * over several lines, and runs of two or more comment lines (such as a commented-out block).
 */
import { type FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { LineKind } from '../syntax/scanner';

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const doc = analysis.doc;
  const out: FoldingRange[] = [];
  for (const b of analysis.structure.blocks) {
    const end = b.closedBy === 'tag' ? b.closeLine - 1 : b.endLine;
    if (end > b.openLine) out.push({ startLine: b.openLine, endLine: end, kind: FoldingRangeKind.Region });
  }
  let commentStart = -1;
  let listStart = -1;
  const n = doc.lineCount;
  for (let i = 0; i <= n; i++) {
    const kind = i < n ? doc.info(i).kind : LineKind.Blank;
    if (kind === LineKind.Comment) {
      if (commentStart < 0) commentStart = i;
    } else {
      if (commentStart >= 0 && i - 1 > commentStart) out.push({ startLine: commentStart, endLine: i - 1, kind: FoldingRangeKind.Comment });
      commentStart = -1;
    }
    if (kind === LineKind.Continuation) {
      if (listStart < 0) listStart = i - 1;
    } else {
      if (listStart >= 0 && i - 1 > listStart) out.push({ startLine: listStart, endLine: i - 1 });
      listStart = -1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
