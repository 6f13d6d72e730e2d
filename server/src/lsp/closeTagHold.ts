import type { PmtaDocument } from '../syntax/document';
import { alreadyClosed, openedTag } from '../syntax/closingTag';

/** The parts of a didChange content change this looks at (a whole-text change has no range). */
interface ContentChange {
  readonly range?: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  readonly text: string;
}

/**
 * Whether this change is the `>` typed at the end of an opening tag line that nothing closes yet:
 * in VS Code the extension answers it at once with the close tag (client/src/autoCloseTag.ts, the
 * same text rules). Checked in between, the new block would take in every line below it until
 * some close tag, so the whole file would change blocks twice in a row, and the editor would show
 * a burst of errors for a few milliseconds.
 */
export function awaitsCloseTag(doc: PmtaDocument, changes: readonly ContentChange[]): boolean {
  if (changes.length !== 1) return false;
  const { range, text } = changes[0];
  if (text !== '>' || !range || range.start.line !== range.end.line || range.start.character !== range.end.character) return false;
  const line = range.start.line;
  if (line >= doc.lineCount) return false;
  const lineText = doc.line(line);
  const end = range.start.character + 1;
  const tag = openedTag(lineText.slice(0, end));
  if (!tag || lineText.slice(end).trim() !== '') return false;
  return !alreadyClosed(doc.lineCount, (i) => doc.line(i), line, tag);
}

/**
 * Documents whose diagnostics wait for the change after such a `>`: the next change to the
 * document ends the wait, and so does the end of `ms` (an editor that closes no tags, or the user
 * typed the `>` of a block they close later). A pull for the document's diagnostics waits as well.
 */
export class CloseTagHolds {
  private readonly held = new Map<string, { timer: ReturnType<typeof setTimeout>; waiting: (() => void)[] }>();

  /** `ended(uri)` runs when a hold ends by time, so the caller publishes then. */
  constructor(private readonly ended: (uri: string) => void) {}

  hold(uri: string, ms: number): void {
    this.release(uri);
    const timer = setTimeout(() => {
      if (this.release(uri)) this.ended(uri);
    }, ms);
    this.held.set(uri, { timer, waiting: [] });
  }

  has(uri: string): boolean {
    return this.held.has(uri);
  }

  /** Ends the hold (a change arrived, or the document closed); true when there was one. */
  release(uri: string): boolean {
    const h = this.held.get(uri);
    if (!h) return false;
    this.held.delete(uri);
    clearTimeout(h.timer);
    for (const resolve of h.waiting) resolve();
    return true;
  }

  /** Resolves when the document is not held (at once, usually). */
  settled(uri: string): Promise<void> {
    const h = this.held.get(uri);
    return h ? new Promise((resolve) => h.waiting.push(resolve)) : Promise.resolve();
  }
}
