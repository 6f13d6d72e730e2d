/**
 * Document highlight: the definition (write) and references (read) of the name under the
 * cursor; on a block tag, the open and close tags of that block.
 */
import { type DocumentHighlight, DocumentHighlightKind, type Position } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { LineKind } from '../syntax/scanner';
import { blockOpenedAt, clampPosition, inFile, range, symbolAt } from './common';

export function documentHighlight(analysis: Analysis, position: Position): DocumentHighlight[] {
  const p = clampPosition(analysis.doc, position);
  if (!p) return [];
  const sym = symbolAt(analysis, p.line, p.character);
  if (sym) {
    return [
      ...sym.defs.filter((d) => inFile(analysis, d)).map((d) => ({ range: range(d.line, d.start, d.end), kind: DocumentHighlightKind.Write })),
      ...sym.refs.filter((r) => inFile(analysis, r)).map((r) => ({ range: range(r.line, r.start, r.end), kind: DocumentHighlightKind.Read })),
    ];
  }
  return tagPair(analysis, p.line, p.character);
}

/** The open and close tag names of the block whose tag is under the cursor. */
function tagPair(analysis: Analysis, line: number, ch: number): DocumentHighlight[] {
  const doc = analysis.doc;
  const info = doc.info(line);
  if ((info.kind !== LineKind.Open && info.kind !== LineKind.Close) || !info.tag) return [];
  if (ch < info.indent || ch > info.tag.end) return [];
  const block =
    info.kind === LineKind.Open ? blockOpenedAt(analysis, line) : analysis.structure.blocks.find((b) => b.closeLine === line);
  if (!block) return [];
  const out: DocumentHighlight[] = [];
  for (const l of [block.openLine, block.closeLine]) {
    if (l < 0) continue;
    const tag = doc.info(l).tag;
    if (tag) out.push({ range: range(l, tag.start, tag.end), kind: DocumentHighlightKind.Text });
  }
  return out;
}
