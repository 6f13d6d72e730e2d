import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Range } from 'vscode-languageserver-types';
import type { Analysis } from '../../server/src/analysis/analyzer';
import { codeActions } from '../../server/src/features/codeActions';
import { completion } from '../../server/src/features/completion';
import { definition } from '../../server/src/features/definition';
import { foldingRanges } from '../../server/src/features/folding';
import { documentHighlight } from '../../server/src/features/highlight';
import { hover } from '../../server/src/features/hover';
import { documentLinks } from '../../server/src/features/links';
import { references } from '../../server/src/features/references';
import { RenameError, prepareRename } from '../../server/src/features/rename';
import { semanticTokensData } from '../../server/src/features/semanticTokens';
import { documentSymbols } from '../../server/src/features/symbols';
import { diagnosticsOf } from '../../server/src/lsp/diagnostics';
import { analyze } from '../helpers';

const DIR = join(__dirname, 'real');
const FILES = readdirSync(DIR).filter((f) => f !== 'SOURCES.tsv');
const URI = 'file:///etc/pmta/config';
const FORMAT = { indent: 4, useTabs: false, alignValues: false };

function inside(a: Analysis, r: Range): boolean {
  const ok = (p: { line: number; character: number }) => p.line >= 0 && p.line < a.doc.lineCount && p.character >= 0 && p.character <= a.doc.line(p.line).length;
  return ok(r.start) && ok(r.end);
}

/** Positions worth probing on a line: its start, its end and inside every word. */
function probes(text: string): number[] {
  const out = new Set([0, text.length]);
  for (const m of text.matchAll(/\S+/g)) out.add(m.index! + Math.min(1, m[0].length));
  return [...out];
}

/** Runs every position-based feature at every probe of every line; they must answer without throwing. */
function exercise(a: Analysis): void {
  for (let line = 0; line < a.doc.lineCount; line++) {
    const text = a.doc.line(line);
    // Completion where typing happens most: at the end of the line, and after the first word.
    const firstWordEnd = /^\s*\S*/.exec(text)![0].length;
    for (const character of new Set([...probes(text), firstWordEnd])) {
      const pos = { line, character };
      const items = character === text.length || character === firstWordEnd ? completion(a, pos, { snippetSupport: true, snippets: true, deferDocumentation: true }).items : [];
      for (const r of new Set(items.map((x) => (x.textEdit as { range: Range }).range))) assert.ok(inside(a, r), `completion range at ${line}:${character}`);
      const h = hover(a, pos);
      if (h?.range) assert.ok(inside(a, h.range));
      const refs = references(a, URI, pos, true);
      for (const l of [...definition(a, URI, pos), ...refs]) assert.ok(inside(a, l.range));
      for (const x of documentHighlight(a, pos)) assert.ok(inside(a, x.range));
      // Refusals are exceptions (costly): probe them once per line, and wherever there is a name.
      if (refs.length || character === 0) {
        try {
          assert.ok(inside(a, prepareRename(a, pos).range));
        } catch (e) {
          if (!(e instanceof RenameError)) throw e;
        }
      }
    }
  }
  codeActions(a, URI, diagnosticsOf(a, {}), { format: FORMAT });
  for (const s of documentSymbols(a)) assert.ok(inside(a, s.range) && inside(a, s.selectionRange));
  for (const f of foldingRanges(a)) assert.ok(f.startLine < f.endLine && f.endLine < a.doc.lineCount);
  for (const l of documentLinks(a, URI)) assert.ok(inside(a, l.range));
  assert.equal(semanticTokensData(a).length % 5, 0);
}

describe('editor features on the real corpus', () => {
  it('answer at every word of every file without throwing, with ranges inside the document', () => {
    for (const file of FILES) exercise(analyze(readFileSync(join(DIR, file), 'utf8')));
  });

  it('survive mangled text (stray brackets, quotes, slashes, commas, $ and =)', () => {
    const junk = ['<', '>', '</', '"', '/', '#', ',', '$', '=', ';', '{{', '\t', ' '];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const file of FILES.slice(0, 12)) {
      const lines = readFileSync(join(DIR, file), 'utf8').split('\n').slice(0, 150);
      for (let i = 0; i < lines.length; i++) {
        if (random(3) !== 0) continue;
        const at = random(lines[i].length + 1);
        lines[i] = lines[i].slice(0, at) + junk[random(junk.length)] + lines[i].slice(at);
      }
      exercise(analyze(lines.join('\n')));
    }
  });
});
