// Property: on messy configurations (messyConfig.ts), every finding lies on the text, and every
// position-free answer of the editor features is one an editor takes as it is: outline symbols with a name and a selection range inside
// their range (VS Code rejects the whole outline otherwise), folding ranges that span lines, semantic
// tokens on the text, in order and apart, document links on the text; and at random positions,
// completion items whose edit ranges are one line that holds the cursor (VS Code drops the others),
// hover ranges that hold it and hover Markdown that renders text from the file as written, and formatting that keeps every token, is idempotent and gives edits
// that do not overlap.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { marked } from 'marked';
import type { DocumentSymbol, MarkupContent, Position, Range } from 'vscode-languageserver-types';
import type { Analysis } from '../../server/src/analysis/analyzer';
import { completion } from '../../server/src/features/completion';
import { foldingRanges } from '../../server/src/features/folding';
import { formatDocument, formatRange } from '../../server/src/features/formatting';
import { hover } from '../../server/src/features/hover';
import { documentLinks } from '../../server/src/features/links';
import { semanticTokensData } from '../../server/src/features/semanticTokens';
import { documentSymbols } from '../../server/src/features/symbols';
import { analyze, meaningTokens, model } from '../helpers';
import { applyAsEditor } from '../unit/features/edits';
import { messyConfig } from './messyConfig';

const URI = 'file:///etc/pmta/config';

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const within = (inner: Range, outer: Range) => before(outer.start, inner.start) && before(inner.end, outer.end);

function onText(a: Analysis, r: Range): boolean {
  const ok = (p: Position) => p.line >= 0 && p.line < a.doc.lineCount && p.character >= 0 && p.character <= a.doc.line(p.line).length;
  return ok(r.start) && ok(r.end) && before(r.start, r.end);
}

function checkSymbols(a: Analysis, symbols: DocumentSymbol[]): void {
  for (const s of symbols) {
    assert.ok(s.name.length > 0, `an outline symbol without a name: ${JSON.stringify(s)}`);
    assert.ok(onText(a, s.range) && within(s.selectionRange, s.range), `selection range outside the range: ${JSON.stringify(s)}`);
    checkSymbols(a, s.children ?? []);
  }
}

function checkTokens(a: Analysis): void {
  const data = semanticTokensData(a);
  let line = 0;
  let char = 0;
  let lastEnd = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, length] = [data[i], data[i + 1], data[i + 2]];
    assert.ok(dl >= 0 && length > 0, `token ${i / 5}: ${data.slice(i, i + 5)}`);
    if (dl > 0) {
      line += dl;
      char = dc;
      lastEnd = 0;
    } else char += dc;
    assert.ok(char >= lastEnd, `token ${i / 5} on line ${line + 1} overlaps the one before it`);
    assert.ok(line < a.doc.lineCount && char + length <= a.doc.line(line).length, `token ${i / 5} (line ${line + 1}, ${char}+${length}) runs off its line`);
    lastEnd = char + length;
  }
}

/**
 * Hover Markdown as VS Code renders it (with marked): text from the file shows as written, so the
 * only HTML is what the server's own layout makes (no link, no tag from the file).
 */
const LAYOUT_TAGS = new Set(['p', 'strong', 'em', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br', 'ul', 'ol', 'li']);
function checkMarkdown(markdown: string): void {
  const html = marked.parse(markdown, { async: false });
  for (const m of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) assert.ok(LAYOUT_TAGS.has(m[1]), `<${m[1]}> in the rendered hover:\n${markdown}\n---\n${html}`);
}

const FORMAT = { indent: 4, useTabs: false, alignValues: true };

describe('fuzz: editor features on messy configurations', () => {
  it('answer in the shapes editors take', () => {
    fc.assert(
      fc.property(messyConfig, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }), (text, probes) => {
        const a = analyze(text);
        for (const f of a.findings) {
          const r = { start: { line: f.line, character: f.start }, end: { line: f.endLine ?? f.line, character: f.end } };
          assert.ok(onText(a, r), `${f.code} at ${JSON.stringify(r)} is not on the text`);
        }
        checkSymbols(a, documentSymbols(a));
        for (const f of foldingRanges(a)) assert.ok(f.startLine < f.endLine && f.endLine < a.doc.lineCount, JSON.stringify(f));
        checkTokens(a);
        for (const l of documentLinks(a, URI)) assert.ok(onText(a, l.range), JSON.stringify(l));
        for (const [l, c] of probes) {
          const line = l % a.doc.lineCount;
          const position = { line, character: c % (a.doc.line(line).length + 1) };
          for (const item of completion(a, position, { snippetSupport: true, snippets: true }).items) {
            const r = (item.textEdit as { range: Range }).range;
            assert.ok(r.start.line === r.end.line && r.start.line === line && r.start.character <= position.character && position.character <= r.end.character, `completion "${item.label}" at ${line + 1}:${position.character} replaces ${JSON.stringify(r)}`);
          }
          const h = hover(a, position);
          if (h?.range) assert.ok(onText(a, h.range) && within({ start: position, end: position }, h.range), `hover range ${JSON.stringify(h.range)} at ${JSON.stringify(position)}`);
          if (h) checkMarkdown((h.contents as MarkupContent).value);
        }
        const edits = formatDocument(a.doc, FORMAT);
        const once = applyAsEditor(text, edits);
        const formatted = model(once);
        assert.deepEqual(meaningTokens(formatted), meaningTokens(a.doc));
        assert.deepEqual(formatDocument(formatted, FORMAT), [], 'a second format changed something');
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('fuzz: range formatting on messy configurations', () => {
  it('changes only the lines the range touches, keeps every token and is idempotent there', () => {
    fc.assert(
      fc.property(messyConfig, fc.nat(), fc.nat(), fc.nat(), (text, a0, a1, c) => {
        const doc = model(text);
        const last = doc.lineCount - 1;
        const [from, to] = [a0 % (last + 1), a1 % (last + 1)].sort((x, y) => x - y);
        // A range ending at column 0 of a later line stops on the line before (as editors select whole lines).
        const endCharacter = c % 2 === 0 && to > from ? 0 : doc.line(to).length;
        const range = { start: { line: from, character: c % (doc.line(from).length + 1) }, end: { line: to, character: endCharacter } };
        const lastTouched = endCharacter === 0 && to > from ? to - 1 : to;
        const edits = formatRange(doc, range, FORMAT);
        for (const e of edits) assert.ok(e.range.start.line >= from && e.range.end.line <= lastTouched + 1 && (e.range.end.line <= lastTouched || e.range.end.character === 0), `edit ${JSON.stringify(e)} outside lines ${from + 1}-${lastTouched + 1}`);
        const formatted = model(applyAsEditor(text, edits));
        assert.equal(formatted.lineCount, doc.lineCount, 'range formatting changed the line count');
        for (let l = 0; l < doc.lineCount; l++) if (l < from || l > lastTouched) assert.equal(formatted.line(l), doc.line(l), `line ${l + 1} outside the range changed`);
        assert.deepEqual(meaningTokens(formatted), meaningTokens(doc));
        assert.deepEqual(formatRange(formatted, range, FORMAT), [], 'formatting the range again changed something');
      }),
      { numRuns: 300, seed: 6 },
    );
  });
});
