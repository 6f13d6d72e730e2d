import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildStructure } from '../../server/src/syntax/blocks';
import { PmtaDocument, type TextEdit } from '../../server/src/syntax/document';
// @ts-expect-error plain JavaScript module (the benchmark's deterministic generator)
import { generateConfig, occurrences, rng } from '../../bench/generate.mjs';
import { catalog, modelSnapshot, regexArg } from '../helpers';
import { Analyzer } from '../../server/src/analysis/analyzer';

const SAMPLE = [
  '# sample',
  '<virtual-mta vmta1>',
  '  smtp-source-host 203.0.113.10 mta1.example.com',
  '  <domain gmail.com>',
  '    max-smtp-out 10',
  '  </domain>',
  '</virtual-mta>',
  'domain-macro tld com, net,',
  'org, io',
  '<pattern-list p>',
  '  mail-from /x/ <pattern-list>',
  '    * virtual-mta=vmta1',
  '  </pattern-list>',
  '</pattern-list>',
  '<domain *>',
  '  max-msg-rate 100/h',
  '</domain>',
].join('\n');

const FRAGMENTS = ['<domain x>', '</domain>', '<virtual-mta v>', '</virtual-mta>', '<source 0/0>', '</source>', 'max-smtp-out 5', 'a,', 'b, c,', '\n', '\n', '#', ' ', 'x', '>', '<', '/', 'reply /re', '/ mode=backoff', '\r\n', '</pattern-list>', 'mail-from /a/ <pattern-list>'];

