// Completion offers only what PowerMTA reads: on the real corpus, every value offered for a directive
// (its value cleared, the cursor after its name) and every directive name offered on a line of a
// block (that line emptied), applied as the editor applies it (a snippet with its first choice or
// placeholder), leaves the line without a new finding that says the text is wrong: an invalid value
// or regex, an unknown or misplaced directive, or a name in the wrong case. (Findings that judge a
// valid choice, such as `log-data yes` logging personal data, may come.)
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CompletionItem, Range } from 'vscode-languageserver-types';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { completion } from '../../server/src/features/completion';
import { PmtaDocument } from '../../server/src/syntax/document';
import { LineKind } from '../../server/src/syntax/scanner';
import { catalog, regexArg } from '../helpers';

const DIR = join(__dirname, 'real');
const FILES = readdirSync(DIR).filter((f) => f !== 'SOURCES.tsv');
const WRONG_TEXT = new Set(['invalid-value', 'invalid-regex', 'unknown-directive', 'misplaced-directive', 'non-canonical-case']);

/** The text an editor puts in for an item: a snippet's first choice or placeholder, tab stops empty. */
function inserted(item: CompletionItem): string {
  const text = (item.textEdit as { newText: string }).newText;
  if (item.insertTextFormat !== 2) return text;
  return text
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([\\$}|,])/g, '$1');
}

describe('corpus: completion', () => {
  it('offers values and directive names that, put in, leave their line valid', () => {
    let tried = 0;
    const failures: string[] = [];
    for (const file of FILES) {
      const doc = new PmtaDocument(readFileSync(join(DIR, file), 'utf8'), regexArg);
      const analyzer = new Analyzer(catalog);
      let analysis = analyzer.analyze(doc);
      const put = (line: number, text: string) => {
        doc.applyEdit({ startLine: line, startCharacter: 0, endLine: line, endCharacter: doc.line(line).length, text });
        analysis = analyzer.analyze(doc);
      };
      const wrong = (line: number, had: Set<string>) => analysis.findings.filter((f) => f.line === line && WRONG_TEXT.has(f.code) && !had.has(f.code)).map((f) => f.code);
      // One line per directive and block: the same question again teaches nothing.
      const asked = new Set<string>();
      for (let line = 0; line < doc.lineCount; line++) {
        const info = doc.info(line);
        if (info.kind !== LineKind.Directive || !info.name || info.trailingComma || !catalog.directive(info.name.text)) continue;
        const scope = doc.stateBefore(line).frame?.tag ?? 'global';
        const key = `${scope} ${info.name.text}`;
        if (asked.has(key)) continue;
        asked.add(key);
        const had = new Set(analysis.findings.filter((f) => f.line === line).map((f) => f.code));
        if (had.has('misplaced-directive')) continue;
        const original = doc.line(line);
        for (const [prefix, what] of [
          [original.slice(0, info.name.end) + ' ', 'value'],
          [original.slice(0, info.indent), 'name'],
        ] as const) {
          if (what === 'name') {
            if (asked.has(`${scope} (names)`)) continue;
            asked.add(`${scope} (names)`);
          }
          put(line, prefix);
          for (const item of completion(analysis, { line, character: prefix.length }, { snippetSupport: true, snippets: false }).items) {
            const edit = item.textEdit as { range: Range; newText: string };
            if (edit.newText.includes('\n')) continue;
            const text = doc.line(line);
            const next = text.slice(0, edit.range.start.character) + inserted(item) + text.slice(edit.range.end.character);
            put(line, next);
            tried++;
            const codes = wrong(line, had);
            if (codes.length) failures.push(`${file}:${line + 1} ${what} \`${next.trim()}\`: ${codes.join(', ')}`);
            put(line, prefix);
          }
        }
        put(line, original);
      }
    }
    assert.ok(tried > 2000, `only ${tried} completions tried`);
    assert.deepEqual(failures, []);
  });
});
