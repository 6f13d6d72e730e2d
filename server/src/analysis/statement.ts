import type { PmtaDocument } from '../syntax/document';
import { LineKind, type Word } from '../syntax/scanner';
import type { Arg } from './types';

/** A word of a statement and the line it is on (a comma list can continue over several lines). */
export interface LineWord {
  w: Word;
  line: number;
}

/**
 * The logical arguments of the directive on `line`: words joined across commas, so that
 * `records d, b` and `domain-key sel, example.com, /k.pem` each give one comma list, and a list
 * ending in `,` picks up the words of the continuation lines that follow.
 */
export function directiveArgs(doc: PmtaDocument, line: number): Arg[] {
  const info = doc.info(line);
  const args = new ArgGrouper();
  args.addLine(info.words, line);
  if (info.trailingComma) for (const i of continuationLines(doc, line)) args.addLine(doc.info(i).words, i);
  return args.finish();
}

/** The arguments of one line's words alone (a statement that does not go on to the next line). */
export function lineArgs(words: readonly Word[], line: number): Arg[] {
  const args = new ArgGrouper();
  args.addLine(words, line);
  return args.finish();
}

/** The words of the statement on `line`, continuation lines included. */
export function statementWords(doc: PmtaDocument, line: number): LineWord[] {
  const out: LineWord[] = doc.info(line).words.map((w) => ({ w, line }));
  for (const i of continuationLines(doc, line)) for (const w of doc.info(i).words) out.push({ w, line: i });
  return out;
}

/**
 * Whether word `w` continues the argument that began with word `first` and whose last word so far
 * reads `last` (`single`: that word is its only one): after or before a comma, and after `call-to:`.
 */
export function joinsArgument(first: Word, single: boolean, last: string, w: Word): boolean {
  return (
    !first.quoted &&
    !first.regex &&
    !w.quoted &&
    !w.regex &&
    (last.endsWith(',') || w.text.startsWith(',') || (single && last.length === 8 && last.toLowerCase() === 'call-to:'))
  );
}

/** Lines that continue the directive on `line` (empty when it does not end in a comma). */
export function continuationLines(doc: PmtaDocument, line: number): number[] {
  const out: number[] = [];
  if (!doc.info(line).trailingComma) return out;
  for (let i = line + 1; i < doc.lineCount; i++) {
    const next = doc.info(i);
    if (next.kind !== LineKind.Continuation) break;
    out.push(i);
    if (!next.trailingComma) break;
  }
  return out;
}

/**
 * Joins a statement's words into its arguments, line by line (the words are taken as they are, with
 * no `{ w, line }` pair made per word: the analysis groups every directive line's words).
 */
class ArgGrouper {
  private readonly args: Arg[] = [];
  private current: Arg | undefined;
  private first: Word | undefined;
  // The texts being joined into `current` (joined once at the end: appending one at a time and
  // testing the result's last character made a 150k-item comma list take minutes).
  private parts: string[] | undefined;
  private last = '';

  addLine(words: readonly Word[], line: number): void {
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      const current = this.current;
      if (current && this.first && joinsArgument(this.first, this.parts === undefined, this.last, w)) {
        (this.parts ??= [current.text]).push(w.text);
        this.last = w.text;
        current.endLine = line;
        current.end = w.end;
        continue;
      }
      this.close();
      this.first = w;
      this.current = {
        text: w.text,
        line,
        start: w.start,
        endLine: line,
        end: w.end,
        quoted: w.quoted,
        regex: w.regex,
        unterminated: w.unterminated,
      };
      this.last = w.text;
      this.args.push(this.current);
    }
  }

  finish(): Arg[] {
    this.close();
    return this.args;
  }

  private close(): void {
    if (this.current && this.parts) this.current.text = this.parts.join('');
    this.parts = undefined;
  }
}

/** The text of a value without its quotes (`"a b"` -> `a b`). */
export function unquote(arg: Arg): string {
  return arg.quoted && !arg.unterminated ? arg.text.slice(1, -1) : arg.text;
}
