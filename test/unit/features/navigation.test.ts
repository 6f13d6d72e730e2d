import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DocumentHighlightKind } from 'vscode-languageserver-types';
import { definition } from '../../../server/src/features/definition';
import { documentHighlight } from '../../../server/src/features/highlight';
import { references } from '../../../server/src/features/references';
import { RenameError, prepareRename, rename } from '../../../server/src/features/rename';
import { Analyzer } from '../../../server/src/analysis/analyzer';
import { PmtaDocument } from '../../../server/src/syntax/document';
import { analyze, catalog, cfg, codes, regexArg } from '../../helpers';
import { applyEdits, editsOf } from './edits';

const URI = 'file:///etc/pmta/config';

const CONFIG = cfg(
  'domain-macro microsoft hotmail.com, outlook.com', //  0
  '<virtual-mta mta1>', //                                1
  '    smtp-source-host 192.0.2.10 mta1.example.com', // 2
  '</virtual-mta>', //                                    3
  '<virtual-mta mta2>', //                                4
  '</virtual-mta>', //                                    5
  '<virtual-mta-pool pool1>', //                          6
  '    virtual-mta mta1', //                              7
  '    virtual-mta mta2', //                              8
  '</virtual-mta-pool>', //                               9
  '<source 127.0.0.1>', //                               10
  '    default-virtual-mta mta1', //                     11
  '</source>', //                                        12
  '<pattern-list news>', //                              13
  '    mail-from /news@/ virtual-mta=mta1', //           14
  '</pattern-list>', //                                  15
  '<smtp-pattern-list blocking>', //                     16
  '    reply /421/ mode=backoff', //                     17
  '</smtp-pattern-list>', //                             18
  '<domain $microsoft>', //                              19
  '    smtp-pattern-list blocking', //                   20
  '</domain>', //                                        21
);

/** CONFIG with a cursor at `line`, just after `column` characters. */
function at(line: number, character: number) {
  return { analysis: analyze(CONFIG), pos: { line, character } };
}

function lines(locs: { range: { start: { line: number } } }[]): number[] {
  return locs.map((l) => l.range.start.line);
}

describe('go to definition', () => {
  it('goes from a pool member, default-virtual-mta and virtual-mta= to the <virtual-mta>', () => {
    for (const [line, ch] of [
      [7, 18],
      [11, 26],
      [14, 36],
    ]) {
      const { analysis, pos } = at(line, ch);
      assert.deepEqual(definition(analysis, URI, pos), [{ uri: URI, range: { start: { line: 1, character: 13 }, end: { line: 1, character: 17 } } }]);
    }
  });

  it('goes from $macro to domain-macro and from smtp-pattern-list to its block', () => {
    const { analysis } = at(0, 0);
    assert.deepEqual(lines(definition(analysis, URI, { line: 19, character: 12 })), [0]);
    assert.deepEqual(definition(analysis, URI, { line: 20, character: 25 })[0].range, { start: { line: 16, character: 19 }, end: { line: 16, character: 27 } });
  });

  it('answers the definition itself on a definition, and nothing on other words', () => {
    const { analysis } = at(0, 0);
    assert.deepEqual(lines(definition(analysis, URI, { line: 4, character: 15 })), [4]);
    assert.deepEqual(definition(analysis, URI, { line: 2, character: 8 }), []);
    assert.deepEqual(definition(analysis, URI, { line: 99, character: 0 }), []);
  });
});

