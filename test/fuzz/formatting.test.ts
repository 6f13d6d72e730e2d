// Property: on random valid configurations with random (meaning-free) whitespace, formatting is
// idempotent — format(format(x)) == format(x) — and keeps every token PowerMTA reads.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type FormatOptions, formatDocument, formatRange } from '../../server/src/features/formatting';
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

/** Lines PowerMTA may or may not accept: broken tags, quotes, regexes, comments, comma lists, stray brackets. */
const fragment = fc.constantFrom(
  '<domain x.com>', '</domain>', '<virtual-mta v1>', '</virtual-mta>', '<pattern-list p>', '</pattern-list>', '<source 10.0.0.0/8>',
  '</source>', '<domain', '</>', '<>', '<<domain a>>', '</domain extra>', '< domain spaced >', 'max-smtp-out 5', 'max-smtp-out',
  'smtp-source-host 10.0.0.1 a.example.com', 'mail-from /a b/ virtual-mta=v1', 'reply /^5\\d\\d "quoted # not a comment"/ mode=backoff',
  'postmaster "a b"@x', 'x "unterminated', 'domain-macro m a.com,', 'b.com,', 'c.com', ',', '# a comment', '#', 'key value # trailing comment',
  'key "value # inside quotes" # outside', 'virtual-mta v1 # c', 'max-smtp-out 5#glued', '</domain>#glued', 'postmaster "a  b"@x', '>', '"', '/', '\\', '$macro', 'a=b', '=', 'key\tvalue', '',
);
const messyLine = fc.tuple(blanks, fragment, blanks, fc.constantFrom('', '', '\r')).map(([a, f, b, cr]) => a + f + b + cr);
const messy = fc.array(messyLine, { minLength: 1, maxLength: 60 }).map((lines) => lines.join('\n'));

/** Every line's non-blank characters in order: what no formatting may add, drop or reorder. */
function ink(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\s+/g, ''));
}

describe('fuzz: formatter on broken input', () => {
  it('keeps every character that is not spacing, every token and every comment, and is idempotent, on random broken configurations', () => {
    fc.assert(
      fc.property(messy, options, (text, opts) => {
        const before = model(text);
        const once = applyEdits(text, formatDocument(before, opts));
        const after = model(once);
        assert.equal(after.lineCount, before.lineCount);
        assert.deepEqual(ink(once), ink(text));
        assert.deepEqual(meaningTokens(after), meaningTokens(before));
        const glued = (d: typeof before) => d.allInfos().map((i) => !!i.commentGlued);
        assert.deepEqual(glued(after), glued(before), 'a comment glued to its line came apart, or the other way');
        assert.deepEqual(formatDocument(after, opts), [], 'a second format changed something');
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('joins runs of changed lines into one edit only where every line break is \\n, with the same result as an edit per line', () => {
    fc.assert(
      fc.property(messy, options, (messyText, opts) => {
        const text = messyText.replace(/\r/g, '');
        const joined = formatDocument(model(text), opts);
        // The same lines with \r\n breaks: one edit per line, none spanning a line break.
        const perLine = formatDocument(model(text.replace(/\n/g, '\r\n')), opts);
        assert.ok(perLine.every((e) => e.range.start.line === e.range.end.line));
        assert.equal(applyEdits(text, joined), applyEdits(text, perLine));
        assert.ok(joined.length <= perLine.length);
        const lines = joined.map((e) => [e.range.start.line, e.range.end.line]);
        assert.ok(lines.every((_, k) => k === 0 || lines[k - 1][1] + 1 < lines[k][0]), 'two edits on neighbouring lines were not joined');
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('formats broken configurations by any split into ranges the same as in one go', () => {
    fc.assert(
      fc.property(messy, options, fc.integer({ min: 1, max: 9 }), (text, opts, step) => {
        const doc = model(text);
        const whole = applyEdits(text, formatDocument(doc, opts));
        const edits = [];
        for (let start = 0; start < doc.lineCount; start += step) {
          edits.push(...formatRange(doc, { start: { line: start, character: 1 }, end: { line: Math.min(start + step - 1, doc.lineCount - 1), character: 2 } }, opts));
        }
        assert.equal(applyEdits(text, edits), whole);
      }),
      { numRuns: 200, seed: 12 },
    );
  });
});
