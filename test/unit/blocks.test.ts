// The block tree after an edit that pastes or deletes whole blocks: updated in place (the other
// blocks keep their nodes) and the same as a fresh build. The fuzz tests compare findings and trees
// on many such edits; these check that the in-place path is the one taken.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { type Structure, balancedTags, buildStructure, growToWholeBlocks, structureSteps } from '../../server/src/syntax/blocks';
import { PmtaDocument } from '../../server/src/syntax/document';
import { catalog, regexArg } from '../helpers';

const TEXT = `<domain a.example>
  max-smtp-out 5
</domain>
<virtual-mta v1>
  smtp-source-host 198.51.100.7 mta1.example.net
  <domain b.example>
    max-smtp-out 2
  </domain>
</virtual-mta>
<smtp-pattern-list slow>
  reply /421/ mode=backoff
</smtp-pattern-list>
`;

/** Tags, names and lines of every block, and the lines each holds: what a fresh build gives. */
function shape(s: Structure) {
  return [s.root, ...s.blocks].map((b) => [b.tag, b.arg, b.openLine, b.closeLine, b.endLine, b.closedBy, b.lines.join(','), b.children.map((c) => c.openLine).join(','), b.parent?.openLine]);
}

function infosOf(text: string) {
  const doc = new PmtaDocument(text, regexArg);
  return doc.allInfos();
}

describe('balancedTags', () => {
  it('accepts lines that close every block they open, nested ones and a pattern list opened on a rule line included', () => {
    const lines = '<domain x>\n  <pattern-list p>\n  </pattern-list>\n</domain>\n<source 0/0>\n  mail-from /a/ <pattern-list>\n  </pattern-list>\n</source>\n# note';
    const infos = infosOf(lines);
    assert.equal(balancedTags(infos, 0, infos.length), true);
    assert.equal(balancedTags(infos, 0, 0), true);
  });

  it('refuses an open without its close, a close without its open, a mismatched close and a rule line that opens a pattern list alone', () => {
    for (const text of ['<domain x>\n  max-smtp-out 5', 'max-smtp-out 5\n</domain>', '<domain x>\n</source>', '<source 0/0>\n  mail-from /a/ <pattern-list>\n</source>']) {
      const infos = infosOf(text);
      assert.equal(balancedTags(infos, 0, infos.length), false, text);
    }
  });
});

