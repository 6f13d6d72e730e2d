import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';

/**
 * Applies LSP text edits as an editor does (vscode-languageserver-textdocument): every line break
 * LSP counts (`\r\n`, `\r`, `\n`), and an error for overlapping ranges, which editors refuse.
 */
export function applyAsEditor(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edited', 'powermta', 1, text), [...edits]);
}

/** Applies LSP text edits (non-overlapping, any order) to a text with `\n` line ends. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number) => {
    let o = 0;
    for (let i = 0; i < line && i < lines.length; i++) o += lines[i].length + 1;
    return Math.min(o + character, text.length);
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start.line, b.range.start.character) - offset(a.range.start.line, a.range.start.character));
  let out = text;
  for (const e of sorted) {
    const s = offset(e.range.start.line, e.range.start.character);
    const t = offset(e.range.end.line, e.range.end.character);
    out = out.slice(0, s) + e.newText + out.slice(t);
  }
  return out;
}

/** The edits of a single-document workspace edit. */
export function editsOf(edit: WorkspaceEdit | undefined | null, uri: string): TextEdit[] {
  return (edit?.changes?.[uri] ?? []) as TextEdit[];
}
