import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes } from 'vscode-languageserver/node';
// @ts-expect-error plain JavaScript module (the benchmark's deterministic generator)
import { generateConfig } from '../../bench/generate.mjs';
import { LspClient } from '../lspClient';

const URI = 'file:///etc/pmta/config';
const TEXT = ['<domain *>', '    max-smtp-ot 20', '</domain>', 'http-access 0/0 admin', ''].join('\n');

describe('language server over stdio (push diagnostics)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('initializes with incremental sync and names itself', async () => {
    const result = await client.initialize();
    assert.equal(result.capabilities.textDocumentSync.change, 2);
    assert.equal(result.serverInfo.name, 'powermta-language-server');
    assert.ok(result.capabilities.diagnosticProvider);
  });

  it('publishes diagnostics with codes and source on didOpen', async () => {
    const wait = client.waitForDiagnostics(URI);
    await client.open(URI, TEXT);
    const diags = await wait;
    const byCode = Object.fromEntries(diags.map((d) => [d.code, d]));
    assert.equal(byCode['unknown-directive'].severity, 2);
    assert.equal(byCode['unknown-directive'].source, 'powermta');
    assert.deepEqual(byCode['unknown-directive'].range, { start: { line: 1, character: 4 }, end: { line: 1, character: 15 } });
    assert.match(byCode['unknown-directive'].message, /max-smtp-out/);
    assert.equal(byCode['public-admin-access'].severity, 1);
  });

  it('applies incremental changes and republishes', async () => {
    const wait = client.waitForDiagnostics(URI, (d) => !d.some((x) => x.code === 'unknown-directive'));
    await client.change(URI, 2, [{ range: { start: { line: 1, character: 14 }, end: { line: 1, character: 14 } }, text: 'u' }]);
    const diags = await wait;
    assert.deepEqual(diags.map((d) => d.code), ['public-admin-access']);
    const wait2 = client.waitForDiagnostics(URI, (d) => d.length === 0);
    await client.change(URI, 3, [{ range: { start: { line: 3, character: 12 }, end: { line: 3, character: 15 } }, text: '127.0.0.1' }]);
    assert.deepEqual(await wait2, []);
  });

  it('answers pull diagnostics (LSP 3.17) with the same findings', async () => {
    await client.change(URI, 4, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'bogus-name 1\n' }]);
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri: URI } });
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.items.map((d: any) => [d.code, d.range.start.line]), [['unknown-directive', 0]]);
  });

  it('clears diagnostics when the document closes', async () => {
    const wait = client.waitForDiagnostics(URI, (d) => d.length === 0);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    assert.deepEqual(await wait, []);
  });

  it('applies per-code severity settings from initializationOptions', async () => {
    const other = new LspClient();
    await other.initialize({}, { diagnostics: { severity: { 'unknown-directive': 'error', 'public-admin-access': 'off' } } });
    const wait = other.waitForDiagnostics(URI);
    await other.open(URI, TEXT);
    const diags = await wait;
    assert.deepEqual(diags.map((d) => [d.code, d.severity]), [['unknown-directive', 1]]);
    assert.equal(await other.shutdown(), 0);
  });
});

describe('language server with a pull-diagnostics client', () => {
  it('does not push when the client pulls', async () => {
    const client = new LspClient();
    await client.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } });
    await client.open(URI, TEXT);
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri: URI } });
    assert.equal(report.items.length, 2);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(client.diagnostics.has(URI), false);
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server while it checks a large file in slices', () => {
  let client: LspClient;
  const large = generateConfig(40_000);
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
  });
  /** A method the server does not know is answered (with an error) by the protocol library at once. */
  const ping = () => client.conn.sendRequest('test/ping').then(() => performance.now(), () => performance.now());

  it('answers requests that queued up during a slice at the next pause, not one per slice', async () => {
    const uri = 'file:///bench/large.pmta';
    const published = client.waitForDiagnostics(uri, () => true, 120_000).then(() => performance.now());
    await client.open(uri, large);
    const answered = await Promise.all(Array.from({ length: 48 }, ping));
    const done = await published;
    const late = answered.filter((t) => t > done).length;
    assert.equal(late, 0, `${late} of ${answered.length} requests were answered only after the analysis finished`);
  });

  it('keeps answering while the first requests of an editor wait for the first check of a large file', async () => {
    const uri = 'file:///bench/large-requests.pmta';
    await client.open(uri, large);
    // What VS Code asks for as soon as a file opens; each needs the whole file checked.
    const symbols = client.request('textDocument/documentSymbol', { textDocument: { uri } }).then((r) => ({ at: performance.now(), r }));
    const folding = client.request('textDocument/foldingRange', { textDocument: { uri } });
    const pings: Promise<number>[] = [];
    for (let k = 0; k < 24; k++) {
      pings.push(ping());
      await new Promise((r) => setTimeout(r, 5));
    }
    const { at, r } = await symbols;
    assert.ok(Array.isArray(r) && r.length > 1000, 'the outline of the whole file');
    assert.ok(((await folding) as unknown[]).length > 1000);
    const early = (await Promise.all(pings)).filter((t) => t < at).length;
    // Before, the first of these requests ran the whole check in one block: every ping came after it.
    assert.ok(early >= 12, `only ${early} of 24 pings were answered before the outline`);
  });

  it('drops a request the editor cancels while it waits for the first check', async () => {
    const uri = 'file:///bench/large-cancel.pmta';
    await client.open(uri, large);
    const source = new CancellationTokenSource();
    const hover = client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 3 } }, source.token);
    source.cancel();
    await assert.rejects(hover, (e: { code?: number }) => e.code === LSPErrorCodes.RequestCancelled);
    // The document is still served.
    const later = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 3 } });
    assert.ok(later);
  });
});
