// Hostile input through the real server over stdio: odd bytes, huge lines, deep nesting, broken
// tags, every kind of line ending, a million lines. The server must not crash or hang, must answer
// every request within a second, and must say clearly when a file is over the size cap.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { PmtaDocument } from '../../server/src/syntax/document';
import { catalog, editorLines, lspChange, placeEdit, regexArg } from '../helpers';
import { BROWSER_SERVER_JS, LspClient, WORKER_BRIDGE } from '../lspClient';

const ANSWER_MS = 1000;

/** Rejects when the promise takes longer than `ms`. */
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** Positions spread over a document: first and last line, a few in between, at several columns. */
function positions(text: string): { line: number; character: number }[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: { line: number; character: number }[] = [];
  for (const line of [0, 1, Math.floor(lines.length / 2), lines.length - 1]) {
    if (line >= lines.length) continue;
    const len = lines[line].length;
    for (const character of [0, Math.min(len, 3), Math.floor(len / 2), len]) out.push({ line, character });
  }
  return out;
}

/** Every request kind the server advertises, at a few positions; each must be answered in time. */
async function askEverything(client: LspClient, caps: any, uri: string, text: string, diagnostics: object[] = []): Promise<void> {
  const td = { textDocument: { uri } };
  const asks: [string, object][] = [['textDocument/diagnostic', td]];
  if (caps.documentSymbolProvider) asks.push(['textDocument/documentSymbol', td]);
  if (caps.foldingRangeProvider) asks.push(['textDocument/foldingRange', td]);
  if (caps.semanticTokensProvider) asks.push(['textDocument/semanticTokens/full', td]);
  if (caps.documentFormattingProvider) asks.push(['textDocument/formatting', { ...td, options: { tabSize: 4, insertSpaces: true } }]);
  if (caps.documentLinkProvider) asks.push(['textDocument/documentLink', td]);
  if (caps.workspaceSymbolProvider) asks.push(['workspace/symbol', { query: 'a' }], ['workspace/symbol', { query: '' }]);
  const lines = text.split(/\r\n|\r|\n/);
  const whole = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
  const middle = Math.floor(lines.length / 2);
  const someLines = { start: { line: Math.max(0, middle - 2), character: 0 }, end: { line: Math.min(lines.length - 1, middle + 2), character: 0 } };
  if (caps.semanticTokensProvider?.range) asks.push(['textDocument/semanticTokens/range', { ...td, range: someLines }]);
  if (caps.documentRangeFormattingProvider) asks.push(['textDocument/rangeFormatting', { ...td, range: someLines, options: { tabSize: 2, insertSpaces: false } }]);
  for (const position of positions(text)) {
    if (caps.hoverProvider) asks.push(['textDocument/hover', { ...td, position }]);
    if (caps.completionProvider) asks.push(['textDocument/completion', { ...td, position }]);
    if (caps.definitionProvider) asks.push(['textDocument/definition', { ...td, position }]);
    if (caps.documentHighlightProvider) asks.push(['textDocument/documentHighlight', { ...td, position }]);
    if (caps.referencesProvider) asks.push(['textDocument/references', { ...td, position, context: { includeDeclaration: true } }]);
    const range = { start: position, end: position };
    if (caps.codeActionProvider) asks.push(['textDocument/codeAction', { ...td, range, context: { diagnostics: [] } }]);
  }
  // Over the whole text with every published diagnostic, as a fix-all or a Problems panel asks.
  if (caps.codeActionProvider) asks.push(['textDocument/codeAction', { ...td, range: whole, context: { diagnostics } }]);
  for (const [method, params] of asks) {
    const answer = await within(ANSWER_MS, client.request(method, params), `${method} on ${uri}`);
    // No check may throw on hostile input either: that would hide its findings behind an internal error.
    if (method === 'textDocument/diagnostic') assert.deepEqual(answer.items.filter((d: { code: string }) => d.code === 'internal-error'), [], `${method} on ${uri}`);
  }
  // Rename answers with an edit or a clear refusal (an error response with a message), never a crash or a hang.
  const refusalOk = (method: string) => (e: { code?: number; message?: string }) => {
    assert.equal(typeof e.code, 'number', `${method} failed without an error response: ${e}`);
    assert.ok(e.message && e.message.length > 10, `${method} refused without saying why`);
  };
  if (caps.renameProvider) {
    for (const position of positions(text)) {
      if (caps.renameProvider.prepareProvider) await within(ANSWER_MS, client.request('textDocument/prepareRename', { ...td, position }).catch(refusalOk('prepareRename')), `prepareRename on ${uri}`);
      await within(ANSWER_MS, client.request('textDocument/rename', { ...td, position, newName: 'renamed-by-fuzz' }).catch(refusalOk('rename')), `rename on ${uri}`);
    }
  }
  // A completion item is resolved as the editor does when it is selected.
  if (caps.completionProvider?.resolveProvider) {
    const list = (await client.request('textDocument/completion', { ...td, position: { line: 0, character: 0 } })) as { items?: object[] } | object[] | null;
    const items = Array.isArray(list) ? list : (list?.items ?? []);
    for (const item of items.slice(0, 3)) await within(ANSWER_MS, client.request('completionItem/resolve', item), `completionItem/resolve on ${uri}`);
  }
}

