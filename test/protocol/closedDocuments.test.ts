// A closed document leaves nothing behind in the server: its text, its analysis and what the
// features computed from it (semantic tokens, value pieces, comma-list memos) are all released.
// Checked on real heap snapshots of the built server (Node's --heapsnapshot-signal): a string only
// this document contains is in the heap while it is open and gone once it is closed.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { LspClient } from '../lspClient';

const MARK = 'closedleak7f3a';
const URI = 'file:///etc/pmta/closed-document';
/** Directives, blocks and a comma list (read by semantic tokens through the statement memo), each naming the mark. */
const TEXT = [
  `<virtual-mta vmta-${MARK}>`,
  '  smtp-source-host 203.0.113.7 mta.example.com',
  '</virtual-mta>',
  `<virtual-mta-pool pool-${MARK}>`,
  `  virtual-mta vmta-${MARK}`,
  '</virtual-mta-pool>',
  `<domain ${MARK}.example>`,
  '  max-smtp-out 5',
  '</domain>',
  `<pattern-list list-${MARK}>`,
  `  mail-from /@${MARK}-a\\.example$/ virtual-mta=vmta-${MARK}`,
  '</pattern-list>',
  `relay-domain ${MARK}.example,`,
  `  ${MARK}-b.example`,
  ...Array.from({ length: 200 }, (_, i) => `# filler ${i}`),
  '',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'pmta-heap-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Has the server write a heap snapshot (a full GC first) and returns its strings. */
async function heapStrings(client: LspClient): Promise<string[]> {
  const before = new Set(readdirSync(dir));
  client.proc.kill('SIGUSR2');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    if (!file) continue;
    try {
      return JSON.parse(readFileSync(join(dir, file), 'utf8')).strings as string[];
    } catch {
      // Still being written.
    }
  }
  throw new Error('the server wrote no heap snapshot within 30 s');
}

