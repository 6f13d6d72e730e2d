import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../lspClient';

describe('language server commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-cmd-'));
  const main = join(dir, 'pmta', 'config');
  const uri = pathToFileURL(main).href;
  let client: LspClient;
  before(async () => {
    mkdirSync(join(dir, 'pmta'), { recursive: true });
    writeFileSync(main, 'include domains.conf\n<domain *>\n  max-smtp-out 20\n</domain>\n<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n</virtual-mta>\n');
    writeFileSync(join(dir, 'pmta', 'domains.conf'), '<domain gmail.com>\n  max-smtp-out 4\n</domain>\n');
    client = new LspClient();
    const init = await client.initialize();
    assert.ok(init.capabilities.executeCommandProvider.commands.includes('powermta.effectiveSettings'));
    await client.open(uri, readFileSync(main, 'utf8'));
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows effective settings with the file and line of each value', async () => {
    const text: string = await client.request('workspace/executeCommand', { command: 'powermta.effectiveSettings', arguments: [{ uri, domain: 'gmail.com', vmta: 'v1' }] });
    assert.match(text, /Effective settings for gmail\.com in virtual MTA v1/);
    assert.match(text, /max-smtp-out\s+4\s+domains\.conf:2 <domain gmail\.com>/);
    assert.match(text, /bounce-after\s+4d12h\s+default/);
    const json: any = await client.request('workspace/executeCommand', { command: 'powermta.effectiveSettings', arguments: [{ uri, domain: 'yahoo.com', format: 'json' }] });
    assert.deepEqual(json.settings.find((s: any) => s.name === 'max-smtp-out').source, { file: 'config', line: 3, block: '<domain *>' });
  });

  it('lists the queue names a user can pick', async () => {
    const names: any = await client.request('workspace/executeCommand', { command: 'powermta.listQueueNames', arguments: [{ uri }] });
    assert.deepEqual(names, { domains: ['*', 'gmail.com'], vmtas: ['v1'] });
  });
});