const HOSTILE: [string, () => string][] = [
  ['NUL bytes', () => 'max-smtp-out\u0000 20\n<domain \u0000x>\n\u0000\u0000\u0000\n</domain>\n'],
  ['invalid UTF-8 decoded to U+FFFD', () => new TextDecoder().decode(Uint8Array.from([0x3c, 0x64, 0xff, 0xfe, 0x3e, 0x0a, 0xc3, 0x28, 0x20, 0xe2, 0x82, 0x0a, 0xf0, 0x28, 0x8c, 0x28]))],
  ['lone surrogates', () => 'postmaster \ud800@x\n<domain \udfff>\nmax-smtp-out \ud83d\n</domain>\n'],
  ['a byte-order mark', () => '\ufeffpostmaster admin@example.com\n\ufeff<domain x>\n</domain>\n'],
  ['CRLF line endings', () => '<domain x.com>\r\n    max-smtp-out 5\r\n</domain>\r\n'],
  ['mixed line endings', () => '<domain x.com>\r    max-smtp-out 5\n\r\n</domain>\r\n\n\r<source 0/0>\n\ralways-allow-relaying yes\r</source>'],
  ['a 1 MB single line', () => 'max-smtp-out ' + 'x'.repeat(1 << 20)],
  ['a 1 MB line of words and commas', () => 'domain-macro m ' + 'a.com, '.repeat(150_000)],
  ['a 1 MB comma list, every other item empty', () => 'domain-macro m ' + 'a.com,,'.repeat(150_000)],
  ['a 1 MB line of no-break and zero-width spaces', () => 'max-smtp-out ' + 'x\u00a0y\u200b'.repeat(250_000)],
  ['a 1 MB line of curly quotes and dashes, in words and in a pattern', () => 'mail-from /' + '\u201c\u2013'.repeat(250_000) + '/ ' + 'a\u2019 '.repeat(100_000)],
  // Runs inside a line that an expression took quadratic time on: anchored at its end (`/[ \t]+$/`,
  // `/>+$/`), blanks between two words (the formatter), `>` in a tag, blanks in a glued comment; and
  // the shell-variable hint's `$(…)`, scanned from each `$(` of an invalid value to its end.
  ['1 MB runs of blanks, of `>` and of `$(` inside lines', () => 'max-smtp-out 1' + ' '.repeat(1 << 20) + '2\n<domain a' + '>'.repeat(1 << 20) + 'b>\n</domain>\npostmaster a@b.c#x' + ' '.repeat(1 << 20) + 'y\nmax-smtp-out ' + '$('.repeat(1 << 19) + '\n'],
  // Runs that an expression read again from each of their characters (found by test/unit/regexSafety):
  // completion after blanks in a tag that holds `>` (line 0, at its end), the letters of a pattern
  // with no dot (unescaped-dot-in-domain-regex), blanks after `=` in a suppression comment (read by
  // the code actions of the finding below it).
  [
    '1 MB runs in a tag before the cursor, in a pattern and in a suppression comment',
    () => '<a' + ' '.repeat(1 << 20) + '>x\n<pattern-list p>\n  mail-from /' + 'a'.repeat(1 << 20) + '/ virtual-mta=x\n</pattern-list>\n# pmta-lint: disable=' + ' '.repeat(1 << 20) + '.\nbogus-directive 1\n',
  ],
  // An install script's lines: 1 MB echo lines with blanks before the redirection, and with options
  // before a line that is none (each took quadratic time in an expression), and 50k echo lines that
  // the code action cleans up at once.
  ['a 1 MB echo line of blanks, and install-script lines', () => 'echo a' + ' '.repeat(1 << 20) + 'b >> /etc/pmta/config\n' + 'echo ' + '-e '.repeat(350_000) + 'a>b >> /etc/pmta/config\n' + "cat > /etc/pmta/config <<'EOF'\n" + 'echo "<domain x.com>" >> /etc/pmta/config\necho "</domain>" >> /etc/pmta/config\n'.repeat(25_000) + 'EOF\n'],
  ['bidirectional controls on every line', () => '<domain a\u202eb.com>\n  max-smtp-out\u00a01\u2066\n</domain>\n'.repeat(20_000)],
  ['a 1 MB tag', () => '<domain ' + 'y'.repeat(1 << 20) + '>\n</domain>'],
  ['a 1 MB regex and comment', () => 'mail-from /' + '(a|b)*'.repeat(170_000) + '/ virtual-mta=x # ' + '#'.repeat(1000)],
  ['10k-deep nesting', () => '<virtual-mta v>\n'.repeat(10_000) + 'max-smtp-out 1\n' + '</virtual-mta>\n'.repeat(10_000)],
  ['10k-deep nested pattern lists', () => '<pattern-list p>\n' + '  mail-from /a/ <pattern-list>\n'.repeat(10_000)],
  ['10k unclosed tags', () => Array.from({ length: 10_000 }, (_, i) => `<domain d${i}.com>`).join('\n')],
  ['10k stray close tags', () => '</virtual-mta>\n'.repeat(10_000)],
  ['unbalanced tags mixed', () => '</domain>\n<domain x>\n<source 0/0>\n</domain>\n</source>\n<<<<\n>>>>\n</>\n<>\n<domain'],
  ['a problem on every one of 99k lines', () => 'max-smtp-out 5\n'.repeat(99_000)],
  // More than V8 takes as the arguments of one call (~120k): `push(...all)` and `Math.max(...all)` threw.
  ['150k rule lines in one run (one value column to align)', () => '<bounce-category-patterns>\n' + '  /unknown user/ bad-mailbox\n'.repeat(150_000) + '</bounce-category-patterns>\n'],
  [
    'a macro of 150k domains signed with a domain-key',
    () => `postmaster a@b.c\nsmtp-listener 0/0:25\ndomain-macro m ${Array.from({ length: 150_000 }, (_, i) => `d${i}.com`).join(',')}\ndomain-key s1, $m, /etc/pmta/k.pem\n<domain $m>\n  dkim-sign yes\n  dkim-identity x@d1.com\n</domain>\n`,
  ],
  ['20k undefined references', () => Array.from({ length: 20_000 }, (_, i) => `<virtual-mta-pool p${i}>\nvirtual-mta nowhere${i}\n</virtual-mta-pool>`).join('\n')],
  // Both sides of every conflict open a block that one close tag follows; and 60k markers no conflict is made of.
  ['a merge conflict around 15k tag lines', () => '<<<<<<< ours\n<domain a.com>\n=======\n<domain b.com>\n>>>>>>> theirs\nmax-smtp-out 1\n</domain>\n'.repeat(15_000)],
  ['60k conflict markers out of order', () => '=======\n>>>>>>> x\n|||||||\n<<<<<<<\n'.repeat(15_000)],
  ['a comma list that never ends', () => 'domain-macro m a.com,\n' + 'b.com,\n'.repeat(50_000)],
  ['only line breaks', () => '\n'.repeat(100_000)],
  ['an empty file', () => ''],
];

