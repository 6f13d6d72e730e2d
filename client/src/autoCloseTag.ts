import { type Disposable, Position, Range, SnippetString, type TextDocumentChangeEvent, window, workspace } from 'vscode';
import { LANGUAGE_ID } from './languageClient';
import { autoCloseTagsEnabled } from './settings';

/** `<tag arg>` alone on its line, typed up to the cursor (group 1 is the tag name). */
const OPEN_TAG = /^\s*<([A-Za-z][\w.-]*)(?:\s[^<>#]*)?>$/;

/**
 * Typing the `>` that completes an opening tag line inserts an indented body line and the matching
 * `</tag>` on a line of its own (PowerMTA wants every tag alone on its line), with the cursor on the
 * body line. A language configuration alone cannot insert text, hence this listener.
 */
export function registerAutoCloseTag(): Disposable {
  return workspace.onDidChangeTextDocument(onChange);
}

function onChange(event: TextDocumentChangeEvent): void {
  const { document, contentChanges } = event;
  if (document.languageId !== LANGUAGE_ID || contentChanges.length !== 1) return;
  const change = contentChanges[0];
  if (change.text !== '>' || !change.range.isEmpty) return;
  const editor = window.activeTextEditor;
  if (!editor || editor.document !== document || !autoCloseTagsEnabled()) return;
  const line = document.lineAt(change.range.start.line);
  const end = change.range.start.character + 1;
  const typed = line.text.slice(0, end);
  const match = OPEN_TAG.exec(typed);
  if (!match || line.text.slice(end).trim() !== '') return;
  const tag = match[1];
  if (alreadyClosed(document.lineCount, (i) => document.lineAt(i).text, line.lineNumber, tag)) return;
  const at = new Position(line.lineNumber, end);
  void editor.insertSnippet(new SnippetString(`\n\t$0\n</${tag}>`), new Range(at, at), { undoStopBefore: false, undoStopAfter: false });
}

/** The next non-blank, non-comment line already closes this tag (e.g. the user retyped the `>`). */
export function alreadyClosed(lineCount: number, lineAt: (i: number) => string, from: number, tag: string): boolean {
  for (let i = from + 1; i < lineCount; i++) {
    const text = lineAt(i).trim();
    if (text === '' || text.startsWith('#')) continue;
    return new RegExp(`^</\\s*${tag.replace(/[.]/g, '\\.')}\\s*>`, 'i').test(text);
  }
  return false;
}
