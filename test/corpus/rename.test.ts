// Renaming any defined name of a real file (virtual MTAs, pools, pattern lists, sources, macros…)
// to an unused one changes no finding count: every use moves with its definition, and nothing else
// is touched.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { analyze } from '../helpers';
import { codeCounts, renameEach } from '../renameEach';

const DIR = join(__dirname, 'real');
const FILES = readdirSync(DIR).filter((f) => f !== 'SOURCES.tsv');

describe('corpus: rename', () => {
  it('of every defined name leaves the findings as they were', () => {
    let renamed = 0;
    const failures: string[] = [];
    for (const file of FILES) {
      const text = readFileSync(join(DIR, file), 'utf8');
      const before = analyze(text);
      const counts = codeCounts(before);
      renamed += renameEach(text, before, renamed, (def, _newName, after) => {
        const now = codeCounts(analyze(after));
        if (!isDeepStrictEqual(now, counts)) failures.push(`${file}:${def.line + 1} ${def.kind} ${def.name}: ${JSON.stringify(counts)} -> ${JSON.stringify(now)}`);
      });
    }
    assert.ok(renamed > 200, `only ${renamed} names renamed`);
    assert.deepEqual(failures, []);
  });
});