/** A server that writes a heap snapshot on SIGUSR2. */
async function startServer(): Promise<LspClient> {
  const client = new LspClient(['--stdio'], ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`]);
  await client.initialize();
  return client;
}

/** The strings in the server's heap that hold the mark. */
async function marked(client: LspClient): Promise<string[]> {
  return (await heapStrings(client)).filter((s) => s.includes(MARK));
}

/**
 * Closes a document, then has another one checked and closed: V8 keeps the subject of the last
 * regular-expression match (for RegExp.lastMatch), and another document checked afterwards moves
 * it on. That document gets no feature requests, so it does not move on what the features might
 * keep of the last document they answered for. Returns once the server has handled it all.
 */
async function closeAndMoveOn(client: LspClient, uri: string): Promise<void> {
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const other = 'file:///etc/pmta/other-document';
  const checked = client.waitForDiagnostics(other);
  await client.open(other, 'max-smtp-out 5\n');
  await checked;
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: other } });
  // A request answered after the closes: the notifications have been handled.
  await client.request('workspace/symbol', { query: 'x' });
}

describe('closing a document', () => {
  it('releases its text and everything computed from it', async () => {
    const client = await startServer();
    const diagnostics = client.waitForDiagnostics(URI);
    await client.open(URI, TEXT);
    await diagnostics;
    const td = { textDocument: { uri: URI } };
    const tokens = await client.request('textDocument/semanticTokens/full', td);
    assert.ok(tokens.data.length > 0);
    await client.request('textDocument/documentSymbol', td);
    await client.request('textDocument/foldingRange', td);
    const at = (line: number, character: number) => ({ ...td, position: { line, character } });
    await client.request('textDocument/hover', at(10, 16));
    const items = await client.request('textDocument/completion', at(4, 20));
    await client.request('textDocument/completion', at(7, 4));
    const item = (Array.isArray(items) ? items : items?.items)?.[0];
    if (item) await client.request('completionItem/resolve', item);
    await client.request('textDocument/definition', at(4, 18));
    await client.request('textDocument/references', { ...at(0, 16), context: { includeDeclaration: true } });
    await client.request('textDocument/documentHighlight', at(0, 16));
    await client.request('textDocument/prepareRename', at(0, 16));
    await client.request('textDocument/rename', { ...at(0, 16), newName: `renamed-${MARK}` });
    await client.request('textDocument/documentLink', td);
    await client.request('textDocument/formatting', { ...td, options: { tabSize: 2, insertSpaces: true } });
    await client.request('textDocument/semanticTokens/range', { ...td, range: { start: { line: 0, character: 0 }, end: { line: 14, character: 0 } } });
    await client.request('workspace/symbol', { query: MARK });
    // An edit (a keystroke in a tag argument), then what the editor asks again after it.
    const edited = client.waitForDiagnostics(URI);
    await client.change(URI, 2, [{ range: { start: { line: 6, character: 8 }, end: { line: 6, character: 8 } }, text: 'x' }]);
    await edited;
    const diagnostics2 = client.diagnostics.get(URI) ?? [];
    await client.request('textDocument/codeAction', { ...td, range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, context: { diagnostics: diagnostics2 } });
    await client.request('textDocument/semanticTokens/full/delta', { ...td, previousResultId: tokens.resultId });

    assert.ok((await marked(client)).length > 0, 'while open, the heap holds the text (the check can see it)');
    await closeAndMoveOn(client, URI);
    assert.deepEqual(await marked(client), [], 'after the close no string of the document is left');
    assert.equal(await client.shutdown(), 0);
  });

  it('releases a main file of a configuration set, whose included file stays read from disk', async () => {
    // On disk: a main file that includes a file. In the editor the main file has unsaved text with
    // the mark, so what the server may keep of the disk copy (it caches included files) has none.
    const conf = join(dir, 'set');
    mkdirSync(conf, { recursive: true });
    writeFileSync(join(conf, 'config'), 'include included.conf\n');
    writeFileSync(join(conf, 'included.conf'), '<virtual-mta vmta-in-set>\n    smtp-source-host 203.0.113.8 in-set.example.com\n</virtual-mta>\n');
    const main = pathToFileURL(join(conf, 'config')).href;
    const client = await startServer();
    const checked = client.waitForDiagnostics(main);
    await client.open(main, `include included.conf\n<virtual-mta-pool pool-${MARK}>\n    virtual-mta vmta-in-set\n</virtual-mta-pool>\n`);
    await checked;
    const td = { textDocument: { uri: main } };
    await client.request('textDocument/semanticTokens/full', td);
    await client.request('textDocument/definition', { ...td, position: { line: 2, character: 20 } });
    assert.ok((await marked(client)).length > 0, 'while open, the heap holds the text');
    await closeAndMoveOn(client, main);
    assert.deepEqual(await marked(client), [], 'after the close no string of the main file is left');
    assert.equal(await client.shutdown(), 0);
  });

  it('keeps the files read from disk for the configuration closed last, and lets them go when another is closed after it', async () => {
    // Two configurations on disk, each a main file that includes a file; only the first one's
    // included file holds the mark. The server keeps a closed configuration's included files (and
    // their checks) for a quick reopen, but only for the configuration closed last.
    const write = (name: string, included: string) => {
      const conf = join(dir, name);
      mkdirSync(conf, { recursive: true });
      writeFileSync(join(conf, 'config'), 'include included.conf\n');
      writeFileSync(join(conf, 'included.conf'), included);
      return pathToFileURL(join(conf, 'config')).href;
    };
    const first = write('first', `<virtual-mta vmta-${MARK}>\n    smtp-source-host 203.0.113.9 first.example.com\n</virtual-mta>\n`);
    const second = write('second', '<virtual-mta vmta-second>\n    smtp-source-host 203.0.113.10 second.example.com\n</virtual-mta>\n');
    const client = await startServer();
    const openAndClose = async (uri: string) => {
      const checked = client.waitForDiagnostics(uri);
      await client.open(uri, 'include included.conf\n');
      await checked;
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await client.request('workspace/symbol', { query: 'x' });
    };
    await openAndClose(first);
    assert.ok((await marked(client)).length > 0, 'the included file of the configuration closed last is kept');
    await openAndClose(second);
    assert.deepEqual(await marked(client), [], 'once another configuration is closed, nothing of the first one is left');
    assert.equal(await client.shutdown(), 0);
  });
});
