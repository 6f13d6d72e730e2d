import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../dkimKeys';
import { LspClient } from '../lspClient';
import { type DnsServer, startDnsmasq } from './dnsmasq';
import { EXPECTED, type Fixture, makeFixture } from './fixture';

let fx: Fixture;
let dns: DnsServer;
let client: LspClient;
let uri: string;
const messages: { type: number; message: string }[] = [];

const dnsDiags = (d: any[]) =>
  d
    .filter((x) => String(x.code).startsWith('dns-'))
    .map((x) => `${x.range.start.line + 1}:${x.code}:${['', 'error', 'warning', 'information', 'hint'][x.severity]}`)
    .sort();
/** The next window/showMessage notification (fails after 5 s). */
const nextMessage = () =>
  new Promise<{ type: number; message: string }>((resolve, reject) => {
    const n = messages.length;
    const started = Date.now();
    const t = setInterval(() => {
      if (messages.length > n) {
        clearInterval(t);
        resolve(messages[n]);
      } else if (Date.now() - started > 5000) {
        clearInterval(t);
        reject(new Error('no window/showMessage within 5 s'));
      }
    }, 10);
  });

describe('powermta.checkDns over LSP (built server, real DNS server)', () => {
  before(async () => {
    fx = makeFixture(tempDir('pmta-dns-lsp-'));
    dns = await startDnsmasq(fx.zone);
    uri = pathToFileURL(fx.configPath).href;
    client = new LspClient();
    client.conn.onNotification('window/showMessage', (m: any) => {
      messages.push(m);
    });
    await client.initialize({}, { dns: { server: dns.address } });
    const ready = client.waitForDiagnostics(uri);
    await client.open(uri, readFileSync(fx.configPath, 'utf8'));
    await ready;
  });
  after(async () => {
    await dns?.stop();
    assert.equal(await client.shutdown(), 0);
    rmSync(fx.dir, { recursive: true, force: true });
  });

  it('publishes no DNS findings until asked', () => {
    assert.deepEqual(dnsDiags(client.diagnostics.get(uri) ?? []), []);
  });

  it('checks the document on request (server from the settings) and publishes the findings with the others', async () => {
    const published = client.waitForDiagnostics(uri, (d) => dnsDiags(d).length > 0);
    const shown = nextMessage();
    const [result] = await client.request('workspace/executeCommand', { command: 'powermta.checkDns', arguments: [uri] });
    assert.equal(result.uri, uri);
    assert.deepEqual(result.checks, { ptr: 5, dkim: 7, spf: 6 });
    assert.deepEqual(result.findings, { 'dns-ptr-mismatch': 3, 'dns-dkim-mismatch': 3, 'dns-spf-fail': 3 });
    assert.deepEqual(dnsDiags(await published), [...EXPECTED].sort());
    const m = await shown;
    assert.equal(m.type, 3, 'an information message');
    assert.match(m.message, /DNS check of config: 5 source IP\(s\), 7 DKIM record\(s\), 6 SPF pair\(s\) checked with DNS server 127\.0\.0\.1:\d+; 9 problem\(s\)/);
  });

  it('pull diagnostics include the DNS findings too', async () => {
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    assert.deepEqual(dnsDiags(report.items), [...EXPECTED].sort());
  });

  it('drops the DNS findings at the next edit', async () => {
    const cleared = client.waitForDiagnostics(uri, (d) => dnsDiags(d).length === 0);
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
    assert.deepEqual(dnsDiags(await cleared), []);
  });

  it('an unreachable server (given as an argument) gives a warning message and lookup warnings, without hanging', async () => {
    const t = Date.now();
    const shown = nextMessage();
    const published = client.waitForDiagnostics(uri, (d) => dnsDiags(d).length > 0);
    const [result] = await client.request('workspace/executeCommand', { command: 'powermta.checkDns', arguments: [uri, { server: '127.0.0.1:9' }] });
    assert.ok(Date.now() - t < 3000);
    assert.match(result.notices[0], /DNS server 127\.0\.0\.1:9 did not answer \(connection refused\)/);
    const m = await shown;
    assert.equal(m.type, 2, 'a warning message');
    assert.match(m.message, /did not answer/);
    assert.deepEqual([...new Set(dnsDiags(await published).map((s) => s.split(':')[1]))], ['dns-lookup-failed']);
  });

  it('without arguments checks every open document', async () => {
    const second = pathToFileURL(fx.configPath + '.copy').href;
    await client.open(second, 'smtp-source-host 192.0.2.10 mta1.example.com\n');
    const results = await client.request('workspace/executeCommand', { command: 'powermta.checkDns', arguments: [] });
    assert.deepEqual(results.map((r: any) => r.uri).sort(), [uri, second].sort());
    assert.deepEqual(results.find((r: any) => r.uri === second).findings, {}, 'PTR and A of mta1 agree');
  });
});
