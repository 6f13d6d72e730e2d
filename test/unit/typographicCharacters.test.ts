// typographic-character: curly quotes and long dashes in values, tag arguments and patterns (text
// copied from a document), one finding per word with a quick fix; names and comments left alone.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyFix, cfg, codes, findings, fixOf } from '../helpers';

const CODE = 'typographic-character';

describe('typographic-character', () => {
  it('one finding for a word quoted in curly quotes, whose fix writes plain quotes; the host name is still checked', () => {
    const text = cfg('<virtual-mta v>', '  smtp-source-host 198.51.100.10 \u201cmail.example.com\u201d', '</virtual-mta>');
    const [f, ...rest] = findings(text, CODE);
    assert.deepEqual(rest, []);
    assert.equal(f.start, 33);
    assert.equal(f.end, 51);
    assert.match(f.message, /^`“mail\.example\.com”` holds `“` \(U\+201C, left double quotation mark\) and `”` \(U\+201D, right double quotation mark\), which only look like `"`: PowerMTA reads them as part of the text, so nothing is quoted\. .* write `"mail\.example\.com"`\.$/);
    const fixed = applyFix(text, fixOf(f)!.edits);
    assert.equal(fixed, cfg('<virtual-mta v>', '  smtp-source-host 198.51.100.10 "mail.example.com"', '</virtual-mta>'));
    assert.deepEqual(findings(fixed, CODE), []);
    assert.ok(codes(text).some((c) => c.endsWith(':invalid-value')), 'the value is still wrong for its own check');
  });

  it('says of a pattern that it does not match what has the plain character (the real corpus has a reply rule copied with an en dash)', () => {
    const text = cfg('<smtp-pattern-list p>', '  reply /Excessive unknown recipients \u2013 possible Open Relay/ mode=backoff', '</smtp-pattern-list>');
    const [f] = findings(text, CODE);
    assert.match(f.message, /^The pattern `\/Excessive unknown recipients – possible Open Relay\/` holds `–` \(U\+2013, en dash\): SMTP replies .* where they have `-` this pattern does not match\. It was probably copied from a document; write `-`\.$/);
    assert.equal(fixOf(f)!.title, 'Replace with `-`');
    assert.equal(applyFix(text, fixOf(f)!.edits).split('\n')[1], '  reply /Excessive unknown recipients - possible Open Relay/ mode=backoff');
  });

  it('reads tag arguments, continued lists and the regex of a bounce pattern line; at most ten findings on a line, the last counting the rest', () => {
    assert.deepEqual(codes(cfg('<domain \u2018x.com\u2019>', '</domain>'), CODE), ['1:typographic-character']);
    assert.deepEqual(codes(cfg('domain-macro m a.com,', '    b\u2014c.com, d\u2212e.com'), CODE), ['2:typographic-character', '2:typographic-character']);
    assert.deepEqual(codes(cfg('<bounce-category-patterns>', '  /quota \u201cexceeded\u201d/ quota-issues', '</bounce-category-patterns>'), CODE), ['2:typographic-character']);
    const many = findings(`domain-macro m ${Array.from({ length: 25 }, (_, i) => `d\u2013${i}.com`).join(' ')}\n`, CODE);
    assert.equal(many.length, 10);
    assert.match(many[9].message, /This line has 15 more such words, not listed one by one\.$/);
  });

  it('says of a `\ufffd` that the file holds bytes that are not UTF-8 (a Windows code page), with no fix: the character meant is not known', () => {
    const text = cfg('<virtual-mta v>', '  smtp-source-host 198.51.100.10 \ufffdmail.example.com\ufffd', '</virtual-mta>');
    const [f, ...rest] = findings(text, CODE);
    assert.deepEqual(rest, []);
    assert.match(f.message, /^`\ufffdmail\.example\.com\ufffd` holds `\ufffd` \(U\+FFFD\), which stands for bytes of the file that are not UTF-8: .* the value is not the one shown\. .*save it as UTF-8\.$/);
    assert.equal(fixOf(f), undefined);
    assert.match(findings(cfg('<smtp-pattern-list p>', 'reply /recipients \ufffd possible/ mode=backoff', '</smtp-pattern-list>'), CODE)[0].message, /so the pattern is not the one shown/);
    // In a comment, such bytes are PowerMTA's to skip.
    assert.deepEqual(codes(cfg('# Caf\ufffd configuration', 'postmaster a@b.com'), CODE), []);
  });

  it('leaves text in straight quotes and the values that are text of their own (passwords, templates) alone', () => {
    assert.deepEqual(codes(cfg('dsn-failed-subject-template "Delivery failed \u2014 %s"'), CODE), []);
    assert.deepEqual(codes(cfg('<smtp-user u>', '  password Sp\u2019cial\u2013pass', '</smtp-user>'), CODE), []);
    assert.deepEqual(codes(cfg('<domain x.com>', '  smtp-hosts "a\u2013b.example.com"', '</domain>'), CODE), []);
  });

  it('leaves comments and directive and tag names alone (the name checks say which was meant)', () => {
    assert.deepEqual(codes(cfg('# Gmail \u2014 \u201cconservative\u201d', '<domain gmail.com>', '  max-smtp-out 5 # \u2018see\u2019 the wiki \u2013 ops', '</domain>'), CODE), []);
    const named = cfg('<domain x.com>', '  max\u2013smtp\u2013out 5', '</domain>');
    assert.deepEqual(codes(named, CODE), []);
    assert.ok(codes(named).includes('2:unknown-directive'));
  });
});
