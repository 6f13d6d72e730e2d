import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type TestKey, rsaKey, tempDir } from '../dkimKeys';
import { LspClient } from '../lspClient';

let dir: string;
let uri: string;
let good: TestKey;
let client: LspClient;

const TEXT = ['domain-key a, example.com, weak.pem', 'domain-key b, example.com, missing.pem', 'domain-key c, example.com, good.pem', ''].join('\n');
const dkimCodes = (d: any[]) => d.filter((x) => String(x.code).startsWith('dkim-')).map((x) => `${x.range.start.line + 1}:${x.code}`);

describe('DKIM keys in the language server (built bundle over stdio)', () => {
  before(async () => {
    dir = tempDir('pmta-dkim-lsp-');
    rsaKey(dir, 'weak.pem', 1024);
    good = rsaKey(dir, 'good.pem', 2048);
    writeFileSync(join(dir, 'config'), TEXT);
    uri = pathToFileURL(join(dir, 'config')).href;
    client = new LspClient();
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('advertises hover, code actions and the DNS command', async () => {
    const r = await client.initialize();
    assert.equal(r.capabilities.hoverProvider, true);
    assert.ok(r.capabilities.codeActionProvider);
    assert.ok(r.capabilities.executeCommandProvider.commands.includes('powermta.checkDns'));
  });

  it('reports key problems after the background pass, without blocking the first publish', async () => {
    const first = client.waitForDiagnostics(uri);
    const checked = client.waitForDiagnostics(uri, (d) => dkimCodes(d).length > 0);
    await client.open(uri, TEXT);
    assert.deepEqual(dkimCodes(await first), [], 'the first publish answers from the (empty) key cache');
    assert.deepEqual(dkimCodes(await checked), ['1:dkim-key-weak', '2:dkim-key-missing']);
  });

  it('edits answer from the cache at once; a key file changed on disk is re-read on the next pass', async () => {
    const fixed = client.waitForDiagnostics(uri, (d) => !dkimCodes(d).includes('1:dkim-key-weak'));
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 27 }, end: { line: 0, character: 35 } }, text: 'good.pem' }]);
    assert.deepEqual(dkimCodes(await fixed), ['2:dkim-key-missing']);
    writeFileSync(join(dir, 'missing.pem'), 'not a key');
    const reread = client.waitForDiagnostics(uri, (d) => dkimCodes(d).includes('2:dkim-key-invalid'));
    await client.change(uri, 3, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '# touch\n' }]);
    assert.deepEqual(dkimCodes(await reread), ['2:dkim-key-invalid']);
  });

  it('hover on a domain-key line shows the TXT record to publish', async () => {
    const h = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 14 } });
    const md: string = h.contents.value;
    assert.match(md, /RSA 2048 bits/);
    assert.ok(md.includes(`c._domainkey.example.com. IN TXT "v=DKIM1; k=rsa; p=${good.p.slice(0, 237)}" "${good.p.slice(237)}"`), md);
    assert.match(md, /255/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 1 } }), null, 'no hover off domain-key lines');
  });

  it('offers "Copy DKIM DNS record" as a code action carrying the record', async () => {
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.equal(actions.length, 1);
    const [a] = actions;
    assert.equal(a.title, 'Copy DKIM DNS record for c._domainkey.example.com');
    assert.equal(a.command.command, 'powermta.copyDkimRecord');
    const arg = a.command.arguments[0];
    assert.equal(arg.name, 'c._domainkey.example.com');
    assert.equal(arg.type, 'TXT');
    assert.equal(arg.value, good.record);
    assert.equal(arg.strings.join(''), good.record);
    assert.ok(arg.zoneLine.startsWith('c._domainkey.example.com. IN TXT "v=DKIM1; k=rsa; p='));
    const none = await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } });
    assert.deepEqual(none, [], 'no record for an invalid key');
  });

  it('every document naming a key gets its findings, also when another read the key first', async () => {
    // Both open before the first pass: both first publishes come from an empty key cache, the
    // first pass reads the key, and the other document's pass finds the key already read.
    const other = pathToFileURL(join(dir, 'other.conf')).href;
    const third = pathToFileURL(join(dir, 'third.conf')).href;
    rsaKey(dir, 'shared.pem', 1024);
    const text = 'domain-key a, example.org, shared.pem\n';
    const checked = [other, third].map((u) => client.waitForDiagnostics(u, (d) => dkimCodes(d).length > 0));
    await client.open(other, text);
    await client.open(third, text);
    for (const d of await Promise.all(checked)) assert.deepEqual(dkimCodes(d), ['1:dkim-key-weak']);
  });

  it('reports key problems in an included file that is not open, with the configuration that includes it', async () => {
    rsaKey(dir, 'included.pem', 1024);
    writeFileSync(join(dir, 'keys.conf'), `domain-key a, example.net, ${join(dir, 'included.pem')}\n`);
    const main = pathToFileURL(join(dir, 'main.conf')).href;
    const included = pathToFileURL(join(dir, 'keys.conf')).href;
    const mainText = `include ${join(dir, 'keys.conf')}\n`;
    writeFileSync(join(dir, 'main.conf'), mainText);
    const checked = client.waitForDiagnostics(included, (d) => dkimCodes(d).length > 0);
    await client.open(main, mainText);
    assert.deepEqual(dkimCodes(await checked), ['1:dkim-key-weak']);
  });
});
