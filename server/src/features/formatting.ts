/**
 * Formatting, whole document or a range. It only ever changes whitespace outside values:
 * indentation by block depth (spaces or tabs), the gap between a directive name and its value
 * (one space, or a column shared by consecutive directives), and trailing whitespace. Comments,
 * blank lines, continuation lines, tags and everything from the first value on are kept as
 * written, so quoted strings and regexes cannot change. Lines that are broken (an unclosed quote
 * or regex) are left alone. Edits are per changed line, or per run of changed lines when every line
 * break is `\n`.
 */
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { PmtaDocument } from '../syntax/document';
import { type LineInfo, LineKind, isBlank } from '../syntax/scanner';
import { endRunStart } from '../endRun';
import { type Slices, drain, drainInSlices } from '../steps';

export interface FormatOptions {
  /** Spaces per block level (ignored with tabs). */
  indent: number;
  useTabs: boolean;
  /** Line values of consecutive directives up in one column. */
  alignValues: boolean;
}

const BOM = '\uFEFF';

function depthBefore(doc: PmtaDocument, line: number): number {
  return doc.stateBefore(line).frame?.depth ?? 0;
}

function depthAfter(doc: PmtaDocument, line: number): number {
  return doc.stateAfter(line).frame?.depth ?? 0;
}

/** Where the value starts after the name (a comment counts as no value), or -1. */
function valueStart(info: LineInfo): number {
  if (!info.name || info.name.regex) return -1;
  const first = info.words[0]?.start ?? info.nestedOpen?.start;
  return first === undefined ? -1 : Math.min(first, info.nestedOpen?.start ?? first);
}

/** Trailing blanks as the scanner sees them (not every Unicode space: a no-break space is text). */
function trimEnd(text: string): string {
  return text.slice(0, endRunStart(text, isBlank));
}

/** Lines whose text must not change at all: an unclosed quote or regex may own its trailing blanks. */
function untouchable(info: LineInfo): boolean {
  return info.words.some((w) => w.unterminated) || !!info.name?.unterminated;
}

/** Lines formatted between two pause points when formatting in slices. */
const STEP_LINES = 1024;

/** Value column (relative to the indentation) for each directive line that is part of an aligned run. */
function* alignmentColumns(doc: PmtaDocument): Generator<void, Map<number, number>> {
  const out = new Map<number, number>();
  let run: number[] = [];
  let frame: unknown = undefined;
  const flush = () => {
    if (run.length > 1) {
      let col = 0;
      for (const l of run) col = Math.max(col, doc.info(l).name!.text.length + 1);
      for (const l of run) out.set(l, col);
    }
    run = [];
  };
  for (let i = 0; i < doc.lineCount; i++) {
    if (i % STEP_LINES === STEP_LINES - 1) yield;
    const info = doc.info(i);
    const aligned = info.kind === LineKind.Directive && valueStart(info) >= 0 && !untouchable(info);
    const f = doc.stateBefore(i).frame;
    if (!aligned || (run.length && f !== frame)) flush();
    if (aligned) {
      run.push(i);
      frame = f;
    }
  }
  flush();
  return out;
}

/** Indentation stops growing here: real files nest three or four deep, a hostile one 10,000 (40 MB of spaces). */
const MAX_INDENT_DEPTH = 32;

function indentation(depth: number, options: FormatOptions): string {
  const d = Math.min(depth, MAX_INDENT_DEPTH);
  return options.useTabs ? '\t'.repeat(d) : ' '.repeat(d * options.indent);
}

/**
 * Puts a trailing comment back after re-formatted content: at its old column when there is room
 * (so comments aligned in a column stay aligned), otherwise one space after the content.
 */
function withComment(content: string, info: LineInfo): string {
  if (!info.comment) return content;
  const comment = trimEnd(info.text.slice(info.comment.start));
  if (info.commentGlued) return content + comment;
  return content + ' '.repeat(Math.max(1, info.comment.start - content.length)) + comment;
}

