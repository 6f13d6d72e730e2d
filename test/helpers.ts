import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Analyzer, type Analysis } from '../server/src/analysis/analyzer';
import { defaultSeverity } from '../server/src/analysis/codes';
import type { Finding } from '../server/src/analysis/types';
import { getCatalog } from '../server/src/catalog/catalog';
import { buildStructure } from '../server/src/syntax/blocks';
import { PmtaDocument, type TextEdit } from '../server/src/syntax/document';

export const catalog = getCatalog();
export const regexArg = (name: string) => catalog.regexArgIndex(name);

export function model(text: string): PmtaDocument {
  return new PmtaDocument(text, regexArg);
}

/** Everything the model exposes (lines, scans, carried states, block tree), to compare an edited model with a fresh parse. */
export function modelSnapshot(doc: PmtaDocument) {
  const lines = [];
  for (let i = 0; i < doc.lineCount; i++) {
    const info = doc.info(i);
    const chain: string[] = [];
    for (let f = doc.stateAfter(i).frame; f; f = f.parent) chain.push(f.tag);
    lines.push([doc.line(i), info.kind, info.continued, info.name?.text, info.words.map((w) => w.text).join('|'), info.tag?.text, chain.join('<'), doc.stateAfter(i).cont]);
  }
  const s = buildStructure(doc);
  return { lines, blocks: s.blocks.map((b) => [b.tag, b.arg, b.openLine, b.closeLine, b.endLine, b.closedBy, b.lines.join(',')]), stray: s.strayCloses };
}

/** Lines as an editor's document or the model holds them. */
export interface Lines {
  readonly lineCount: number;
  line(i: number): string;
}

/** The lines of a text as LSP counts them: `\r\n`, `\r` and `\n` each end one. */
export function editorLines(text: string): Lines {
  const lines = text.split(/\r\n|\r|\n/);
  return { lineCount: lines.length, line: (i) => lines[i] };
}

/**
 * Where a random edit lands in lines as they stand: its start wrapped into the text, its end at most
 * `span` lines below and never before the start (the properties that edit at random share it).
 */
export function placeEdit(lines: Lines, e: { line: number; character: number; span: number; endCharacter: number }, text: string): TextEdit {
  const startLine = e.line % lines.lineCount;
  const endLine = Math.min(lines.lineCount - 1, startLine + e.span);
  const startCharacter = e.character % (lines.line(startLine).length + 1);
  let endCharacter = e.endCharacter % (lines.line(endLine).length + 1);
  if (endLine === startLine && endCharacter < startCharacter) endCharacter = startCharacter;
  return { startLine, startCharacter, endLine, endCharacter, text };
}

/** The same edit as an LSP content change. */
export function lspChange(e: TextEdit): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  return { range: { start: { line: e.startLine, character: e.startCharacter }, end: { line: e.endLine, character: e.endCharacter } }, text: e.text };
}

export function analyze(text: string): Analysis {
  return new Analyzer(catalog).analyze(model(text));
}

/** Findings of one code (or all), as `line:code` strings with 1-based lines, for compact asserts. */
export function codes(text: string, code?: string): string[] {
  return analyze(text)
    .findings.filter((f) => !code || f.code === code)
    .map((f) => `${f.line + 1}:${f.code}`);
}

export function findings(text: string, code?: string): Finding[] {
  return analyze(text).findings.filter((f) => !code || f.code === code);
}

/** Splits `text` with one `|` cursor marker into the text and a 0-based position. */
export function cursor(marked: string): { text: string; line: number; character: number } {
  const at = marked.indexOf('|');
  if (at < 0) throw new Error('no | cursor marker');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = marked.slice(0, at).split('\n');
  return { text, line: before.length - 1, character: before[before.length - 1].length };
}

/** Joins lines into a config text. */
export function cfg(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** Everything PowerMTA reads from each line — kind, name, values, tags, comment — for checks that a formatter changed no meaning. */
export function meaningTokens(doc: PmtaDocument): string[] {
  return doc.allInfos().map((i) =>
    JSON.stringify([
      i.kind,
      i.name?.text,
      i.words.map((w) => [w.text, !!w.quoted, !!w.regex]),
      i.tag?.text,
      i.tagArg?.text,
      i.nestedOpen?.text,
      i.comment ? i.text.slice(i.comment.start).replace(/[ \t]+$/, '') : undefined,
      i.trailingComma,
      i.continued,
    ]),
  );
}

/** Runs a table of rule cases: each config where the code must fire (with its 1-based line) and each where it must stay silent. */
type FixEdit = { line: number; start: number; endLine?: number; end: number; newText: string };

/** Applies a quick fix's edits (0-based, non-overlapping, original coordinates) to a text. */
export function applyFix(text: string, edits: readonly FixEdit[]): string {
  const lines = text.split('\n');
  const offset = (line: number, ch: number) => {
    let o = 0;
    for (let i = 0; i < line; i++) o += lines[i].length + 1;
    return o + ch;
  };
  const inside = (line: number, ch: number) => line >= 0 && line < lines.length && ch >= 0 && ch <= lines[line].length;
  for (const e of edits) assert.ok(inside(e.line, e.start) && inside(e.endLine ?? e.line, e.end), `edit outside the text: ${JSON.stringify(e)}`);
  const spans = edits.map((e) => ({ from: offset(e.line, e.start), to: offset(e.endLine ?? e.line, e.end), text: e.newText }));
  spans.sort((a, b) => b.from - a.from || b.to - a.to);
  // Editors refuse a workspace edit whose ranges overlap (VS Code: "overlapping ranges"), so the fix would do nothing.
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].to <= spans[i - 1].from, `overlapping edits: ${JSON.stringify(edits)}`);
  let out = text;
  for (const s of spans) out = out.slice(0, s.from) + s.text + out.slice(s.to);
  return out;
}

export const fixOf = (f: Finding) => f.data?.fix as { title: string; edits: FixEdit[] } | undefined;

/**
 * Every quick fix a finding of `code` carries in `text`, applied alone, leaves fewer findings of
 * that code and brings in no error-level finding of a code the text did not have.
 */
export function assertQuickFixesHelp(text: string, code: string): void {
  const before = findings(text, code);
  for (const f of before) {
    const fix = fixOf(f);
    if (!fix) continue;
    assert.ok(fix.title.length > 0);
    const after = applyFix(text, fix.edits);
    assert.notEqual(after, text);
    assert.ok(findings(after, code).length < before.length, `fix "${fix.title}" left ${JSON.stringify(codes(after, code))} in:\n${after}`);
    const newErrors = findings(after).filter((x) => (x.severity ?? defaultSeverity(x.code)) === 'error' && !findings(text, x.code).length);
    assert.deepEqual(newErrors.map((x) => x.code), [], `fix introduced errors:\n${after}`);
  }
}

export function describeRuleCases(table: Record<string, { fires: [string, number][]; silent: string[] }>): void {
  for (const [code, { fires, silent }] of Object.entries(table)) {
    describe(code, () => {
      fires.forEach(([text, line], i) => {
        it(`fires (${i + 1})`, () => {
          assert.ok(codes(text, code).includes(`${line}:${code}`), `expected ${code} on line ${line}, got ${JSON.stringify(codes(text))}`);
        });
        it(`its quick fixes (if any) make it go away (${i + 1})`, () => assertQuickFixesHelp(text, code));
      });
      silent.forEach((text, i) => {
        it(`stays silent (${i + 1})`, () => {
          assert.deepEqual(codes(text, code), []);
        });
      });
    });
  }
}
