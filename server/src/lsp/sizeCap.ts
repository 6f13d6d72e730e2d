import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { ContentChange } from '../documentStore';
import { splitLines } from '../syntax/document';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { formatCount } from '../numbers';

/**
 * Documents above the `powermta.maxLines` cap: the server keeps only their lines (edits still
 * apply, so a document that shrinks below the cap is analysed again) and reports one
 * information diagnostic, `file-too-large`, instead of analysing them.
 */
export interface CappedDocument {
  version: number;
  lines: string[];
}

/** Number of lines of a text, counted without splitting it (\r\n, \r and \n end a line). */
export function countLines(text: string): number {
  // indexOf scans natively: ~10× faster than a loop over char codes on a large file.
  const cr = occurrences(text, '\r');
  return 1 + occurrences(text, '\n') + cr - (cr > 0 ? occurrences(text, '\r\n') : 0);
}

function occurrences(text: string, s: string): number {
  let n = 0;
  for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + s.length)) n++;
  return n;
}

export function capDocument(text: string, version: number): CappedDocument {
  return { version, lines: splitLines(text) };
}

/** Applies LSP content changes to a capped document's lines (positions past the end are clamped). */
export function applyChanges(doc: CappedDocument, changes: readonly ContentChange[], version: number): void {
  for (const c of changes) {
    if (!('range' in c) || !c.range) {
      doc.lines = splitLines(c.text);
      continue;
    }
    const last = doc.lines.length - 1;
    const clamp = (p: { line: number; character: number }): [number, number] =>
      p.line > last ? [last, doc.lines[last].length] : [Math.max(0, p.line), Math.min(Math.max(0, p.character), doc.lines[Math.max(0, p.line)].length)];
    const [sL, sC] = clamp(c.range.start);
    let [eL, eC] = clamp(c.range.end);
    if (eL < sL || (eL === sL && eC < sC)) [eL, eC] = [sL, sC];
    const inserted = splitLines(c.text);
    inserted[0] = doc.lines[sL].slice(0, sC) + inserted[0];
    inserted[inserted.length - 1] += doc.lines[eL].slice(eC);
    if (inserted.length < 50_000) doc.lines.splice(sL, eL - sL + 1, ...inserted);
    else doc.lines = [...doc.lines.slice(0, sL), ...inserted, ...doc.lines.slice(eL + 1)];
  }
  doc.version = version;
}

export function tooLargeMessage(lines: number, maxLines: number): string {
  return `This file has ${formatCount(lines)} lines, more than the ${formatCount(maxLines)} set by \`powermta.maxLines\`: it is not analysed (no diagnostics, completion or hover). Raise the setting to analyse it.`;
}

/** The one diagnostic of a capped document, on its first line. */
export function tooLargeDiagnostic(doc: CappedDocument, maxLines: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(doc.lines[0]?.length ?? 0, 1000) } },
    severity: DiagnosticSeverity.Information,
    code: 'file-too-large',
    source: DIAGNOSTIC_SOURCE,
    message: tooLargeMessage(doc.lines.length, maxLines),
  };
}
