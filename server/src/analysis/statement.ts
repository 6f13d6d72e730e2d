import type { PmtaDocument } from '../syntax/document';
import { LineKind, type Word } from '../syntax/scanner';
import type { Arg } from './types';

/**
 * The logical arguments of the directive on `line`: words joined across commas, so that
 * `records d, b` and `domain-key sel, example.com, /k.pem` each give one comma list, and a list
 * ending in `,` picks up the words of the continuation lines that follow.
 */
export function directiveArgs(doc: PmtaDocument, line: number): Arg[] {
  const info = doc.info(line);
  const words: { w: Word; line: number }[] = info.words.map((w) => ({ w, line }));
  if (info.trailingComma) {
    for (let i = line + 1; i < doc.lineCount; i++) {
      const next = doc.info(i);
      if (next.kind !== LineKind.Continuation) break;
      for (const w of next.words) words.push({ w, line: i });
      if (!next.trailingComma) break;
    }
  }
  return groupArgs(words);
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

export function groupArgs(words: readonly { w: Word; line: number }[]): Arg[] {
  const args: Arg[] = [];
  let current: Arg | undefined;
  // The texts being joined into `current` (joined once at the end: appending one at a time and
  // testing the result's last character made a 150k-item comma list take minutes).
  let parts: string[] | undefined;
  let last = '';
  for (const { w, line } of words) {
    const joins =
      current !== undefined &&
      !current.quoted &&
      !current.regex &&
      !w.quoted &&
      !w.regex &&
      (last.endsWith(',') || w.text.startsWith(',') || (parts === undefined && current.text.length === 8 && current.text.toLowerCase() === 'call-to:'));
    if (joins && current) {
      (parts ??= [current.text]).push(w.text);
      last = w.text;
      current.endLine = line;
      current.end = w.end;
      continue;
    }
    if (current && parts) current.text = parts.join('');
    parts = undefined;
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
