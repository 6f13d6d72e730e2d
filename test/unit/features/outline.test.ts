import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { type DocumentSymbol, FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import { foldingRanges } from '../../../server/src/features/folding';
import { documentLinks, linkTarget } from '../../../server/src/features/links';
import { MAX_OUTLINE_ITEMS, documentSymbols, outline, outlineInSlices, workspaceSymbols } from '../../../server/src/features/symbols';
import { analyze, cfg } from '../../helpers';

const CONFIG = cfg(
  '# Main configuration', //                          0
  '# (two comment lines)', //                         1
  'postmaster admin@example.com', //                  2
  '<virtual-mta mta1>', //                            3
  '    smtp-source-host 192.0.2.10 mta1.example.com', // 4
  '    <domain gmail.com>', //                        5
  '        max-smtp-out 5', //                        6
  '    </domain>', //                                 7
  '</virtual-mta>', //                                8
  'domain-macro big a.com,', //                       9
  '    b.com', //                                    10
  '<pattern-list p>', //                             11
  '    mail-from /x/ <pattern-list>', //             12
  '        * virtual-mta=mta1', //                   13
  '    </pattern-list>', //                          14
  '</pattern-list>', //                              15
);

function shape(symbols: DocumentSymbol[] | undefined): unknown[] {
  return (symbols ?? []).map((s) => (s.children?.length ? [s.name, shape(s.children)] : s.name));
}

describe('document symbols', () => {
  it('is the block tree with the directives inside each block', () => {
    const symbols = documentSymbols(analyze(CONFIG));
    assert.deepEqual(shape(symbols), [
      'postmaster',
      ['<virtual-mta mta1>', ['smtp-source-host', ['<domain gmail.com>', ['max-smtp-out']]]],
      'domain-macro',
      ['<pattern-list p>', [['mail-from', ['*']]]],
    ]);
    const vmta = symbols[1];
    assert.equal(vmta.kind, SymbolKind.Class);
    assert.deepEqual(vmta.range, { start: { line: 3, character: 0 }, end: { line: 8, character: 14 } });
    assert.deepEqual(vmta.selectionRange, { start: { line: 3, character: 1 }, end: { line: 3, character: 17 } });
    assert.equal(symbols[2].kind, SymbolKind.Constant);
    assert.equal(symbols[2].detail, 'big a.com, b.com');
    assert.equal(symbols[2].range.end.line, 10);
  });

  it('lists blocks and top-level lines only when everything would be more than the limit', () => {
    // CONFIG has 9 items: 2 top-level directives, 4 blocks, 3 settings inside blocks.
    const o = outline(analyze(CONFIG), 8);
    assert.deepEqual(shape(o.symbols), ['postmaster', ['<virtual-mta mta1>', ['<domain gmail.com>']], 'domain-macro', ['<pattern-list p>', ['mail-from']]]);
    assert.equal(o.settingsLeftOut, 3, 'smtp-source-host, max-smtp-out and the * rule');
    assert.equal(o.itemsLeftOut, 0);
    assert.deepEqual(outline(analyze(CONFIG), 9), { symbols: documentSymbols(analyze(CONFIG)), settingsLeftOut: 0, itemsLeftOut: 0 });
  });

  it('stops at the limit in document order and says how much it left out', () => {
    const text = Array.from({ length: MAX_OUTLINE_ITEMS + 50 }, (_, i) => `<domain d${i}.com>\n    max-smtp-out 2\n</domain>`).join('\n');
    const o = outline(analyze(text));
    assert.equal(o.symbols.length, MAX_OUTLINE_ITEMS);
    assert.equal(o.symbols[0].name, '<domain d0.com>');
    assert.equal(o.symbols[0].children?.length, 0);
    assert.equal(o.itemsLeftOut, 50);
    assert.equal(o.settingsLeftOut, MAX_OUTLINE_ITEMS + 50);
  });

  it('in slices: the same outline, with pauses in a long one, and none for a document that changed meanwhile', async () => {
    const text = Array.from({ length: MAX_OUTLINE_ITEMS + 50 }, (_, i) => `<domain d${i}.com>\n    max-smtp-out 2\n</domain>`).join('\n');
    const a = analyze(text);
    let pauses = 0;
    const sliced = await outlineInSlices(a, { sliceMs: 0, pause: async () => void pauses++ });
    assert.deepEqual(sliced, outline(a));
    assert.ok(pauses >= MAX_OUTLINE_ITEMS / 512, `paused ${pauses} times`);
    // An edit lands during the first pause: the block tree may move under the outline, so it gives up.
    const edited = await outlineInSlices(a, {
      sliceMs: 0,
      pause: async () => a.doc.applyEdit({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, text: '# x\n' }),
    });
    assert.equal(edited, undefined);
    let asked = 0;
    const stopped = await outlineInSlices(analyze(text), { sliceMs: 0, pause: async () => undefined, stop: () => ++asked > 0 });
    assert.equal(stopped, undefined, 'a cancelled request stops at the first pause');
  });

  it('keeps going when blocks are not closed', () => {
    assert.deepEqual(shape(documentSymbols(analyze('<domain x>\n    max-smtp-out 2\n'))), [['<domain x>', ['max-smtp-out']]]);
  });
});

describe('workspace symbols', () => {
  it('finds named blocks and macros of every open document by a relaxed query', () => {
    const docs = [
      { uri: 'file:///a', analysis: analyze(CONFIG) },
      { uri: 'file:///b', analysis: analyze(cfg('<virtual-mta-pool mailers>', '</virtual-mta-pool>')) },
    ];
    assert.deepEqual(
      workspaceSymbols(docs, 'ma').map((s) => [s.name, s.containerName, (s.location as { uri: string }).uri]),
      [
        ['mta1', '<virtual-mta>', 'file:///a'],
        ['gmail.com', '<domain>', 'file:///a'],
        ['mailers', '<virtual-mta-pool>', 'file:///b'],
      ],
    );
    assert.deepEqual(workspaceSymbols(docs, 'bg').map((s) => s.name), ['big']);
  });
});

describe('folding ranges', () => {
  it('folds blocks (keeping the close tag visible), comment runs and continued lists', () => {
    const ranges = foldingRanges(analyze(CONFIG)).map((r) => [r.startLine, r.endLine, r.kind ?? '']);
    assert.deepEqual(ranges, [
      [0, 1, FoldingRangeKind.Comment],
      [3, 7, FoldingRangeKind.Region],
      [5, 6, FoldingRangeKind.Region],
      [9, 10, ''],
      [11, 14, FoldingRangeKind.Region],
      [12, 13, FoldingRangeKind.Region],
    ]);
  });

  it("keeps to the client's range limit, outermost ranges first and the cut level in document order", () => {
    const all = (limit?: number) => foldingRanges(analyze(CONFIG), limit).map((r) => [r.startLine, r.endLine]);
    assert.deepEqual(all(6), all(), 'under the limit nothing is dropped');
    // Four ranges at the top level (0-1, 3-7, 9-10, 11-14), two nested (5-6, 12-13).
    assert.deepEqual(all(5), [[0, 1], [3, 7], [5, 6], [9, 10], [11, 14]]);
    assert.deepEqual(all(4), [[0, 1], [3, 7], [9, 10], [11, 14]]);
    assert.deepEqual(all(2), [[0, 1], [3, 7]]);
    assert.deepEqual(all(0), []);
  });

  it('folds an unclosed block to the end of the file', () => {
    assert.deepEqual(foldingRanges(analyze('<domain x>\n    max-smtp-out 2\n    retry-after 1m')).map((r) => [r.startLine, r.endLine]), [[0, 2]]);
  });
});

describe('document links', () => {
  const URI = 'file:///etc/pmta/config';
  const TEXT = cfg(
    'include /etc/pmta/conf.d/vmtas.conf', //                 0
    'include conf.d/domains.conf', //                         1
    'include https://config.example.com/pmta/extra.conf', //  2
    'domain-key sel1, example.com, dkim/example.com.pem', //  3
    'log-file /var/log/pmta/log', //                          4
    '<acct-file |/usr/bin/process-acct>', //                  5
    '</acct-file>', //                                        6
    '<acct-file /var/log/pmta/acct.csv>', //                  7
    '</acct-file>', //                                        8
    'domain-key s2, $big, /etc/pmta/${domain}.pem', //        9
    'include /etc/pmta/conf.d/*.conf', //                    10
    'postmaster admin@example.com', //                       11
    'smtp-server-tls-certificate /etc/pmta/cert.pem secret', // 12
  );

  it('links include files, keys, certificates and logs, resolving relative paths against the document', () => {
    const links = documentLinks(analyze(TEXT), URI).map((l) => [l.range.start.line, l.range.start.character, l.range.end.character, l.target]);
    assert.deepEqual(links, [
      [0, 8, 35, 'file:///etc/pmta/conf.d/vmtas.conf'],
      [1, 8, 27, 'file:///etc/pmta/conf.d/domains.conf'],
      [2, 8, 50, 'https://config.example.com/pmta/extra.conf'],
      [3, 30, 50, 'file:///etc/pmta/dkim/example.com.pem'],
      [4, 9, 26, 'file:///var/log/pmta/log'],
      [7, 11, 33, 'file:///var/log/pmta/acct.csv'],
      [12, 28, 46, 'file:///etc/pmta/cert.pem'],
    ]);
  });

  it('links nothing that cannot be a file', () => {
    assert.equal(linkTarget('|/usr/bin/x', URI), undefined);
    assert.equal(linkTarget('/etc/pmta/${domain}.pem', URI), undefined);
    assert.equal(linkTarget('conf.d/*.conf', URI), undefined);
    assert.equal(linkTarget('{vault}:secret/key', URI), undefined);
    assert.equal(linkTarget('relative.conf', 'untitled:Untitled-1'), undefined);
    assert.equal(linkTarget('"/etc/pmta/my key.pem"', URI), 'file:///etc/pmta/my%20key.pem');
  });
});
