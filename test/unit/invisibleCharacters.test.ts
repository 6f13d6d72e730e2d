// invisible-character: space-like, zero-width and bidirectional-control characters in names and
// values (pasted text), each with a quick fix; comments and a leading byte-order mark are left alone.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Finding } from '../../server/src/analysis/types';
import { cfg, codes, findings } from '../helpers';

type Edit = { line: number; start: number; end: number; newText: string };

/** Applies the quick fixes of `list` (one edit each, on distinct spans) to `text`. */
function applyFixes(text: string, list: readonly Finding[]): string {
  const lines = text.split('\n');
  const edits = list.map((f) => (f.data?.fix as { edits: Edit[] }).edits[0]).sort((a, b) => b.line - a.line || b.start - a.start);
  for (const e of edits) lines[e.line] = lines[e.line].slice(0, e.start) + e.newText + lines[e.line].slice(e.end);
  return lines.join('\n');
}

describe('invisible-character', () => {
  it('a no-break space between a directive and its value: one word to PowerMTA; the fix types a plain space', () => {
    const text = cfg('<domain example.com>', '  max-smtp-out\u00a010', '</domain>');
    const [f, ...rest] = findings(text, 'invisible-character');
    assert.equal(rest.length, 0);
    assert.deepEqual([f.line, f.start, f.end], [1, 14, 15]);
    assert.match(f.message, /^U\+00A0 \(no-break space\) looks like a space, but PowerMTA splits words only at plain spaces and tabs: it reads `max-smtp-out 10` as one word\./);
    const fixed = applyFixes(text, [f]);
    assert.equal(fixed, cfg('<domain example.com>', '  max-smtp-out 10', '</domain>'));
    assert.deepEqual(codes(fixed), []);
  });

  it('indentation of no-break spaces: one finding for the run, read as part of the name', () => {
    const [f] = findings(cfg('<domain example.com>', '\u00a0\u00a0max-smtp-out 10', '</domain>'), 'invisible-character');
    assert.deepEqual([f.line, f.start, f.end], [1, 0, 2]);
    assert.match(f.message, /^U\+00A0 \(no-break space\) ×2 looks like a space, .*it reads it as part of `max-smtp-out`\./);
  });

  it('a zero-width space in a domain, a soft hyphen in a name, a right-to-left override: the fix deletes each', () => {
    const text = cfg('<domain gmail.com\u200b>', '  max-smtp\u00adout 10', '  smtp-pattern-list a\u202eb', '</domain>', '<smtp-pattern-list ab>', '</smtp-pattern-list>');
    const list = findings(text, 'invisible-character');
    assert.deepEqual(list.map((f) => [f.line, f.start]), [[0, 17], [1, 10], [2, 21]]);
    assert.match(list[0].message, /^An invisible character, U\+200B \(zero-width space\), sits in `gmail\.com`: PowerMTA reads it as part of the text/);
    assert.match(list[1].message, /U\+00AD \(soft hyphen\), sits in `max-smtpout`/);
    assert.match(list[2].message, /^A bidirectional-text control, U\+202E \(right-to-left override\), sits in `ab`: it changes the order/);
    const fixed = applyFixes(text, list);
    assert.equal(fixed, cfg('<domain gmail.com>', '  max-smtpout 10', '  smtp-pattern-list ab', '</domain>', '<smtp-pattern-list ab>', '</smtp-pattern-list>'));
    assert.deepEqual(codes(fixed, 'invisible-character'), []);
  });

  it('leaves comments and a byte-order mark opening the file alone, but not one further on', () => {
    assert.deepEqual(codes(cfg('\ufeff# a comment\u200b with\u00a0oddities', '<domain example.com> # \u202e', '  max-smtp-out 5', '</domain>')), []);
    assert.deepEqual(codes(cfg('<domain example.com>', '  max-smtp-out 5\ufeff', '</domain>'), 'invisible-character'), ['2:invisible-character']);
  });

  it('a hostile line of 50,000 of them: ten findings, the last counting the rest, in linear time', () => {
    const t = performance.now();
    const list = findings('max-smtp-out ' + 'x\u00a0'.repeat(50_000) + '\n', 'invisible-character');
    // Each finding once named the whole line as its word: quadratic, over a minute.
    assert.ok(performance.now() - t < 3000, `${performance.now() - t} ms`);
    assert.equal(list.length, 10);
    assert.match(list[9].message, /it reads `(x ){20,}x…` as one word\. Type a plain space instead\. This line has 49990 more such places, not listed one by one\.$/);
  });

  it('any suspect character put anywhere in a directive is found where it was put', () => {
    const suspects = ['\u00a0', '\u00ad', '\u061c', '\u2003', '\u200b', '\u200d', '\u200e', '\u202a', '\u202e', '\u202f', '\u2060', '\u2066', '\u2069', '\u3000', '\ufeff'];
    const line = '  max-msg-rate 100/h';
    fc.assert(
      fc.property(fc.constantFrom(...suspects), fc.integer({ min: 0, max: line.length }), (c, at) => {
        const text = cfg('<domain example.com>', line.slice(0, at) + c + line.slice(at), '</domain>');
        const list = findings(text, 'invisible-character');
        assert.equal(list.length, 1, JSON.stringify(text));
        assert.deepEqual([list[0].line, list[0].start, list[0].end], [1, at, at + 1]);
        assert.deepEqual(codes(applyFixes(text, list), 'invisible-character'), []);
      }),
      { numRuns: 200 },
    );
  });
});
