// Renaming any defined name of a real file (virtual MTAs, pools, pattern lists, sources, macros…)
// to an unused one changes no finding count: every use moves with its definition, and nothing else
// is touched.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Analysis } from '../../server/src/analysis/analyzer';
import { RenameError, rename } from '../../server/src/features/rename';
import { analyze } from '../helpers';
import { applyEdits, editsOf } from '../unit/features/edits';

const DIR = join(__dirname, 'real');
const FILES = readdirSync(DIR).filter((f) => f !== 'SOURCES.tsv');
const URI = 'file:///etc/pmta/config';

function codeCounts(a: Analysis): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of a.findings) out[f.code] = (out[f.code] ?? 0) + 1;
  return out;
}

describe('corpus: rename', () => {
  it('of every defined name leaves the findings as they were', () => {
    let renamed = 0;
    const failures: string[] = [];
    for (const file of FILES) {
      const text = readFileSync(join(DIR, file), 'utf8');
      const before = analyze(text);
      const counts = codeCounts(before);
      const done = new Set<string>();
      for (const def of before.symbols.defs) {
        if (done.has(`${def.kind}:${def.name}`)) continue;
        done.add(`${def.kind}:${def.name}`);
        const newName = def.kind === 'macro' ? `renamed_${renamed}` : `renamed-${renamed}`;
        let edit;
        try {
          edit = rename(before, URI, { line: def.line, character: def.start }, newName);
        } catch (e) {
          if (e instanceof RenameError) continue;
          throw e;
        }
        renamed++;
        const after = codeCounts(analyze(applyEdits(text, editsOf(edit, URI))));
        try {
          assert.deepEqual(after, counts);
        } catch {
          failures.push(`${file}:${def.line + 1} ${def.kind} ${def.name}: ${JSON.stringify(counts)} -> ${JSON.stringify(after)}`);
        }
      }
    }
    assert.ok(renamed > 200, `only ${renamed} names renamed`);
    assert.deepEqual(failures, []);
  });
});
