// Property: on messy configurations (messyConfig.ts), every code action the server offers is an edit
// an editor accepts (ranges inside the text, none overlapping: VS Code refuses the whole edit
// otherwise), and every quick fix, applied alone, leaves fewer findings of the code it was offered for
// (a suppression comment takes its finding away; a foreign-syntax fix leaves fewer findings with
// that code and message).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { codeActions } from '../../server/src/features/codeActions';
import { diagnosticsOf } from '../../server/src/lsp/diagnostics';
import { analyze } from '../helpers';
import { applyAsEditor, editsOf } from '../unit/features/edits';
import { messyConfig } from './messyConfig';

const URI = 'file:///etc/pmta/config';
const FORMAT = { indent: 4, useTabs: false, alignValues: false };


describe('fuzz: code actions on messy configurations', () => {
  it('are edits an editor accepts, and each quick fix leaves fewer findings of its code', () => {
    let quickFixes = 0;
    let suppressions = 0;
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
            if (action.kind !== 'quickfix') continue;
            if (/pmta-lint:/.test(JSON.stringify(action.edit))) {
              // A suppression comment takes the finding it was offered for away: none of its code is
              // left where it stood (one line lower when a comment line was put in above it).
              const result = analyze(after);
              const line = d.range.start.line + result.doc.lineCount - before.doc.lineCount;
              const left = result.findings.filter((f) => f.code === d.code && f.line === line && f.start === d.range.start.character);
              assert.deepEqual(left.map((f) => f.message), [], `"${action.title}" left the finding (line ${d.range.start.line + 1}) in:\n${after}`);
              suppressions++;
              continue;
            }
            quickFixes++;
            // A line of an install script rewritten into the line it writes may have a foreign
            // syntax of its own (`echo "x;" >> f` gives `x;`): for foreign-syntax, fewer findings
            // with that code and message.
            const same = (a: typeof before) => (d.code === 'foreign-syntax' ? a.findings.filter((f) => f.code === d.code && f.message === d.message).length : count(a, d.code));
            assert.ok(same(analyze(after)) < same(before), `"${action.title}" left every ${d.code} finding (line ${d.range.start.line + 1}) in:\n${after}`);
          }
        }
      }),
      { numRuns: 1000, seed: 9 },
    );
    assert.ok(quickFixes > 500, `only ${quickFixes} quick fixes were tried`);
    assert.ok(suppressions > 1000, `only ${suppressions} suppressions were tried`);
  });
});
