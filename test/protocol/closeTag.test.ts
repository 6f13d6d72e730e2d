// The `>` of an opening tag, then the close tag the VS Code extension inserts after it: the server
// checks the document once, with the close tag (lsp/closeTagHold.ts), when the client says it
// closes tags (powermta.autoCloseTags, which the extension sends).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LspClient } from '../lspClient';

const URI = 'file:///etc/pmta/config';
const TEXT = ['<domain a.example', '<domain b.example>', '  max-smtp-out 2', '</domain>', ''].join('\n');
const GT = { range: { start: { line: 0, character: 17 }, end: { line: 0, character: 17 } }, text: '>' };
const CLOSE = { range: { start: { line: 0, character: 18 }, end: { line: 0, character: 18 } }, text: '\n</domain>' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const codes = (diagnostics: { code: string }[]) => diagnostics.map((d) => d.code);

/**
 * A server started with these settings, `text` open and its first diagnostics in, then `restMs` of
 * quiet: past the debounce window a change is checked at once, unless it waits.
 */
async function openedIn(settings: object, restMs: number, text = TEXT): Promise<{ client: LspClient; first: string[] }> {
  const client = new LspClient();
  await client.initialize({}, settings);
  const opened = client.waitForDiagnostics(URI);
  await client.open(URI, text);
  const first = codes(await opened);
  await sleep(restMs);
  return { client, first };
}

/** Sends one change; the codes of the next diagnostics and how long they took to come. */
/** A server that pulls diagnostics as VS Code does (closing tags, a 1 s window), the document open and pulled once. */
async function pulledIn(): Promise<{ client: LspClient; first: string[] }> {
  const client = new LspClient();
  await client.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } }, { autoCloseTags: true, diagnostics: { debounceMs: 1000 } });
  await client.open(URI, TEXT);
  const first = await client.request('textDocument/diagnostic', { textDocument: { uri: URI } });
  return { client, first: codes(first.items) };
}

async function timedChange(client: LspClient, version: number, change: object): Promise<{ codes: string[]; ms: number }> {
  const next = client.waitForDiagnostics(URI);
  const t0 = performance.now();
  await client.change(URI, version, [change]);
  const got = codes(await next);
  return { codes: got, ms: performance.now() - t0 };
}

describe('a typed > and the close tag the editor adds', () => {
  it('publishes once, for the version with the close tag, not for the unclosed block in between', async () => {
    const { client, first } = await openedIn({ autoCloseTags: true, diagnostics: { debounceMs: 600 } }, 700);
    assert.ok(first.includes('malformed-tag'));
    const next = client.waitForDiagnostics(URI);
    await client.change(URI, 2, [GT]);
    await client.change(URI, 3, [CLOSE]);
    assert.deepEqual(codes(await next), []);
    await sleep(100);
    assert.deepEqual(client.publishedVersions.get(URI), [1, 3]);
    assert.equal(await client.shutdown(), 0);
  });

  it('publishes the unclosed block when no close tag follows within the debounce window', async () => {
    const { client } = await openedIn({ autoCloseTags: true, diagnostics: { debounceMs: 400 } }, 500);
    const held = await timedChange(client, 2, GT);
    assert.ok(held.codes.includes('unclosed-block'));
    assert.ok(held.ms >= 350, 'held for the window');
    assert.deepEqual(client.publishedVersions.get(URI), [1, 2]);
    // Any other change is checked at once again.
    await sleep(500);
    const other = await timedChange(client, 3, { range: { start: { line: 2, character: 16 }, end: { line: 2, character: 16 } }, text: '0' });
    assert.ok(other.ms < 350, 'not held');
    assert.equal(await client.shutdown(), 0);
  });

  it('does not wait for an editor that does not close tags (powermta.autoCloseTags not sent)', async () => {
    const { client } = await openedIn({ diagnostics: { debounceMs: 400 } }, 500);
    const at = await timedChange(client, 2, GT);
    assert.ok(at.codes.includes('unclosed-block'));
    assert.ok(at.ms < 350, 'published at once');
    assert.equal(await client.shutdown(), 0);
  });

  it('keeps publishing while such changes keep coming, at most a debounce window later', async () => {
    // Ten tags being typed, one per line, each followed by a block that does not close it.
    const lines = Array.from({ length: 10 }, (_, i) => [`<domain t${i}.example`, '<domain b.example>', '</domain>']).flat();
    const { client } = await openedIn({ autoCloseTags: true, diagnostics: { debounceMs: 300 } }, 350, lines.join('\n'));
    // Their > typed one after another, 100 ms apart: each would wait for a close tag that never comes.
    for (let i = 0; i < 10; i++) {
      const at = { line: 3 * i, character: `<domain t${i}.example`.length };
      await client.change(URI, i + 2, [{ range: { start: at, end: at }, text: '>' }]);
      await sleep(100);
    }
    const during = client.publishedVersions.get(URI)!.length - 1;
    assert.ok(during >= 2, `published ${during} times in 1 s`);
    assert.equal(await client.shutdown(), 0);
  });

  it('answers a pull made between the two with the diagnostics of the version with the close tag', async () => {
    const { client, first } = await pulledIn();
    assert.ok(first.includes('malformed-tag'));
    await client.change(URI, 2, [GT]);
    const pulled = client.request('textDocument/diagnostic', { textDocument: { uri: URI } });
    await sleep(50);
    await client.change(URI, 3, [CLOSE]);
    assert.deepEqual(codes((await pulled).items), []);
    assert.equal(await client.shutdown(), 0);
  });

  it('answers such a pull so even when a check of an earlier change is still set for the end of the debounce window', async () => {
    const { client } = await pulledIn();
    // Within the window of the open's check: this change's check is set for the window's end.
    await client.change(URI, 2, [{ range: { start: { line: 2, character: 16 }, end: { line: 2, character: 16 } }, text: '0' }]);
    await client.change(URI, 3, [GT]);
    const pulled = client.request('textDocument/diagnostic', { textDocument: { uri: URI } });
    await sleep(50);
    await client.change(URI, 4, [CLOSE]);
    assert.deepEqual(codes((await pulled).items), []);
    assert.equal(await client.shutdown(), 0);
  });
});