describe('incremental document model', () => {
  it('builds the block structure and the state after each line', () => {
    const doc = new PmtaDocument(SAMPLE, regexArg);
    const s = buildStructure(doc);
    assert.deepEqual(
      s.blocks.map((b) => `${b.tag}:${b.openLine}-${b.closeLine}`),
      ['virtual-mta:1-6', 'domain:3-5', 'pattern-list:9-13', 'pattern-list:10-12', 'domain:14-16'],
    );
    assert.equal(doc.info(8).kind, 5 /* Continuation */);
    assert.equal(doc.stateBefore(4).frame?.tag, 'domain');
    assert.equal(doc.stateBefore(4).frame?.parent?.tag, 'virtual-mta');
  });

  it('scans a new text only as far as it is read, with the same result in any reading order', () => {
    const text = generateConfig(20_000);
    const doc = new PmtaDocument(text, regexArg);
    assert.equal(doc.fullyScanned, false, 'opening only splits the lines');
    doc.info(10);
    assert.ok(doc.lastRescanned > 0 && doc.lastRescanned <= 300, `reading line 11 scanned ${doc.lastRescanned} lines`);
    assert.equal(doc.fullyScanned, false);
    const backwards = new PmtaDocument(text, regexArg);
    for (let i = backwards.lineCount - 1; i >= 0; i -= 997) backwards.stateBefore(i);
    assert.ok(backwards.fullyScanned);
    assert.deepEqual(modelSnapshot(backwards), modelSnapshot(doc));
  });

  it('finishes the scan before an edit, a new text or new enclosing blocks', () => {
    const edited = new PmtaDocument(SAMPLE, regexArg);
    edited.applyEdit({ startLine: 14, startCharacter: 0, endLine: 14, endCharacter: 10, text: '<domain y>' });
    assert.deepEqual(modelSnapshot(edited), modelSnapshot(new PmtaDocument(SAMPLE.replace('<domain *>', '<domain y>'), regexArg)));
    const replaced = new PmtaDocument(SAMPLE, regexArg);
    replaced.info(16);
    replaced.setText('<domain z>\nmax-smtp-out 1\n</domain>');
    assert.equal(replaced.fullyScanned, false);
    assert.equal(replaced.stateBefore(1).frame?.tag, 'domain');
    const wrapped = new PmtaDocument('max-smtp-out 2\n', regexArg);
    wrapped.info(0);
    wrapped.setEnclosingTags(['domain']);
    assert.equal(wrapped.stateBefore(0).frame?.tag, 'domain');
    assert.equal(wrapped.stateAfter(0).frame?.tag, 'domain');
  });

  it('leaves a block the file is included in open at a close tag of its own that closes no block of the file', () => {
    // The block tree reports such a line as closing nothing (`unexpected-close`); the states agree.
    const doc = new PmtaDocument('max-smtp-out 2\n</domain>\n<domain b.com>\nmax-smtp-out 3\n</domain>\n', regexArg, ['domain']);
    assert.equal(doc.stateAfter(1).frame?.tag, 'domain');
    assert.equal(doc.stateAfter(1).frame?.depth, 1);
    assert.equal(doc.stateBefore(3).frame?.depth, 2);
    assert.equal(doc.stateAfter(4).frame?.depth, 1);
    assert.deepEqual(buildStructure(doc).strayCloses, [1]);
    const inPool = new PmtaDocument('<domain a.com>\n</virtual-mta>\nmax-smtp-out 3\n</domain>\n', regexArg, ['virtual-mta']);
    assert.equal(inPool.stateBefore(2).frame?.tag, 'domain', 'a close of the enclosing block does not close the file\'s own blocks either');
    assert.equal(inPool.stateAfter(3).frame?.tag, 'virtual-mta');
  });

  it('an analysis after an edit equals a fresh one in a file included in a block, with a close tag of that block in the file', () => {
    const text = ['<domain a.com>', '    max-msg-rate 1/h', '</domain>', 'max-msg-rate 2/h', '</domain>', '<domain b.com>', '    max-msg-rate 3/h', '</domain>', ''].join('\n');
    const doc = new PmtaDocument(text, regexArg, ['domain']);
    const analyzer = new Analyzer(catalog);
    analyzer.analyze(doc);
    // The first block loses its close tag: the stray one below now closes it, and b.com stays inside the enclosing block.
    doc.applyEdit({ startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 9, text: 'max-smtp-out 1' });
    const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg, ['domain']));
    const codes = (a: typeof fresh) => a.findings.map((f) => `${f.code}@${f.line}`);
    assert.deepEqual(codes(analyzer.analyze(doc)), codes(fresh));
    doc.applyEdit({ startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 14, text: '</domain>' });
    assert.deepEqual(codes(analyzer.analyze(doc)), codes(new Analyzer(catalog).analyze(new PmtaDocument(text, regexArg, ['domain']))));
  });

  it('re-scans only the edited line when the state converges at once', () => {
    const doc = new PmtaDocument(SAMPLE, regexArg);
    doc.applyEdit({ startLine: 4, startCharacter: 17, endLine: 4, endCharacter: 19, text: '20' });
    assert.equal(doc.line(4), '    max-smtp-out 20');
    assert.equal(doc.lastRescanned, 1);
  });

  it('keeps every line scanned when an edit puts lines in (the last lines are not scanned again)', () => {
    const doc = new PmtaDocument(SAMPLE, regexArg);
    const last = doc.info(doc.lineCount - 1);
    doc.applyEdit({ startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 0, text: '\n\n' });
    assert.equal(doc.fullyScanned, true);
    assert.equal(doc.info(doc.lineCount - 1), last);
    assert.equal(doc.lastRescanned, 3);
  });

  it('applies many edits of one change together, as one by one, whatever their order', () => {
    // A replace-all sends its edits last to first; these go down, then up with lines put in above
    // the earlier ones (which then sit lower), then one that joins two lines.
    const edits = [
      { startLine: 16, startCharacter: 0, endLine: 16, endCharacter: 0, text: 'x' },
      { startLine: 4, startCharacter: 4, endLine: 4, endCharacter: 16, text: 'max-msg-rate' },
      { startLine: 15, startCharacter: 2, endLine: 15, endCharacter: 14, text: 'max-smtp-out' },
      { startLine: 3, startCharacter: 3, endLine: 3, endCharacter: 9, text: 'domainx' },
      { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 0, text: '# a\n# b\n' },
      { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, text: '<domain q>\n' },
      { startLine: 12, startCharacter: 0, endLine: 13, endCharacter: 0, text: '' },
      { startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 0, text: '\n' },
    ];
    const one = new PmtaDocument(SAMPLE, regexArg);
    for (const e of edits) one.applyEdit(e);
    const batch = new PmtaDocument(SAMPLE, regexArg);
    batch.applyEdits(edits);
    assert.deepEqual(modelSnapshot(batch), modelSnapshot(one));
    assert.deepEqual(modelSnapshot(batch), modelSnapshot(new PmtaDocument(batch.getText(), regexArg)));
    assert.equal(batch.revision, 1, 'one update');
  });

  it('carries a changed state forward until it converges (closing tag removed)', () => {
    const doc = new PmtaDocument(SAMPLE, regexArg);
    doc.applyEdit({ startLine: 5, startCharacter: 0, endLine: 5, endCharacter: 11, text: '' });
    assert.deepEqual(modelSnapshot(doc), modelSnapshot(new PmtaDocument(doc.getText(), regexArg)));
    assert.equal(buildStructure(doc).blocks[0].closedBy, 'tag');
    assert.equal(buildStructure(doc).blocks[1].closedBy, 'outer');
  });

  it('equals a fresh parse after each of thousands of random edits', () => {
    const random = rng(20261125);
    const doc = new PmtaDocument(SAMPLE, regexArg);
    for (let step = 0; step < 3000; step++) {
      const n = doc.lineCount;
      const sL = Math.floor(random() * n);
      const eL = Math.min(n - 1, sL + Math.floor(random() * 3));
      const sC = Math.floor(random() * (doc.line(sL).length + 1));
      const eC = eL === sL ? sC + Math.floor(random() * (doc.line(eL).length - sC + 1)) : Math.floor(random() * (doc.line(eL).length + 1));
      const pieces = Math.floor(random() * 3);
      let text = '';
      for (let k = 0; k < pieces; k++) text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
      doc.applyEdit({ startLine: sL, startCharacter: sC, endLine: eL, endCharacter: eC, text });
      const fresh = new PmtaDocument(doc.getText(), regexArg);
      assert.deepEqual(modelSnapshot(doc), modelSnapshot(fresh), `diverged at step ${step}`);
    }
  });

  it('scans an edit of more than 32k lines to the end of the text lazily, from its first changed line', () => {
    const text = generateConfig(40_000);
    const other = generateConfig(40_000).replace(/example/g, 'sample');
    const lines = text.split('\n');
    const cases = [
      { what: 'the whole text pasted over', sL: 0, sC: 0, insert: other, minStart: 0 },
      // From the middle of a line: the front of the new text repeats the old one for 100 lines.
      { what: 'the rest pasted over from inside a line', sL: 50, sC: 3, insert: lines.slice(50, 150).join('\n').slice(3) + '\n' + other, minStart: 150 },
      // A rule line opening a pattern list just before the edit, and a comma list running into it.
      { what: 'the text reloaded with another front', sL: 0, sC: 0, insert: 'smtp-listener 0/0:25,\n  0/0:587\nmail-from /a/ <pattern-list>\n</pattern-list>\n' + text, minStart: 0 },
    ];
    for (const c of cases) {
      const doc = new PmtaDocument(text, regexArg);
      const analyzer = new Analyzer(catalog);
      analyzer.analyze(doc);
      const last = doc.lineCount - 1;
      const revision = doc.revision;
      doc.applyEdit({ startLine: c.sL, startCharacter: c.sC, endLine: last, endCharacter: doc.line(last).length, text: c.insert });
      assert.equal(doc.fullyScanned, false, `${c.what}: not scanned at once`);
      const logged = doc.changedSince(revision)!;
      assert.equal(logged.newEnd, doc.lineCount, c.what);
      assert.ok(logged.start >= c.minStart, `${c.what}: the lines that came back as they were are left out (${logged.start})`);
      assert.equal(logged.oldEnd, last + 1, c.what);
      const fresh = new PmtaDocument(doc.getText(), regexArg);
      assert.equal(doc.line(logged.start - 1), fresh.line(logged.start - 1), `${c.what}: the line before the range is unchanged`);
      assert.deepEqual(analyzer.analyze(doc).findings, new Analyzer(catalog).analyze(fresh).findings, c.what);
      assert.deepEqual(modelSnapshot(doc), modelSnapshot(fresh), c.what);
    }
  });

  it('scans a replace-all spread over more than 32k lines as the lines are read, keeping the infos of the lines it left', () => {
    const text = generateConfig(40_000);
    const lines: string[] = text.split('\n');
    // Every `domain` renamed (tags and their close tags), last to first as an editor sends them,
    // plus one edit that ends a comma list early (the line below it stops being a continuation).
    const hits: [number, number][] = occurrences(text, 'domain');
    const list = lines.findIndex((l) => /,\s*$/.test(l) && !l.trimStart().startsWith('#'));
    assert.ok(list > 0, 'the generated text has a comma list');
    const edits = hits.reverse().map(([i, k]) => ({ startLine: i, startCharacter: k, endLine: i, endCharacter: k + 6, text: 'domainx' }));
    // First, so that its position is in the original text (the renames after it do not move it).
    const comma = lines[list].lastIndexOf(',');
    edits.unshift({ startLine: list, startCharacter: comma, endLine: list, endCharacter: comma + 1, text: '' });
    assert.ok(hits[0][0] - hits[hits.length - 1][0] > 32_768, 'the edits span more than 32k lines');

    const doc = new PmtaDocument(text, regexArg);
    const analyzer = new Analyzer(catalog);
    analyzer.analyze(doc);
    const before = doc.allInfos().slice();
    const revision = doc.revision;
    doc.applyEdits(edits);
    assert.equal(doc.revision, revision + 1, 'one update');
    assert.equal(doc.lastRescanned, 0, 'nothing scanned at once');
    assert.equal(doc.fullyScanned, false);
    const first = Math.min(hits[hits.length - 1][0], list);
    assert.deepEqual(doc.changedSince(revision), { start: first, oldEnd: lines.length, newEnd: lines.length });

    const one = new PmtaDocument(text, regexArg);
    for (const e of edits) one.applyEdit(e);
    const fresh = new PmtaDocument(doc.getText(), regexArg);
    assert.equal(doc.getText(), one.getText());
    assert.deepEqual(modelSnapshot(doc), modelSnapshot(fresh));
    const edited = new Set([...hits.map(([i]) => i), list, list + 1]);
    for (let i = 0; i < lines.length; i++) {
      if (!edited.has(i)) assert.equal(doc.info(i), before[i], `line ${i + 1} kept its info`);
    }
    assert.equal(doc.info(list + 1).continued, false, 'the line after the shortened list was scanned again');
    assert.deepEqual(analyzer.analyze(doc).findings, new Analyzer(catalog).analyze(fresh).findings);
  });

  it('accepts edits with out-of-range positions without throwing', () => {
    const doc = new PmtaDocument('a\nb', regexArg);
    doc.applyEdit({ startLine: 10, startCharacter: 99, endLine: 12, endCharacter: 0, text: 'c' });
    assert.equal(doc.getText(), 'a\nbc');
  });
});