describe('go to definition after an edit', () => {
  it('still finds the names below a line break typed above them (the symbol index is reused, its lines moved)', () => {
    const doc = new PmtaDocument(CONFIG, regexArg);
    const analyzer = new Analyzer(catalog);
    // A look-up before the edit (as a hover would) builds the index by line.
    assert.equal(definition(analyzer.analyze(doc), URI, { line: 7, character: 18 })[0].range.start.line, 1);
    // Enter at the end of line 2 (no name on it or on the new line): every name below moves down one line.
    const end = doc.line(2).length;
    doc.applyEdit({ startLine: 2, startCharacter: end, endLine: 2, endCharacter: end, text: '\n' });
    const analysis = analyzer.analyze(doc);
    assert.deepEqual(definition(analysis, URI, { line: 8, character: 18 }), [{ uri: URI, range: { start: { line: 1, character: 13 }, end: { line: 1, character: 17 } } }]);
    // Line 7 now holds the pool's own tag: its name, not the member that used to be there.
    assert.deepEqual(definition(analysis, URI, { line: 7, character: 18 }), [{ uri: URI, range: { start: { line: 7, character: 18 }, end: { line: 7, character: 23 } } }]);
  });
});

describe('find references', () => {
  it('lists every use of a virtual MTA, with or without its definition', () => {
    const { analysis } = at(0, 0);
    assert.deepEqual(lines(references(analysis, URI, { line: 1, character: 14 }, false)), [7, 11, 14]);
    assert.deepEqual(lines(references(analysis, URI, { line: 7, character: 18 }, true)), [1, 7, 11, 14]);
  });

  it('lists macro uses', () => {
    const { analysis } = at(0, 0);
    assert.deepEqual(lines(references(analysis, URI, { line: 0, character: 15 }, true)), [0, 19]);
  });
});

