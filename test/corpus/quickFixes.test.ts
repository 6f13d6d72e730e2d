// Every quick fix the server offers on the real corpus (suppression comments aside), applied on its
// own, leaves fewer findings of the code it was offered for: no fix that only moves its problem
// (as moving one of two `http-access` lines for the same range did) or leaves a dead copy.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codeActions } from '../../server/src/features/codeActions';
import { diagnosticsOf } from '../../server/src/lsp/diagnostics';
import { analyze } from '../helpers';
import { applyEdits, editsOf } from '../unit/features/edits';

const DIR = join(__dirname, 'real');
const FILES = readdirSync(DIR).filter((f) => f !== 'SOURCES.tsv');
const URI = 'file:///etc/pmta/config';
const FORMAT = { indent: 4, useTabs: false, alignValues: false };

describe('corpus: quick fixes', () => {
  it('each one, applied alone, leaves fewer findings of its code', () => {
    let applied = 0;
    const failures: string[] = [];
    for (const file of FILES) {
      const text = readFileSync(join(DIR, file), 'utf8');
      const before = analyze(text);
      const count = (a: typeof before, code: unknown) => a.findings.filter((f) => f.code === code).length;
      for (const d of diagnosticsOf(before, {})) {
        for (const action of codeActions(before, URI, [d], { format: FORMAT })) {
          if (!action.edit || action.kind !== 'quickfix' || /pmta-lint:/.test(JSON.stringify(action.edit))) continue;
          applied++;
          const after = analyze(applyEdits(text, editsOf(action.edit, URI)));
          if (count(after, d.code) >= count(before, d.code)) failures.push(`${file}:${d.range.start.line + 1} ${d.code}: "${action.title}"`);
        }
      }
    }
    assert.ok(applied > 100, `only ${applied} quick fixes on the corpus`);
    assert.deepEqual(failures, []);
  });
});