describe('carriage returns', () => {
  it('a lone \\r and a \\n an edit brings together make one line break, as in the editor', () => {
    const cases: [string, TextEdit, string[]][] = [
      ['A\nB', { startLine: 0, startCharacter: 1, endLine: 0, endCharacter: 1, text: 'x\r' }, ['Ax', 'B']],
      ['A\rB', { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 0, text: '\nC' }, ['A', 'CB']],
      ['A\r\t\nB', { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 1, text: '' }, ['A', 'B']],
      ['A\r\t\nB\r', { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 1, text: 'x' }, ['A', 'x', 'B', '']],
    ];
    for (const [text, edit, lines] of cases) {
      const doc = new PmtaDocument(text, regexArg);
      doc.applyEdit(edit);
      assert.deepEqual(doc.allLines(), lines, JSON.stringify(text));
    }
    const doc = new PmtaDocument('A\r\t\nB\r\nC\rD', regexArg);
    assert.equal(doc.getText(), 'A\r\t\nB\r\nC\rD', 'each line break kept as it is');
  });
});

describe('line feeds only', () => {
  it('holds until a text or an edit brings a carriage return; a whole new text is looked at again', () => {
    const doc = new PmtaDocument('a\nb\n', regexArg);
    assert.equal(doc.lineFeedsOnly, true);
    doc.applyEdit({ startLine: 1, startCharacter: 1, endLine: 1, endCharacter: 1, text: 'x\ny' });
    assert.equal(doc.lineFeedsOnly, true);
    doc.applyEdit({ startLine: 0, startCharacter: 1, endLine: 0, endCharacter: 1, text: '\r\n' });
    assert.equal(doc.lineFeedsOnly, false);
    doc.applyEdit({ startLine: 0, startCharacter: 1, endLine: 1, endCharacter: 0, text: '' });
    assert.equal(doc.lineFeedsOnly, false, 'an edit that removes the \\r is not looked at');
    doc.setText('a\nb\n');
    assert.equal(doc.lineFeedsOnly, true);
    assert.equal(new PmtaDocument('a\r\nb', regexArg).lineFeedsOnly, false);
    const later = new PmtaDocument('a\n', regexArg);
    later.setText('a\rb');
    assert.equal(later.lineFeedsOnly, false);
  });
});
