import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type FormatOptions, formatDocument, formatRange } from '../../server/src/features/formatting';
import { meaningTokens, model } from '../helpers';
import { applyEdits } from '../unit/features/edits';

const DIR = join(__dirname, 'real');
const FILES = readdirSync(DIR).filter((f) => f !== 'SOURCES.tsv');
const OPTIONS: FormatOptions[] = [
  { indent: 4, useTabs: false, alignValues: false },
  { indent: 2, useTabs: false, alignValues: true },
  { indent: 4, useTabs: true, alignValues: false },
];


/** The text of a file with `\n` line ends (edits address lines, whatever the ends were). */
function read(file: string): string {
  return readFileSync(join(DIR, file), 'utf8').replace(/\r\n?/g, '\n');
}

describe('formatter on the real corpus', () => {
  it('covers the 32 files', () => assert.equal(FILES.length, 32));

  for (const options of OPTIONS) {
    const label = `${options.useTabs ? 'tabs' : options.indent + ' spaces'}${options.alignValues ? ', aligned' : ''}`;
    it(`never changes names, values or comments, and is idempotent (${label})`, () => {
      let changed = 0;
      for (const file of FILES) {
        const text = read(file);
        const before = model(text);
        const edits = formatDocument(before, options);
        changed += edits.length;
        const once = applyEdits(text, edits);
        const after = model(once);
        assert.equal(after.lineCount, before.lineCount, file);
        const a = meaningTokens(before);
        const b = meaningTokens(after);
        for (let i = 0; i < a.length; i++) assert.equal(b[i], a[i], `${file}:${i + 1}`);
        assert.deepEqual(formatDocument(after, options), [], `${file}: a second format changed something`);
      }
      assert.ok(changed > 0, 'the corpus has lines to format');
    });
  }

  it('formats the same by ranges as in one go', () => {
    const options = OPTIONS[1];
    for (const file of FILES) {
      const text = read(file);
      const doc = model(text);
      const whole = applyEdits(text, formatDocument(doc, options));
      const edits = [];
      for (let start = 0; start < doc.lineCount; start += 7) {
        edits.push(...formatRange(doc, { start: { line: start, character: 3 }, end: { line: start + 6, character: 1 } }, options));
      }
      assert.equal(applyEdits(text, edits), whole, file);
    }
  });
});
