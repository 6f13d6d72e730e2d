/**
 * Find references: every use of the name under the cursor (a definition or a reference), with
 * the definition itself when the client asks for declarations too.
 */
import type { Location, Position } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { clampPosition, range, symbolAt } from './common';

export function references(analysis: Analysis, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const p = clampPosition(analysis.doc, position);
  if (!p) return [];
  const sym = symbolAt(analysis, p.line, p.character);
  if (!sym) return [];
  const spans = [...(includeDeclaration ? sym.defs : []), ...sym.refs].sort(
    (a, b) => (a.uri ?? '').localeCompare(b.uri ?? '') || a.line - b.line || a.start - b.start,
  );
  return spans.map((s) => ({ uri: s.uri ?? uri, range: range(s.line, s.start, s.end) }));
}