describe('rename', () => {
  it('renames a virtual MTA at its definition and every reference', () => {
    const { analysis } = at(0, 0);
    const out = applyEdits(CONFIG, editsOf(rename(analysis, URI, { line: 7, character: 18 }, 'mta-east'), URI));
    assert.equal((out.match(/mta-east/g) ?? []).length, 4);
    assert.match(out, /<virtual-mta mta-east>/);
    assert.match(out, /virtual-mta=mta-east/);
    assert.match(out, /default-virtual-mta mta-east/);
    assert.doesNotMatch(out, /\bmta1\b(?!\.example)/);
  });

  it('renames a macro and its $uses', () => {
    const { analysis } = at(0, 0);
    const out = applyEdits(CONFIG, editsOf(rename(analysis, URI, { line: 19, character: 12 }, 'ms'), URI));
    assert.match(out, /^domain-macro ms hotmail/m);
    assert.match(out, /<domain \$ms>/);
  });

  it('carries along a reference written in another case (reported as a case mismatch), and fixes it when given the same name', () => {
    const text = cfg('<smtp-pattern-list Throttling>', '</smtp-pattern-list>', '<domain *>', '    smtp-pattern-list throttling', '</domain>', '<domain x>', '    smtp-pattern-list Throttling', '</domain>');
    const analysis = analyze(text);
    assert.deepEqual(lines(references(analysis, URI, { line: 0, character: 22 }, true)), [0, 3, 6]);
    assert.deepEqual(lines(definition(analysis, URI, { line: 3, character: 24 })), [0]);
    const renamed = applyEdits(text, editsOf(rename(analysis, URI, { line: 0, character: 22 }, 'slow'), URI));
    assert.equal((renamed.match(/smtp-pattern-list slow/g) ?? []).length, 3);
    assert.deepEqual(codes(renamed).filter((c) => /undefined-reference|case-mismatch/.test(c)), []);
    const fixed = applyEdits(text, editsOf(rename(analysis, URI, { line: 3, character: 24 }, 'Throttling'), URI));
    assert.equal(fixed, text.replace('list throttling', 'list Throttling'));
    // A name defined in both cases is two names: neither takes the other's references.
    const both = analyze(cfg('<virtual-mta a>', '</virtual-mta>', '<virtual-mta A>', '</virtual-mta>', '<virtual-mta-pool p>', '    virtual-mta A', '</virtual-mta-pool>'));
    assert.deepEqual(lines(references(both, URI, { line: 0, character: 13 }, true)), [0]);
  });

  it('prepares a rename with the range and name under the cursor', () => {
    const { analysis } = at(0, 0);
    assert.deepEqual(prepareRename(analysis, { line: 20, character: 25 }), {
      range: { start: { line: 20, character: 22 }, end: { line: 20, character: 30 } },
      placeholder: 'blocking',
    });
    assert.throws(() => prepareRename(analysis, { line: 2, character: 8 }), RenameError);
  });

  it('refuses a name already taken in the namespace (virtual MTAs and pools share one)', () => {
    const { analysis } = at(0, 0);
    assert.throws(() => rename(analysis, URI, { line: 1, character: 14 }, 'mta2'), /virtual MTA named `mta2` already exists \(line 5\)/);
    assert.throws(() => rename(analysis, URI, { line: 1, character: 14 }, 'pool1'), /virtual MTA pool named `pool1` already exists/);
    assert.throws(() => rename(analysis, URI, { line: 6, character: 20 }, 'mta2'), /already exists/);
  });

  it('refuses names PowerMTA would read differently', () => {
    const { analysis } = at(0, 0);
    assert.throws(() => rename(analysis, URI, { line: 1, character: 14 }, 'two words'), /cannot contain spaces/);
    assert.throws(() => rename(analysis, URI, { line: 1, character: 14 }, '{default}'), /reserved/);
    assert.throws(() => rename(analysis, URI, { line: 0, character: 15 }, 'with-dash'), /letters, digits and `_`/);
    assert.throws(() => rename(analysis, URI, { line: 1, character: 14 }, ''), /empty/);
  });

  it("refuses to rename PowerMTA's own names in braces, even where the file has a block of one", () => {
    const a = analyze(cfg('<source {pickup}>', '  always-allow-relaying yes', '</source>', '<source {/var/spool/pmta/pickup}>', '</source>'));
    assert.throws(() => rename(a, URI, { line: 0, character: 10 }, 'pickup'), /`\{pickup\}` is a name PowerMTA provides; it cannot be renamed/);
    assert.throws(() => prepareRename(a, { line: 3, character: 12 }), /`\{\/var\/spool\/pmta\/pickup\}` is a name PowerMTA provides/);
  });

  it('refuses a name holding `<` or `>` (glued to its tag, a rename would join them)', () => {
    const a = analyze(cfg('<bounce-processor>', '  <address-list><b>', '  </address-list>', '</bounce-processor>'));
    assert.throws(() => rename(a, URI, { line: 1, character: 17 }, 'bounces'), /holds `<` or `>`/);
    assert.throws(() => prepareRename(a, { line: 1, character: 17 }), RenameError);
  });

  it('refuses a named source that would read as an address', () => {
    const a = analyze(cfg('<source feeders>', '</source>', 'smtp-listener 0/0:25 source=feeders'));
    assert.throws(() => rename(a, URI, { line: 0, character: 10 }, '10/8'), /address range/);
    const out = applyEdits(cfg('<source feeders>', '</source>', 'smtp-listener 0/0:25 source=feeders'), editsOf(rename(a, URI, { line: 2, character: 30 }, 'inbound'), URI));
    assert.equal(out, cfg('<source inbound>', '</source>', 'smtp-listener 0/0:25 source=inbound'));
  });
});

describe('document highlight', () => {
  it('marks the definition as write and references as read', () => {
    const { analysis } = at(0, 0);
    const hl = documentHighlight(analysis, { line: 8, character: 18 });
    assert.deepEqual(
      hl.map((h) => [h.range.start.line, h.kind]),
      [
        [4, DocumentHighlightKind.Write],
        [8, DocumentHighlightKind.Read],
      ],
    );
  });

  it('marks the open and close tag of a block', () => {
    const { analysis } = at(0, 0);
    assert.deepEqual(lines(documentHighlight(analysis, { line: 9, character: 4 })), [6, 9]);
    assert.deepEqual(documentHighlight(analysis, { line: 2, character: 30 }), []);
  });
});
