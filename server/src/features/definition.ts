/**
 * Go to definition: from a reference (a vMTA in a pool, `default-virtual-mta`,
 * `smtp-pattern-list NAME`, `$macro`, `source=NAME`…) to the block or `domain-macro` that defines
 * it. On a definition it answers the definition itself, as editors expect.
 */
import type { Location, Position } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { clampPosition, range, symbolAt } from './common';

export function definition(analysis: Analysis, uri: string, position: Position): Location[] {
  const p = clampPosition(analysis.doc, position);
  if (!p) return [];
  const sym = symbolAt(analysis, p.line, p.character);
  if (!sym) return [];
  return sym.defs.map((d) => ({ uri: d.uri ?? uri, range: range(d.line, d.start, d.end) }));
}
