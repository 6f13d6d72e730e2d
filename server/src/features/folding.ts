/**
 * Folding ranges: every block (the close tag stays visible), directives whose comma list runs
 * over several lines, and runs of two or more comment lines (such as a commented-out block).
 */
import { type FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { LineKind } from '../syntax/scanner';

/**
 * The folding ranges of a document; with `limit` (the client's `rangeLimit`: VS Code sends its
 * `editor.foldingMaximumRegions`, 5,000 by default, and ignores ranges past it) at most that many,
 * the outermost first: every range of a nesting level is kept before any of the next, and the
 * level that does not fit whole is cut in document order.
 */
export function foldingRanges(analysis: Analysis, limit = Infinity): FoldingRange[] {
  const all = allRanges(analysis);
  return all.length > limit ? outermost(all, limit) : all;
}

function allRanges(analysis: Analysis): FoldingRange[] {
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

/** At most `limit` ranges (sorted by start, then longest first), shallow nesting levels first, in document order. */
function outermost(ranges: FoldingRange[], limit: number): FoldingRange[] {
  const depth = new Array<number>(ranges.length);
  const open: number[] = [];
  const perLevel: number[] = [];
  for (let i = 0; i < ranges.length; i++) {
    while (open.length && ranges[open[open.length - 1]].endLine < ranges[i].startLine) open.pop();
    depth[i] = open.length;
    perLevel[open.length] = (perLevel[open.length] ?? 0) + 1;
    open.push(i);
  }
  let room = limit;
  let level = 0;
  while (level < perLevel.length && perLevel[level] <= room) room -= perLevel[level++];
  const out: FoldingRange[] = [];
  for (let i = 0; i < ranges.length; i++) {
    if (depth[i] < level) out.push(ranges[i]);
    else if (depth[i] === level && room > 0) {
      out.push(ranges[i]);
      room--;
    }
  }
  return out;
}
