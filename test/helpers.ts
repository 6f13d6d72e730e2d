import { Analyzer, type Analysis } from '../server/src/analysis/analyzer';
import type { Finding } from '../server/src/analysis/types';
import { getCatalog } from '../server/src/catalog/catalog';
import { PmtaDocument } from '../server/src/syntax/document';

export const catalog = getCatalog();
export const regexArg = (name: string) => catalog.regexArgIndex(name);

export function model(text: string): PmtaDocument {
  return new PmtaDocument(text, regexArg);
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
