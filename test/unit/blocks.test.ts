// The block tree after an edit that pastes or deletes whole blocks: updated in place (the other
// blocks keep their nodes) and the same as a fresh build. The fuzz tests compare findings and trees
// on many such edits; these check that the in-place path is the one taken.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { type Structure, balancedTags } from '../../server/src/syntax/blocks';
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
    });
  }
});