describe('whole blocks pasted or deleted: the tree is updated in place', () => {
  const edits = [
    { what: 'a block pasted between two others', line: 3, end: 3, text: '<domain c.example>\n  max-smtp-out 1\n</domain>\n' },
    { what: 'a block pasted inside a virtual MTA', line: 5, end: 5, text: '  <domain d.example>\n    max-smtp-out 1\n  </domain>\n' },
    { what: 'a <source> with a rule line that opens a pattern list pasted', line: 9, end: 9, text: '<source 0/0>\n  mail-from /a/ <pattern-list>\n  </pattern-list>\n</source>\n' },
    { what: 'a block deleted', line: 0, end: 3, text: '' },
    { what: 'a block inside a virtual MTA deleted', line: 5, end: 8, text: '' },
    { what: 'a block commented out', line: 0, end: 3, text: '# <domain a.example>\n#   max-smtp-out 5\n# </domain>\n' },
    { what: 'the open tag line of a block commented out (its close tag left closing nothing)', line: 0, end: 1, text: '# <domain a.example>\n' },
    { what: 'the open tag line of a block deleted', line: 0, end: 1, text: '' },
  ];
  for (const e of edits) {
    it(e.what, () => {
      const doc = new PmtaDocument(TEXT, regexArg);
      const analyzer = new Analyzer(catalog);
      const before = analyzer.analyze(doc).structure;
      const pattern = before.blocks.find((b) => b.tag === 'smtp-pattern-list')!;
      const vmta = before.blocks.find((b) => b.tag === 'virtual-mta')!;
      doc.applyEdit({ startLine: e.line, startCharacter: 0, endLine: e.end, endCharacter: 0, text: e.text });
      const after = analyzer.analyze(doc).structure;
      assert.equal(after.blocks.includes(pattern), true, 'a block below the edit keeps its node');
      assert.equal(after.blocks.includes(vmta), true, 'the block around or beside the edit keeps its node');
      const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg)).structure;
      assert.deepEqual(shape(after), shape(fresh));
      assert.deepEqual([...after.byTag].map(([t, l]) => [t, l.map((b) => b.openLine)]).sort(), [...fresh.byTag].map(([t, l]) => [t, l.map((b) => b.openLine)]).sort());
      assert.deepEqual(after.blockOfLine.map((b) => b.openLine), fresh.blockOfLine.map((b) => b.openLine));
      assert.deepEqual(after.strayCloses, fresh.strayCloses);
    });
  }

  it('a close tag left alone gets its open tag line back', () => {
    const doc = new PmtaDocument(TEXT.replace('<domain a.example>', '# <domain a.example>'), regexArg);
    const analyzer = new Analyzer(catalog);
    const before = analyzer.analyze(doc).structure;
    assert.deepEqual(before.strayCloses, [2]);
    const vmta = before.blocks.find((b) => b.tag === 'virtual-mta')!;
    doc.applyEdit({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 2, text: '' });
    const after = analyzer.analyze(doc).structure;
    assert.equal(after.blocks.includes(vmta), true, 'the block beside the edit keeps its node');
    assert.deepEqual(after.strayCloses, []);
    assert.deepEqual(shape(after), shape(new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg)).structure));
  });

  it('not when the close tag left alone would close a block around it', () => {
    const infos = infosOf('</virtual-mta>');
    assert.equal(balancedTags(infos, 0, 1, (tag) => tag !== 'virtual-mta'), false);
    assert.equal(balancedTags(infos, 0, 1, () => true), true);
    // The inner open tag commented out: its close now ends the outer block, and the outer close is stray.
    const doc = new PmtaDocument('<virtual-mta v1>\n  <virtual-mta v2>\n  </virtual-mta>\n</virtual-mta>\n<domain d.example>\n</domain>\n', regexArg);
    const analyzer = new Analyzer(catalog);
    analyzer.analyze(doc);
    doc.applyEdit({ startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 0, text: '#' });
    const after = analyzer.analyze(doc).structure;
    const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg)).structure;
    assert.deepEqual(shape(after), shape(fresh));
    assert.deepEqual(after.strayCloses, [3]);
    assert.deepEqual(after.blockOfLine.map((b) => b.openLine), fresh.blockOfLine.map((b) => b.openLine));
  });
});

describe('a tag line without its `>` or its name opens and closes nothing', () => {
  it('leaves the lines below in the blocks they were in, in the tree and in the line states', () => {
    const text = '<domain x.example\n  max-smtp-out 2\n<virtual-mta v1>\n  <domain y.example>\n  </domain\n</virtual-mta>\n<>\n';
    const doc = new PmtaDocument(text, regexArg);
    const s = new Analyzer(catalog).analyze(doc).structure;
    assert.deepEqual(s.blocks.map((b) => [b.tag, b.openLine, b.closeLine, b.closedBy]), [
      ['virtual-mta', 2, 5, 'tag'],
      // `</domain` closes nothing: the close of the virtual MTA ends this block.
      ['domain', 3, -1, 'outer'],
    ]);
    assert.equal(s.blockOfLine[1], s.root, 'the setting below the unfinished tag stays at the top level');
    assert.deepEqual(s.strayCloses, []);
    assert.equal(doc.stateAfter(0).frame, null);
    assert.equal(doc.stateAfter(6).frame, null);
  });

  it('is reported on its own line only', () => {
    const text = '<domain x.example\n<virtual-mta v1>\n  smtp-source-host 198.51.100.7 mta1.example.net\n</virtual-mta>\n';
    const findings = new Analyzer(catalog).analyze(new PmtaDocument(text, regexArg)).findings;
    assert.deepEqual(
      findings.filter((f) => f.code !== 'missing-log-file' && f.code !== 'missing-spool').map((f) => [f.code, f.line]),
      [['malformed-tag', 0]],
    );
    assert.match(findings.find((f) => f.code === 'malformed-tag')!.message, /opens no block/);
  });

  it('counts as a plain line when lines are whole blocks', () => {
    const infos = infosOf('<domain x\n<domain y>\n</domain>\n</source');
    assert.equal(balancedTags(infos, 0, infos.length), true);
  });
});