describe('fuzz: hostile input through the real server', () => {
  let client: LspClient;
  let caps: any;
  before(async () => {
    client = new LspClient();
    // As VS Code announces them, so the server offers prepareRename and literal code actions; and the
    // extension's autoCloseTags, so a typed `>` waits for its close tag (lsp/closeTagHold.ts).
    const editorCaps = { textDocument: { rename: { prepareSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } };
    caps = (await client.initialize(editorCaps, { autoCloseTags: true })).capabilities;
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0, `server exit code; stderr: ${client.stderr}`);
  });

  HOSTILE.forEach(([name, make], i) => {
    it(`survives ${name} and answers every request within ${ANSWER_MS} ms`, async () => {
      const uri = `file:///fuzz/hostile-${i}.pmta`;
      const text = make();
      const published = client.waitForDiagnostics(uri, () => true, 10_000);
      await client.open(uri, text);
      const diagnostics = await published;
      assert.deepEqual(diagnostics.filter((d) => d.code === 'internal-error'), []);
      await askEverything(client, caps, uri, text, diagnostics);
      // An edit in the middle, then everything again.
      const mid = Math.floor(text.split(/\r\n|\r|\n/).length / 2);
      await client.change(uri, 2, [{ range: { start: { line: mid, character: 0 }, end: { line: mid, character: 1 } }, text: '</domain>\n<x' }]);
      await askEverything(client, caps, uri, text);
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    });
  });

  it('survives random bytes decoded as UTF-8 and random strings of any code unit', async () => {
    const samples = [
      ...fc.sample(fc.uint8Array({ maxLength: 4000 }), { numRuns: 25, seed: 7 }).map((b) => new TextDecoder().decode(b)),
      ...fc.sample(fc.string({ unit: 'binary', maxLength: 3000 }), { numRuns: 25, seed: 8 }),
      ...fc.sample(fc.string({ unit: fc.constantFrom('<', '>', '/', '#', ',', ' ', '\n', '\r', '"', 'a', '=', ';', '{', '$', '\t'), maxLength: 3000 }), { numRuns: 25, seed: 9 }),
    ];
    for (const [k, text] of samples.entries()) {
      const uri = `file:///fuzz/random-${k}.pmta`;
      const published = client.waitForDiagnostics(uri, () => true, 5000);
      await client.open(uri, text);
      await published;
      await within(ANSWER_MS, client.request('textDocument/diagnostic', { textDocument: { uri } }), 'pull diagnostics');
      if (caps.hoverProvider) await within(ANSWER_MS, client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }), 'hover');
      if (caps.completionProvider) await within(ANSWER_MS, client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } }), 'completion');
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  });

  it('gives the same diagnostics after random incremental edits as a fresh analysis of the final text', async () => {
    const seed = ['<virtual-mta v1>', '  smtp-source-host 10.0.0.1 v1.example.com', '</virtual-mta>', '<virtual-mta-pool p>', '  virtual-mta v1', '</virtual-mta-pool>', '<domain x.com>', '  max-smtp-out 5', '</domain>', ''].join('\n');
    const pieces = ['<domain y>', '</domain>', '<domain z', '>', 'max-smtp-out 7', 'virtual-mta v2', '\n', '\r\n', '\r', '#', 'x', ' ', ',', '<virtual-mta v2>', '</virtual-mta>', 'bogus 1'];
    const edits = fc.sample(
      fc.array(fc.record({ line: fc.nat(30), character: fc.nat(40), span: fc.nat(2), endCharacter: fc.nat(40), text: fc.array(fc.constantFrom(...pieces), { maxLength: 3 }) }), { minLength: 5, maxLength: 40 }),
      { numRuns: 8, seed: 11 },
    );
    // And one that brings a lone \r and a \n together (one line break for the editor): a \r typed at
    // the end of a line, then a blank line between the two emptied.
    edits.unshift([
      { line: 0, character: 16, span: 0, endCharacter: 16, text: ['\r'] },
      { line: 2, character: 14, span: 0, endCharacter: 14, text: ['\r', ' ', '\n', 'bogus 1'] },
      { line: 3, character: 0, span: 0, endCharacter: 1, text: [] },
    ]);
    // A tag typed above <domain x.com> and its `>`, which waits for a close tag (lsp/closeTagHold.ts):
    // then the close tag, another edit, or nothing (the pull waits for the end of the window).
    const typeTag = { line: 6, character: 0, span: 0, endCharacter: 0, text: ['<domain z', '\n'] };
    const gt = { line: 6, character: 9, span: 0, endCharacter: 9, text: ['>'] };
    edits.unshift(
      [typeTag, gt, { line: 6, character: 10, span: 0, endCharacter: 10, text: ['\n', '</domain>'] }],
      [typeTag, gt, { line: 1, character: 0, span: 0, endCharacter: 0, text: ['#'] }],
      [typeTag, gt],
    );
    for (const [k, sequence] of edits.entries()) {
      const uri = `file:///fuzz/edits-${k}.pmta`;
      // The editor's side of the document, as an LSP client library keeps it.
      const mirror = TextDocument.create(uri, 'powermta', 1, seed);
      await client.open(uri, seed);
      for (const e of sequence) {
        const change = lspChange(placeEdit(editorLines(mirror.getText()), e, e.text.join('')));
        TextDocument.update(mirror, [change], mirror.version + 1);
        await client.change(uri, mirror.version, [change]);
      }
      const report = await client.request('textDocument/diagnostic', { textDocument: { uri } });
      const fresh = new Analyzer(catalog).analyze(new PmtaDocument(mirror.getText(), regexArg));
      const got = report.items.map((d: any) => `${d.range.start.line}:${d.range.start.character}:${d.code}`);
      assert.deepEqual(got, fresh.findings.map((f) => `${f.line}:${f.start}:${f.code}`));
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  });

  it('answers malformed parameters with InvalidParams saying what is wrong, and keeps working', async () => {
    const uri = 'file:///fuzz/malformed.pmta';
    const published = client.waitForDiagnostics(uri);
    await client.open(uri, '<domain x.com>\n  max-smtp-out 5\n</domain>\n');
    await published;
    const td = { textDocument: { uri } };
    const badPositions: unknown[] = [null, {}, { line: 2.5, character: 0 }, { line: '1', character: 2 }, { line: 0, character: null }, 7];
    const asks: [string, object][] = [];
    for (const position of badPositions) {
      for (const method of ['hover', 'completion', 'definition', 'references', 'documentHighlight', 'prepareRename', 'rename']) {
        asks.push([`textDocument/${method}`, { ...td, position, newName: 'x', context: { includeDeclaration: true } }]);
      }
      for (const method of ['codeAction', 'rangeFormatting', 'semanticTokens/range']) {
        asks.push([`textDocument/${method}`, { ...td, range: { start: position, end: { line: 0, character: 0 } }, context: { diagnostics: [] }, options: { tabSize: 2, insertSpaces: true } }]);
      }
    }
    for (const textDocument of [undefined, null, 5, {}, { uri: 5 }]) {
      for (const method of ['diagnostic', 'documentSymbol', 'foldingRange', 'formatting', 'documentLink', 'semanticTokens/full', 'hover']) {
        asks.push([`textDocument/${method}`, { textDocument, position: { line: 0, character: 0 }, options: { tabSize: 2, insertSpaces: true } }]);
      }
    }
    asks.push(['workspace/executeCommand', { command: 'powermta.effectiveSettings', arguments: [{ uri: 5, domain: 'x.com' }] }]);
    asks.push(['workspace/executeCommand', { command: 'powermta.effectiveSettings', arguments: [{ uri, domain: ['x.com'] }] }]);
    asks.push(['workspace/executeCommand', { command: 'powermta.listQueueNames', arguments: 'not a list' }]);
    asks.push(['workspace/executeCommand', { command: 'no.such.command', arguments: [{ uri }] }]);
    for (const [method, params] of asks) {
      const error = await within(ANSWER_MS, client.request(method, params).then(() => undefined, (e: { code?: number; message?: string }) => e), method);
      assert.ok(error, `${method} ${JSON.stringify(params)} was answered as if valid`);
      assert.equal(error.code, -32602, `${method} ${JSON.stringify(params)}: ${error.message}`);
      assert.match(error.message ?? '', /^(Invalid |Unknown command|powermta\.\S+ needs )/, `${method}: ${error.message}`);
    }
    // Well-formed requests still get answers; a workspace symbol query that is not text is taken as empty.
    assert.ok(await client.request('textDocument/hover', { ...td, position: { line: 1, character: 4 } }));
    assert.ok(Array.isArray(await client.request('workspace/symbol', { query: 5 })));
    const resolved = await client.request('completionItem/resolve', { label: 'x', data: { directive: 5, scope: {} } });
    assert.equal(resolved.label, 'x');
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('ignores a malformed change whole (none of it applied), says so in the log, and stays in step', async () => {
    const uri = 'file:///fuzz/malformed-change.pmta';
    let published = client.waitForDiagnostics(uri);
    await client.open(uri, 'max-smtp-ot 1\n');
    await published;
    const at = (line: number, character: number) => ({ line, character });
    const logged = client.log.length;
    // A good change followed by a bad one in the same notification; then notifications with no list, no text, no document.
    await client.change(uri, 2, [{ range: { start: at(0, 0), end: at(0, 0) }, text: '<domain x>\n' }, { range: { start: { line: 2.5, character: 0 }, end: at(0, 0) }, text: 'x' }]);
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: null });
    await client.change(uri, 4, [{ range: { start: at(0, 0), end: at(0, 0) }, text: 5 }]);
    await client.conn.sendNotification('textDocument/didChange', { contentChanges: [{ text: '' }] });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///fuzz/no-text.pmta', version: 1, text: null } });
    await client.conn.sendNotification('textDocument/didClose', { textDocument: null });
    published = client.waitForDiagnostics(uri, (d) => d.length === 2);
    await client.change(uri, 5, [{ range: { start: at(1, 0), end: at(1, 0) }, text: 'max-smtp-oz 2\n' }]);
    const diags = await within(5000, published, 'diagnostics after a good change');
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.line]), [['unknown-directive', 0], ['unknown-directive', 1]], 'the server kept the text the editor has');
    const notes = client.log.slice(logged).map((m) => m.message);
    assert.equal(notes.filter((m) => /^Ignored a malformed change to file:\/\/\/fuzz\/malformed-change\.pmta: /.test(m)).length, 3, notes.join('\n'));
    assert.ok(notes.some((m) => m === 'Ignored a malformed change to undefined: textDocument has no uri. The server\'s copy may now differ from the editor\'s: close and reopen the file.'), notes.join('\n'));
    assert.ok(notes.includes('Ignored a didOpen: textDocument has no text.'), notes.join('\n'));
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('takes a paste of 150k lines in one change and stays in step with the editor', async () => {
    const uri = 'file:///fuzz/big-paste.pmta';
    let published = client.waitForDiagnostics(uri);
    await client.open(uri, '<domain a.com>\n</domain>\nmax-smtp-ot 1\n');
    await published;
    // Splitting it into lines and splicing them in used to pass every line as an argument, and threw.
    published = client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'unknown-directive' && x.range.start.line === 150_002), 10_000);
    await client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  # pasted\n'.repeat(150_000) }]);
    await published;
    const folds = await within(ANSWER_MS, client.request('textDocument/foldingRange', { textDocument: { uri } }), 'folding after the paste');
    assert.ok(folds.some((f: { startLine: number; endLine: number }) => f.startLine === 0 && f.endLine >= 150_000), JSON.stringify(folds.slice(0, 3)));
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('answers a cancelled request with a result or RequestCancelled, and keeps working', async () => {
    const uri = 'file:///fuzz/cancel.pmta';
    const text = '<domain x.com>\n  max-smtp-out 5\n</domain>\n'.repeat(3000);
    await client.open(uri, text);
    const { CancellationTokenSource } = await import('vscode-jsonrpc');
    for (let k = 0; k < 20; k++) {
      const source = new CancellationTokenSource();
      const p = client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
      source.cancel();
      const outcome = await within(
        ANSWER_MS,
        p.then(
          () => 'result',
          (e: any) => (e?.code === -32800 ? 'cancelled' : `error ${e?.code} ${e?.message}`),
        ),
        'cancelled request',
      );
      assert.ok(outcome === 'result' || outcome === 'cancelled', outcome);
    }
    const report = await within(ANSWER_MS, client.request('textDocument/diagnostic', { textDocument: { uri } }), 'diagnostics after cancels');
    assert.equal(report.kind, 'full');
  });
});

