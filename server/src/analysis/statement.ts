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
  return groupArgs(statementWords(doc, line));
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

export function groupArgs(words: readonly LineWord[]): Arg[] {
  const args: Arg[] = [];
  let current: Arg | undefined;
  let first: Word | undefined;
  // The texts being joined into `current` (joined once at the end: appending one at a time and
  // testing the result's last character made a 150k-item comma list take minutes).
  let parts: string[] | undefined;
  let last = '';
  for (const { w, line } of words) {
    if (current && first && joinsArgument(first, parts === undefined, last, w)) {
      (parts ??= [current.text]).push(w.text);
      last = w.text;
      current.endLine = line;
      current.end = w.end;
      continue;
    }
    if (current && parts) current.text = parts.join('');
    parts = undefined;
    first = w;
    current = {
      text: w.text,
      line,
      start: w.start,
      endLine: line,
      end: w.end,
      quoted: w.quoted,
      regex: w.regex,
      unterminated: w.unterminated,
    };
    last = w.text;
    args.push(current);
  }
  if (current && parts) current.text = parts.join('');
  return args;
}

/** The text of a value without its quotes (`"a b"` -> `a b`). */
export function unquote(arg: Arg): string {
  return arg.quoted && !arg.unterminated ? arg.text.slice(1, -1) : arg.text;
}