describe('a tag finished and closed between two analyses', () => {
  it('is checked as a block pasted: the other blocks keep their nodes, and the result is a fresh one', () => {
    const lines = TEXT.split('\n');
    lines.splice(3, 0, '<domain c.example');
    const doc = new PmtaDocument(lines.join('\n'), regexArg);
    const analyzer = new Analyzer(catalog);
    const before = analyzer.analyze(doc).structure;
    const kept = before.blocks.filter((b) => b.tag === 'virtual-mta' || b.tag === 'smtp-pattern-list');
    const end = '<domain c.example'.length;
    // `>` typed, then the close tag an editor puts in after it: the first edit alone moves every
    // line below into the new block; together they only add a block.
    doc.applyEdit({ startLine: 3, startCharacter: end, endLine: 3, endCharacter: end, text: '>' });
    doc.applyEdit({ startLine: 3, startCharacter: end + 1, endLine: 3, endCharacter: end + 1, text: '\n</domain>' });
    const after = analyzer.analyze(doc);
    for (const b of kept) assert.equal(after.structure.blocks.includes(b), true, `<${b.tag}> keeps its node`);
    const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg));
    assert.deepEqual(shape(after.structure), shape(fresh.structure));
    assert.deepEqual(after.findings, fresh.findings);
    // And undone the same way: the `>` and the close tag deleted.
    doc.applyEdit({ startLine: 3, startCharacter: end, endLine: 4, endCharacter: '</domain>'.length, text: '' });
    const undone = analyzer.analyze(doc);
    for (const b of kept) assert.equal(undone.structure.blocks.includes(b), true, `<${b.tag}> keeps its node`);
    assert.deepEqual(shape(undone.structure), shape(new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg)).structure));
  });
});

describe('lines moved across a tag line of their block', () => {
  it('are grown to the whole block, and no further', () => {
    const doc = new PmtaDocument(TEXT, regexArg);
    const s = new Analyzer(catalog).analyze(doc).structure;
    const old = doc.allInfos().slice();
    // Line 7 (`max-smtp-out 2`) and the `</domain>` below it swapped, as Alt+Down does.
    doc.applyEdit({ startLine: 6, startCharacter: 0, endLine: 7, endCharacter: 11, text: '  </domain>\n    max-smtp-out 2' });
    assert.deepEqual(growToWholeBlocks(s, old, doc.allInfos(), { start: 6, oldEnd: 8, newEnd: 8 }, 100), { start: 5, oldEnd: 8, newEnd: 8 });
    assert.equal(growToWholeBlocks(s, old, doc.allInfos(), { start: 6, oldEnd: 8, newEnd: 8 }, 0), undefined, 'past the growth allowed');
  });

  it('are spliced in place (Alt+Down past the close tag, then Alt+Up past the open tag)', () => {
    const doc = new PmtaDocument(TEXT, regexArg);
    const analyzer = new Analyzer(catalog);
    const before = analyzer.analyze(doc).structure;
    const kept = before.blocks.filter((b) => b.tag !== 'domain' || b.arg === 'a.example');
    // Lines 7 and 8 swapped (Alt+Down past the close tag) and back, then lines 6 and 7 (the
    // setting moved above the open tag, Alt+Up) and back.
    for (const line of [6, 6, 5, 5]) {
      doc.applyEdit({ startLine: line, startCharacter: 0, endLine: line + 1, endCharacter: doc.line(line + 1).length, text: `${doc.line(line + 1)}\n${doc.line(line)}` });
      const after = analyzer.analyze(doc);
      for (const b of kept) assert.equal(after.structure.blocks.includes(b), true, `<${b.tag} ${b.arg}> keeps its node after the edit of line ${line + 1}`);
      const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg));
      assert.deepEqual(shape(after.structure), shape(fresh.structure));
      assert.deepEqual(after.findings, fresh.findings);
    }
  });
});

describe('the tree built in steps', () => {
  it('pauses in a large file and gives the tree built at once', () => {
    const doc = new PmtaDocument(Array.from({ length: 4000 }, () => TEXT).join('\n'), regexArg);
    assert.ok(doc.lineCount > 40_000);
    const steps = structureSteps(doc);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    assert.ok(pauses >= 2, `paused ${pauses} times`);
    const whole = buildStructure(doc);
    const shape = (s: Structure) => s.blocks.map((b) => [b.tag, b.arg, b.openLine, b.closeLine, b.endLine, b.closedBy, b.lines.length, b.children.length].join(' '));
    assert.deepEqual(shape(step.value), shape(whole));
    assert.equal(step.value.blocks.length, whole.blocks.length);
    assert.ok(whole.blocks.length > 10_000);
  });
});
