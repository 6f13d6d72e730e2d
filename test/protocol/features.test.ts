import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../lspClient';
import { applyEdits } from '../unit/features/edits';

const URI = 'file:///etc/pmta/config';
const TEXT = [
  '<virtual-mta mta1>', //                              0
  '    smtp-source-host 192.0.2.10 mta1.example.com', // 1
  '</virtual-mta>', //                                  2
  '<virtual-mta-pool pool1>', //                        3
  '    virtual-mta mta1', //                            4
  '    virtual-mta mta2', //                            5
  '</virtual-mta-pool>', //                             6
  '<domain *>', //                                      7
  'max-smtp-out   20', //                               8
  '    bounce-after 4d12h', //                          9
  '    max-smtp-ot 5', //                              10
  '</domain>', //                                      11
  'include conf.d/extra.conf', //                      12
  '', //                                               13
].join('\n');

const CAPABILITIES = {
  textDocument: {
    completion: { completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation'] } } },
    rename: { prepareSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    semanticTokens: { requests: { full: { delta: true }, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
    // The document has three folding ranges: the server keeps to the client's limit.
    foldingRange: { rangeLimit: 2 },
  },
};

const doc = { textDocument: { uri: URI } };
const at = (line: number, character: number) => ({ ...doc, position: { line, character } });

describe('editor features over stdio', () => {
  let client: LspClient;
  let text = TEXT;
  let version = 1;
  before(async () => {
    client = new LspClient();
    const init = await client.initialize(CAPABILITIES);
    const caps = init.capabilities;
    assert.ok(caps.completionProvider.triggerCharacters.includes(' '));
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.deepEqual(caps.semanticTokensProvider.full, { delta: true });
    for (const k of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'foldingRangeProvider', 'documentLinkProvider', 'documentHighlightProvider', 'codeActionProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider']) {
      assert.ok(caps[k], k);
    }
    const diags = client.waitForDiagnostics(URI);
    await client.open(URI, TEXT);
    await diags;
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('completes directives of the enclosing block and defined names', async () => {
    const names = await client.request('textDocument/completion', at(9, 6));
    const labels = names.items.map((i: any) => i.label);
    assert.ok(labels.includes('bounce-after') && labels.includes('max-msg-rate') && !labels.includes('smtp-listener'));
    const bounce = names.items.find((i: any) => i.label === 'bounce-after');
    assert.equal(bounce.documentation, undefined);
    const resolved = await client.request('completionItem/resolve', bounce);
    assert.match(resolved.documentation.value, /bounce-after TIME-INTERVAL|\*\*Default:\*\* `4d12h`/);
    const vmtas = await client.request('textDocument/completion', { ...at(4, 16), context: { triggerKind: 2, triggerCharacter: ' ' } });
    assert.deepEqual(vmtas.items.map((i: any) => i.label), ['mta1']);
  });

  it('hovers durations in words', async () => {
    const h = await client.request('textDocument/hover', at(9, 19));
    assert.match(h.contents.value, /4 days 12 hours/);
  });

  it('goes to the definition and finds references', async () => {
    const def = await client.request('textDocument/definition', at(4, 17));
    assert.deepEqual(def, [{ uri: URI, range: { start: { line: 0, character: 13 }, end: { line: 0, character: 17 } } }]);
    const refs = await client.request('textDocument/references', { ...at(0, 14), context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r: any) => r.range.start.line), [0, 4]);
  });

  it('prepares and performs a rename, and refuses a taken name with a message', async () => {
    const prep = await client.request('textDocument/prepareRename', at(4, 17));
    assert.equal(prep.placeholder, 'mta1');
    const edit = await client.request('textDocument/rename', { ...at(4, 17), newName: 'mta-east' });
    assert.deepEqual(edit.changes[URI].map((e: any) => e.range.start.line), [0, 4]);
    await assert.rejects(client.request('textDocument/rename', { ...at(4, 17), newName: 'pool1' }), /already exists/);
  });

  it('lists document and workspace symbols, folding ranges, links and highlights', async () => {
    const symbols = await client.request('textDocument/documentSymbol', doc);
    assert.deepEqual(symbols.map((s: any) => s.name), ['<virtual-mta mta1>', '<virtual-mta-pool pool1>', '<domain *>', 'include']);
    const ws = await client.request('workspace/symbol', { query: 'pool' });
    assert.deepEqual(ws.map((s: any) => s.name), ['pool1']);
    const folds = await client.request('textDocument/foldingRange', doc);
    assert.deepEqual(folds.map((f: any) => [f.startLine, f.endLine]), [[0, 1], [3, 5]], 'the first two of [0-1, 3-5, 7-10]: rangeLimit is 2');
    const links = await client.request('textDocument/documentLink', doc);
    assert.deepEqual(links.map((l: any) => l.target), ['file:///etc/pmta/conf.d/extra.conf']);
    const hl = await client.request('textDocument/documentHighlight', at(0, 14));
    assert.deepEqual(hl.map((h: any) => [h.range.start.line, h.kind]), [[0, 3], [4, 2]]);
  });

  it('offers quick fixes for the diagnostics the client sends back', async () => {
    const diags = await client.request('textDocument/diagnostic', doc);
    const typo = diags.items.filter((d: any) => d.code === 'unknown-directive' || d.code === 'undefined-reference');
    const actions = await client.request('textDocument/codeAction', { ...doc, range: typo[0].range, context: { diagnostics: typo } });
    const titles = actions.map((a: any) => a.title);
    assert.ok(titles.includes('Change to `max-smtp-out`'), titles.join(' | '));
    assert.ok(titles.includes('Create virtual MTA `mta2`'), titles.join(' | '));
    assert.ok(titles.some((t: string) => t.startsWith('Suppress `unknown-directive`')));
  });

  it('answers semantic tokens in full, by range and as a delta after an edit', async () => {
    const full = await client.request('textDocument/semanticTokens/full', doc);
    assert.ok(full.resultId && full.data.length > 0 && full.data.length % 5 === 0);
    const range = await client.request('textDocument/semanticTokens/range', { ...doc, range: { start: { line: 9, character: 0 }, end: { line: 9, character: 30 } } });
    assert.deepEqual(range.data, [9, 4, 12, 0, 8, 0, 13, 5, 8, 0]);
    await client.change(URI, ++version, [{ range: { start: { line: 10, character: 4 }, end: { line: 10, character: 15 } }, text: 'max-smtp-out' }]);
    text = applyEdits(text, [{ range: { start: { line: 10, character: 4 }, end: { line: 10, character: 15 } }, newText: 'max-smtp-out' }]);
    const delta = await client.request('textDocument/semanticTokens/full/delta', { ...doc, previousResultId: full.resultId });
    assert.ok(Array.isArray(delta.edits) && delta.edits.length === 1, JSON.stringify(delta));
    const rebuilt = [...full.data];
    for (const e of delta.edits) rebuilt.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const again = await client.request('textDocument/semanticTokens/full', doc);
    assert.deepEqual(rebuilt, again.data);
  });

  it('formats the document and a range with per-line edits', async () => {
    const edits = await client.request('textDocument/formatting', { ...doc, options: { tabSize: 4, insertSpaces: true } });
    assert.deepEqual(edits, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 17 } }, newText: '    max-smtp-out 20' }]);
    const ranged = await client.request('textDocument/rangeFormatting', { ...doc, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, options: { tabSize: 4, insertSpaces: true } });
    assert.deepEqual(ranged, []);
  });
});