describe('fuzz: the size cap', () => {
  it('a 1M-line file gets the file-too-large notice (diagnostic and message) and every request is answered within a second', async () => {
    const client = new LspClient();
    const messages: any[] = [];
    client.conn.onNotification('window/showMessage', (m: any) => {
      messages.push(m);
    });
    const caps = (await client.initialize()).capabilities;
    const uri = 'file:///fuzz/million.pmta';
    const text = '<domain x.com>\n  max-smtp-out 5\n</domain>\n'.repeat(333_334);
    const published = client.waitForDiagnostics(uri, (d) => d.length > 0, 10_000);
    await client.open(uri, text);
    const diags = await published;
    assert.deepEqual(diags.map((d) => [d.code, d.severity, d.range.start.line]), [['file-too-large', 3, 0]]);
    assert.match(diags[0].message, /1,000,00\d lines, more than the 300,000 set by `powermta\.maxLines`/);
    assert.equal(messages.length, 1);
    assert.match(messages[0].message, /not analysed/);
    await askEverything(client, caps, uri, text.slice(0, 200));
    // Edits still apply to a capped file, and are answered quickly.
    await within(ANSWER_MS, client.change(uri, 2, [{ range: { start: { line: 500_000, character: 0 }, end: { line: 500_000, character: 0 } }, text: 'x' }]), 'edit');
    const report = await within(ANSWER_MS, client.request('textDocument/diagnostic', { textDocument: { uri } }), 'pull diagnostics');
    assert.deepEqual(report.items.map((d: any) => d.code), ['file-too-large']);
    assert.equal(await client.shutdown(), 0);
  });

  it('releases a file that shrinks below powermta.maxLines and caps it again when it grows', async () => {
    const client = new LspClient();
    await client.initialize({}, { maxLines: 1000 });
    const uri = 'file:///fuzz/cap.pmta';
    const body = Array.from({ length: 1200 }, (_, i) => (i === 0 ? 'max-smtp-ot 5' : '# filler')).join('\n');
    const capped = client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'file-too-large'));
    await client.open(uri, body);
    await capped;
    const released = client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'unknown-directive'));
    await client.change(uri, 2, [{ range: { start: { line: 500, character: 0 }, end: { line: 900, character: 0 } }, text: '' }]);
    assert.deepEqual((await released).map((d) => d.code), ['unknown-directive']);
    const again = client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'file-too-large'));
    await client.change(uri, 3, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# more\n'.repeat(500) }]);
    await again;
    assert.equal(await client.shutdown(), 0);
  });
});

describe('fuzz: hostile input through the web build’s server (in a worker, as in a browser)', () => {
  let client: LspClient;
  let caps: any;
  before(async () => {
    client = new LspClient([BROWSER_SERVER_JS], [], WORKER_BRIDGE);
    caps = (await client.initialize({ textDocument: { rename: { prepareSupport: true } } })).capabilities;
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0, `bridge exit code; stderr: ${client.stderr}`);
  });

  HOSTILE.forEach(([name, make], i) => {
    it(`survives ${name} and answers every request within ${ANSWER_MS} ms`, async () => {
      const uri = `file:///fuzz/web-hostile-${i}.pmta`;
      const text = make();
      const published = client.waitForDiagnostics(uri, () => true, 10_000);
      await client.open(uri, text);
      const diagnostics = await published;
      assert.deepEqual(diagnostics.filter((d) => d.code === 'internal-error'), []);
      await askEverything(client, caps, uri, text, diagnostics);
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    });
  });
});
