import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../lspClient';

/** Navigation across the files of one configuration: definition, references, rename, hover. */
describe('language server: navigation across included files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-nav-'));
  const main = join(dir, 'pmta', 'config');
  const vmtas = join(dir, 'pmta', 'conf.d', 'vmtas.conf');
  const mainUri = pathToFileURL(main).href;
  const vmtasUri = pathToFileURL(vmtas).href;
  let client: LspClient;
  before(async () => {
    mkdirSync(join(dir, 'pmta', 'conf.d'), { recursive: true });
    writeFileSync(main, 'include /etc/pmta/conf.d/vmtas.conf\n<virtual-mta-pool pool>\n  virtual-mta mta1\n</virtual-mta-pool>\n<domain gmail.com>\n  max-smtp-out 4\n</domain>\n');
    writeFileSync(vmtas, '<virtual-mta mta1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n</virtual-mta>\n');
    client = new LspClient();
    await client.initialize();
    await client.open(mainUri, readFileSync(main, 'utf8'));
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes to a definition in the included file', async () => {
    const locs = await client.request('textDocument/definition', { textDocument: { uri: mainUri }, position: { line: 2, character: 16 } });
    assert.deepEqual(locs, [{ uri: vmtasUri, range: { start: { line: 0, character: 13 }, end: { line: 0, character: 17 } } }]);
  });

  it('finds references and renames across files', async () => {
    const refs = await client.request('textDocument/references', { textDocument: { uri: mainUri }, position: { line: 2, character: 16 }, context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r: any) => r.uri).sort(), [mainUri, vmtasUri].sort());
    const edit = await client.request('textDocument/rename', { textDocument: { uri: mainUri }, position: { line: 2, character: 16 }, newName: 'mta-one' });
    assert.deepEqual(Object.keys(edit.changes).sort(), [mainUri, vmtasUri].sort());
    assert.equal(edit.changes[vmtasUri][0].newText, 'mta-one');
  });

  it('hovers a reference with the definition from the other file, and a <domain> tag with its effective settings', async () => {
    const h = await client.request('textDocument/hover', { textDocument: { uri: mainUri }, position: { line: 2, character: 16 } });
    assert.match(h.contents.value, /conf\.d\/vmtas\.conf, line 1/);
    assert.match(h.contents.value, /203\.0\.113\.5/);
    const d = await client.request('textDocument/hover', { textDocument: { uri: mainUri }, position: { line: 4, character: 10 } });
    assert.match(d.contents.value, /Effective settings for `gmail\.com`/);
    assert.match(d.contents.value, /`max-smtp-out` \| `4` \| line 6 `<domain gmail\.com>`/);
  });
});
