// Property: on random valid configurations with random (meaning-free) whitespace, formatting is
// idempotent — format(format(x)) == format(x) — and keeps every token PowerMTA reads.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type FormatOptions, formatDocument } from '../../server/src/features/formatting';
import { meaningTokens, model } from '../helpers';
import { applyEdits } from '../unit/features/edits';
// @ts-expect-error plain JavaScript module shared with the benchmark
import { generateConfig } from '../../bench/generate.mjs';


const blanks = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 6 }).map((a) => a.join(''));

/** A valid configuration (a slice of a generated one) with random indentation and spacing between words. */
const config = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    lines: fc.integer({ min: 80, max: 400 }),
    indents: fc.array(blanks, { minLength: 400, maxLength: 400 }),
    gaps: fc.array(blanks.map((b) => ' ' + b), { minLength: 400, maxLength: 400 }),
  })
  .map(({ seed, lines, indents, gaps }) =>
    (generateConfig(Math.max(lines, 120), seed) as string)
      .split('\n')
      .map((l, i) => (l.trim() === '' ? indents[i % 400] : indents[i % 400] + l.trim().replace(/ (?=\S)/, gaps[i % 400])))
      .join('\n'),
  );

const options = fc.record({ indent: fc.constantFrom(0, 2, 4, 8), useTabs: fc.boolean(), alignValues: fc.boolean() }) as fc.Arbitrary<FormatOptions>;

describe('fuzz: formatter round trip', () => {
  it('format(format(x)) == format(x) and every token is kept, on random valid configurations', () => {
    let formatted = 0;
    fc.assert(
      fc.property(config, options, (text, opts) => {
        const before = model(text);
        const edits = formatDocument(before, opts);
        if (edits.length) formatted++;
        const once = applyEdits(text, edits);
        const after = model(once);
        assert.equal(after.lineCount, before.lineCount);
        assert.deepEqual(meaningTokens(after), meaningTokens(before));
        assert.deepEqual(formatDocument(after, opts), [], 'a second format changed something');
      }),
      { numRuns: 60 },
    );
    assert.ok(formatted > 0, 'the random spacing gave the formatter something to do');
  });
});
