import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LineKind, conflictMarkerKind, scanLine } from '../../server/src/syntax/scanner';
import { regexArg } from '../helpers';

const scan = (text: string, continued = false) => scanLine(text, continued, regexArg);

describe('scanner', () => {
  it('splits a directive into name and words', () => {
    const l = scan('  smtp-source-host 203.0.113.10 mta1.example.com');
    assert.equal(l.kind, LineKind.Directive);
    assert.equal(l.name?.text, 'smtp-source-host');
    assert.deepEqual(l.words.map((w) => w.text), ['203.0.113.10', 'mta1.example.com']);
    assert.equal(l.indent, 2);
  });

  it('treats # as a comment wherever it stands, and notices one glued to a value', () => {
    const trailing = scan('max-smtp-out 20  # per domain');
    assert.deepEqual(trailing.words.map((w) => w.text), ['20']);
    assert.equal(trailing.commentGlued, false);
    const glued = scan('password abc#def');
    assert.deepEqual(glued.words.map((w) => w.text), ['abc']);
    assert.equal(glued.commentGlued, true);
    assert.equal(scan('   # only a comment').kind, LineKind.Comment);
  });

  it('scans open and close tags with arguments and trailing comments', () => {
    const open = scan('<domain [*.]example.com> # big provider');
    assert.equal(open.kind, LineKind.Open);
    assert.equal(open.tag?.text, 'domain');
    assert.equal(open.tagArg?.text, '[*.]example.com');
    assert.equal(open.tagTrailing, undefined);
    const close = scan('</domain-key-list keylist-one>');
    assert.equal(close.kind, LineKind.Close);
    assert.equal(close.tag?.text, 'domain-key-list');
    assert.equal(scan('<virtual-mta vmta1').tagUnterminated, true);
    assert.ok(scan('<source 0/0> always-allow-relaying yes').tagTrailing);
  });

  it('keeps spaces inside a /regex/ argument and inside quotes', () => {
    const r = scan('reply /generating high volumes of.* complaints/ mode=backoff');
    assert.deepEqual(r.words.map((w) => w.text), ['/generating high volumes of.* complaints/', 'mode=backoff']);
    assert.equal(r.words[0].regex, true);
    const h = scan('header x-campaign /^\\s*promo code/ virtual-mta=promo');
    assert.equal(h.words[1].text, '/^\\s*promo code/');
    const q = scan('custom-dsn-from-header "Mail Delivery <postmaster@example.com>"');
    assert.deepEqual(q.words.map((w) => w.text), ['"Mail Delivery <postmaster@example.com>"']);
  });

  it('does not treat a path as a regex', () => {
    const l = scan('log-file /var/log/pmta/log');
    assert.deepEqual(l.words.map((w) => w.text), ['/var/log/pmta/log']);
    assert.equal(l.words[0].regex, undefined);
  });

  it('marks a regex without its closing slash', () => {
    const l = scan('reply /too many connections mode=backoff');
    assert.equal(l.words[0].unterminated, true);
  });

  it('scans pattern lines of <bounce-category-patterns> with the regex as the name', () => {
    const l = scan('  /mailbox +(is +)?full/ quota-issues');
    assert.equal(l.name?.regex, true);
    assert.equal(l.name?.text, '/mailbox +(is +)?full/');
    assert.deepEqual(l.words.map((w) => w.text), ['quota-issues']);
  });

  it('recognises a nested <pattern-list> opened at the end of a rule', () => {
    const l = scan('mail-from /newsletter/ <pattern-list>');
    assert.equal(l.nestedOpen?.text, 'pattern-list');
    assert.deepEqual(l.words.map((w) => w.text), ['/newsletter/']);
  });

  it('opens a nested list only for `<pattern-list>` itself: another tag at the end of a line is a value', () => {
    assert.equal(scan('mail-from /x/ <PATTERN-LIST>').nestedOpen?.text, 'PATTERN-LIST');
    // A close tag after a no-break space (pasted indentation) reads as a directive line ending in `</domain>`.
    for (const line of ['\u00a0 </domain>', 'mail-from /x/ <domain>', 'mail-from /x/ </pattern-list>', 'mail-from /x/ <pattern-list', 'mail-from /x/ <>']) {
      const l = scan(line);
      assert.equal(l.nestedOpen, undefined, line);
      assert.equal(l.tag, undefined, line);
      assert.equal(l.words[l.words.length - 1].text, line.split(' ').pop(), line);
    }
  });

  it('flags a trailing comma as a list that continues, and scans continuation lines as values', () => {
    assert.equal(scan('domain-macro TopLevel co.il, co.jp, com,').trailingComma, true);
    const c = scan('co.th, co.uk, de', true);
    assert.equal(c.kind, LineKind.Continuation);
    assert.deepEqual(c.words.map((w) => w.text), ['co.th,', 'co.uk,', 'de']);
    assert.equal(scan('<domain x>', true).kind, LineKind.Open);
  });

  it('recognises template-engine lines and blank lines with a BOM or CR', () => {
    assert.equal(scan('{{#each ips}}').kind, LineKind.Template);
    assert.equal(scan('\uFEFF').kind, LineKind.Blank);
    assert.equal(scan('\uFEFFpostmaster a@b.c').name?.text, 'postmaster');
    assert.equal(scan('log-file /x\r').words[0].text, '/x');
  });

  it('recognises the markers Git leaves where a merge conflicted, at the start of a line only', () => {
    for (const line of ['<<<<<<< HEAD', '||||||| merged common ancestors', '=======', '>>>>>>> feature/new-ip', '>>>>>>>\tabc', '=======\r', '\uFEFF<<<<<<< HEAD', '<<<<<<<<< inner']) {
      const info = scan(line, true);
      assert.equal(info.kind, LineKind.ConflictMarker, JSON.stringify(line));
      assert.equal(conflictMarkerKind(info), line.replace(/^\uFEFF/, '')[0]);
      assert.equal(info.trailingComma, false);
    }
    // The whole line is the marker: a `#` in the label starts no comment.
    const labelled = scan('>>>>>>> abc123 (Merge #42)');
    assert.equal(labelled.comment, undefined);
    assert.equal(labelled.contentEnd, 26);
    // Six characters, other characters after the run, or an indentation: not Git's markers.
    assert.equal(scan('<<<<<< HEAD').kind, LineKind.Open);
    assert.equal(scan('<<<<<<<HEAD').kind, LineKind.Open);
    assert.equal(scan('=======x').kind, LineKind.Directive);
    assert.equal(scan('  =======').kind, LineKind.Directive);
    assert.equal(scan('\u00a0=======').kind, LineKind.Directive);
    assert.equal(scan('# =======').kind, LineKind.Comment);
  });
});