/** The formatted text of one line. */
function formatLine(doc: PmtaDocument, line: number, options: FormatOptions, columns: Map<number, number> | undefined): string {
  const text = doc.line(line);
  const info = doc.info(line);
  const bom = line === 0 && text.startsWith(BOM) ? BOM : '';
  if (untouchable(info)) return text;
  const contentEnd = info.comment ? info.comment.start : text.length;
  const body = trimEnd(text.slice(info.indent, contentEnd));
  switch (info.kind) {
    case LineKind.Blank:
      // Emptied between a lone `\r` and a `\n`, the line would go: the two would make one break.
      return line > 0 && doc.breakAfter(line - 1) === '\r' && doc.breakAfter(line) === '\n' ? text : bom;
    case LineKind.Template:
    case LineKind.Continuation:
      return trimEnd(text);
    case LineKind.ConflictMarker:
      // Git finds its markers only at the start of a line: never indented.
      return text;
    case LineKind.Comment:
      return bom + indentation(depthBefore(doc, line), options) + trimEnd(text.slice(info.indent));
    case LineKind.Open:
      return withComment(bom + indentation(depthBefore(doc, line), options) + body, info);
    case LineKind.Close:
      return withComment(bom + indentation(depthAfter(doc, line), options) + body, info);
    case LineKind.Directive: {
      const indent = bom + indentation(depthBefore(doc, line), options);
      const name = info.name!;
      const start = valueStart(info);
      if (start < 0) return withComment(indent + body, info);
      const col = columns?.get(line);
      const gap = col === undefined ? 1 : Math.max(1, col - name.text.length);
      return withComment(indent + name.text + ' '.repeat(gap) + trimEnd(text.slice(start, contentEnd)), info);
    }
  }
}

function* editSteps(doc: PmtaDocument, from: number, to: number, options: FormatOptions): Generator<void, TextEdit[]> {
  const columns = options.alignValues ? yield* alignmentColumns(doc) : undefined;
  const out: TextEdit[] = [];
  // Consecutive changed lines become one edit when every line break is `\n` (joining them cannot
  // change a line ending): an unindented 100k-line file's answer shrinks from 7.7 to 3.3 MB.
  const join = doc.lineFeedsOnly;
  let run: { start: number; texts: string[]; endCharacter: number } | undefined;
  const flush = () => {
    if (!run) return;
    const end = run.start + run.texts.length - 1;
    out.push({ range: { start: { line: run.start, character: 0 }, end: { line: end, character: run.endCharacter } }, newText: run.texts.join('\n') });
    run = undefined;
  };
  for (let i = from; i <= to; i++) {
    if ((i - from) % STEP_LINES === STEP_LINES - 1) yield;
    const old = doc.line(i);
    const next = formatLine(doc, i, options, columns);
    if (next === old) {
      flush();
      continue;
    }
    if (!join) {
      out.push({ range: { start: { line: i, character: 0 }, end: { line: i, character: old.length } }, newText: next });
      continue;
    }
    if (run) {
      run.texts.push(next);
      run.endCharacter = old.length;
    } else run = { start: i, texts: [next], endCharacter: old.length };
  }
  flush();
  return out;
}

/** The lines [from, to] a range formatting touches (a range ending at column 0 stops on the line before). */
function rangeLines(doc: PmtaDocument, r: Range): [number, number] {
  const last = doc.lineCount - 1;
  const from = Math.max(0, Math.min(r.start.line, last));
  const endLine = r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
  return [from, Math.max(from, Math.min(endLine, last))];
}

export function formatDocument(doc: PmtaDocument, options: FormatOptions): TextEdit[] {
  return drain(editSteps(doc, 0, doc.lineCount - 1, options));
}

/** Formats the lines the range touches. */
export function formatRange(doc: PmtaDocument, r: Range, options: FormatOptions): TextEdit[] {
  return drain(editSteps(doc, ...rangeLines(doc, r), options));
}

/**
 * formatDocument (or formatRange, given a range) with a pause every `sliceMs`: an unformatted
 * 100k-line file took ~100 ms in one block. Undefined when the document changed during a pause
 * (the edits would be for a text that is gone) or `stop()` said so.
 */
export function formatInSlices(doc: PmtaDocument, options: FormatOptions, slices: Slices, r?: Range): Promise<TextEdit[] | undefined> {
  const revision = doc.revision;
  const [from, to] = r ? rangeLines(doc, r) : [0, doc.lineCount - 1];
  return drainInSlices(editSteps(doc, from, to, options), slices.sliceMs, slices.pause, () => doc.revision === revision && !slices.stop?.());
}
