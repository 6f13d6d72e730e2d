import { type Disposable, Position, Range, SnippetString, type TextDocumentChangeEvent, window, workspace } from 'vscode';
import { LANGUAGE_ID } from './clientOptions';
import { alreadyClosed, openedTag } from '../../server/src/syntax/closingTag';
import { autoCloseTagsEnabled } from './settings';

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
  const tag = openedTag(typed);
  if (!tag || line.text.slice(end).trim() !== '') return;
  if (alreadyClosed(document.lineCount, (i) => document.lineAt(i).text, line.lineNumber, tag)) return;
  const at = new Position(line.lineNumber, end);
  void editor.insertSnippet(new SnippetString(`\n\t$0\n</${tag}>`), new Range(at, at), { undoStopBefore: false, undoStopAfter: false });
}
