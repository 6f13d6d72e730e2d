// Property: on messy configurations (pieces of the real corpus and of every rule's examples, with
// lines repeated, deleted, upper-cased, glued to comments, indented with tabs, invisible characters
// pasted in, CRLF line ends and a byte-order mark), every code action the server offers is an edit
// an editor accepts (ranges inside the text, none overlapping: VS Code refuses the whole edit
// otherwise), and every quick fix, applied alone, leaves fewer findings of the code it was offered for.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { CODES } from '../../server/src/analysis/codes';
import { codeActions } from '../../server/src/features/codeActions';
import { diagnosticsOf } from '../../server/src/lsp/diagnostics';
import { analyze } from '../helpers';
import { editsOf } from '../unit/features/edits';

const URI = 'file:///etc/pmta/config';
const FORMAT = { indent: 4, useTabs: false, alignValues: false };
const CORPUS_DIR = join(__dirname, '..', 'corpus', 'real');
const CORPUS = readdirSync(CORPUS_DIR)
  .filter((f) => f !== 'SOURCES.tsv')
  .map((f) => readFileSync(join(CORPUS_DIR, f), 'utf8').split('\n'));
const EXAMPLES = Object.values(CODES).flatMap((c) => ('examples' in c && c.examples ? [c.examples.bad, c.examples.good] : []));

const lineIndex = fc.nat();
const messyConfig = fc
  .record({
    fromCorpus: fc.boolean(),
    piece: fc.nat(),
    start: fc.nat(),
    length: fc.integer({ min: 5, max: 60 }),
    example: fc.nat(),
    repeated: fc.array(lineIndex, { maxLength: 3 }),
    deleted: fc.array(lineIndex, { maxLength: 2 }),
    upperCased: fc.array(lineIndex, { maxLength: 3 }),
    glued: fc.array(lineIndex, { maxLength: 3 }),
    commented: fc.array(lineIndex, { maxLength: 3 }),
    pasted: fc.array(fc.tuple(lineIndex, fc.nat(), fc.constantFrom('\u00a0', '\u200b', '\u202e', '\t')), { maxLength: 2 }),
    tabs: fc.boolean(),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map((m) => {
    let lines: string[];
    if (m.fromCorpus) {
      const file = CORPUS[m.piece % CORPUS.length];
      const start = m.start % Math.max(1, file.length - 5);
      lines = file.slice(start, start + m.length);
    } else lines = EXAMPLES[m.piece % EXAMPLES.length].split('\n');
    lines.push(...EXAMPLES[m.example % EXAMPLES.length].split('\n'));
    const at = (k: number) => k % lines.length;
    for (const k of m.repeated) lines.splice(at(k), 0, lines[at(k)]);
    for (const k of m.deleted) if (lines.length > 2) lines.splice(at(k), 1);
    for (const k of m.upperCased) lines[at(k)] = lines[at(k)].toUpperCase();
    for (const k of m.glued) if (lines[at(k)].trim() && !lines[at(k)].includes('#')) lines[at(k)] += '#x';
    for (const k of m.commented) lines[at(k)] += '   # note';
    for (const [k, c, ch] of m.pasted) {
      const line = lines[at(k)];
      const col = c % (line.length + 1);
      lines[at(k)] = line.slice(0, col) + ch + line.slice(col);
    }
    if (m.tabs) lines = lines.map((l) => l.replace(/^ +/, '\t'));
    return (m.bom ? '\uFEFF' : '') + lines.join(m.crlf ? '\r\n' : '\n');
  });

/** Applies edits as an editor does: TextDocument.applyEdits throws on overlapping ranges. */
function applyAsEditor(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(URI, 'powermta', 1, text), edits);
}

describe('fuzz: code actions on messy configurations', () => {
  it('are edits an editor accepts, and each quick fix leaves fewer findings of its code', () => {
    let quickFixes = 0;
    fc.assert(
      fc.property(messyConfig, (text) => {
        const before = analyze(text);
        const count = (a: typeof before, code: unknown) => a.findings.filter((f) => f.code === code).length;
        const inside = (p: { line: number; character: number }) => p.line >= 0 && p.line < before.doc.lineCount && p.character >= 0 && p.character <= before.doc.line(p.line).length;
        for (const d of diagnosticsOf(before, {})) {
          for (const action of codeActions(before, URI, [d], { format: FORMAT })) {
            if (!action.edit) continue;
            const edits = editsOf(action.edit, URI);
            for (const e of edits) assert.ok(inside(e.range.start) && inside(e.range.end), `"${action.title}": edit outside the text: ${JSON.stringify(e)}`);
            let after: string;
            try {
              after = applyAsEditor(text, edits);
            } catch (e) {
              assert.fail(`"${action.title}" (${d.code}, line ${d.range.start.line + 1}): ${(e as Error).message}: ${JSON.stringify(edits)}`);
            }
            if (action.kind !== 'quickfix' || /pmta-lint:/.test(JSON.stringify(action.edit))) continue;
            quickFixes++;
            assert.ok(count(analyze(after), d.code) < count(before, d.code), `"${action.title}" left every ${d.code} finding (line ${d.range.start.line + 1}) in:\n${after}`);
          }
        }
      }),
      { numRuns: 1000, seed: 9 },
    );
    assert.ok(quickFixes > 500, `only ${quickFixes} quick fixes were tried`);
  });
});
