import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BROWSER_SERVER_JS, LspClient, WORKER_BRIDGE } from '../lspClient';

// The web build's server (server/out/browserServer.js) in a worker thread: it has no disk, only
// the files the extension sends (`powermta/files`) and those it asks for (`powermta/readFiles`).
const FOLDER = 'file:///web/repo';
const uri = (path: string) => `${FOLDER}/${path}`;
const MAIN = 'pmta/config';
const CONF_D = 'pmta/conf.d/vmtas.conf';
const EXTRA = 'extra/domains.inc';
const TEXTS: Record<string, string> = {
  [MAIN]: 'postmaster postmaster@example.com\ninclude /etc/pmta/conf.d/*.conf\ninclude ../extra/domains.inc\n<virtual-mta-pool pool>\n  virtual-mta v-conf\n</virtual-mta-pool>\n<virtual-mta v-main>\n  smtp-source-host 192.0.2.8 mta8.example.com\n</virtual-mta>\n',
  [CONF_D]: '<virtual-mta v-conf>\n  smtp-source-host 192.0.2.7 mta7.example.com\n</virtual-mta>\nmax-smtp-ot 3\n<virtual-mta-pool pool-c>\n  virtual-mta v-main\n</virtual-mta-pool>\n',
  [EXTRA]: '<domain example.com>\n  use-starttls yess\n</domain>\n',
};
const codes = (diagnostics: any[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`).sort();

async function webServer(sent: string[], answer: (uris: string[]) => { uri: string; text: string | null }[]) {
  const client = new LspClient([BROWSER_SERVER_JS], [], WORKER_BRIDGE);
  const asked: string[][] = [];
  client.conn.onRequest('powermta/readFiles', (params: { uris: string[] }) => {
    asked.push(params.uris);
    return answer(params.uris);
  });
  await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: FOLDER, workspaceFolders: [{ uri: FOLDER, name: 'repo' }], capabilities: {} });
  await client.conn.sendNotification('initialized', {});
  await client.conn.sendNotification('powermta/files', { files: sent.map((p) => ({ uri: uri(p), text: TEXTS[p] })), complete: true });
  return { client, asked };
}

const fromTexts = (uris: string[]) => uris.map((u) => ({ uri: u, text: TEXTS[u.slice(FOLDER.length + 1)] ?? null }));

describe('the web build’s server (a worker, files from the editor)', () => {
  it('follows includes through the files sent, and asks for a file it was not sent before publishing', async () => {
    const { client, asked } = await webServer([MAIN, CONF_D], fromTexts);
    try {
      const main = client.waitForDiagnostics(uri(MAIN));
      const confD = client.waitForDiagnostics(uri(CONF_D));
      const extra = client.waitForDiagnostics(uri(EXTRA));
      await client.open(uri(MAIN), TEXTS[MAIN]);
      // No include-not-found for ../extra/domains.inc (asked for, then read), no undefined-reference for v-conf (conf.d).
      assert.deepEqual(codes(await main), []);
      assert.deepEqual(codes(await confD), ['4:unknown-directive']);
      assert.deepEqual(codes(await extra), ['2:invalid-value']);
      assert.ok(asked.flat().includes(uri(EXTRA)), `asked for ${JSON.stringify(asked)}`);
      assert.ok(!asked.flat().includes(uri(CONF_D)), 'a file that was sent is not asked for');
    } finally {
      await client.shutdown();
    }
  });

  it('reports an include the editor cannot read as missing, and asks for it only once', async () => {
    const { client, asked } = await webServer([MAIN, CONF_D], (uris) => uris.map((u) => ({ uri: u, text: null })));
    try {
      const main = client.waitForDiagnostics(uri(MAIN), (d) => d.length > 0);
      await client.open(uri(MAIN), TEXTS[MAIN]);
      assert.deepEqual(codes(await main), ['3:include-not-found']);
      await client.change(uri(MAIN), 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      await client.waitForDiagnostics(uri(MAIN), (d) => codes(d).join() === '4:include-not-found');
      assert.equal(asked.flat().filter((u) => u === uri(EXTRA)).length, 1, JSON.stringify(asked));
    } finally {
      await client.shutdown();
    }
  });

  it('checks an included file opened alone inside the main file it finds among the files sent, and again when one changes', async () => {
    const { client } = await webServer([MAIN, CONF_D, EXTRA], fromTexts);
    try {
      // v-main is defined in the main file: checked inside it, conf.d has its own typo only (alone, v-main would be undefined).
      await client.open(uri(CONF_D), TEXTS[CONF_D]);
      assert.deepEqual(codes(await client.waitForDiagnostics(uri(CONF_D))), ['4:unknown-directive']);
      // The main file changes on the editor's side (not open): the pool now names a VMTA nobody defines.
      const changed = TEXTS[MAIN].replace('virtual-mta v-conf', 'virtual-mta v-gone');
      const mainDiags = client.waitForDiagnostics(uri(MAIN), (d) => codes(d).includes('5:undefined-reference'));
      await client.conn.sendNotification('powermta/files', { files: [{ uri: uri(MAIN), text: changed }], complete: false });
      await mainDiags;
    } finally {
      await client.shutdown();
    }
  });

  it('finds what the Node server finds in every configuration of the real corpus', async () => {
    const dir = join(__dirname, '..', 'corpus', 'real');
    const files = readdirSync(dir).filter((f) => f !== 'SOURCES.tsv').sort();
    const servers = [new LspClient(), new LspClient([BROWSER_SERVER_JS], [], WORKER_BRIDGE)];
    let findings = 0;
    try {
      await Promise.all(servers.map((s) => s.initialize({}, undefined)));
      for (const f of files) {
        const text = readFileSync(join(dir, f), 'utf8');
        const u = `untitled:${f}`;
        const [node, web] = await Promise.all(
          servers.map(async (s) => {
            const published = s.waitForDiagnostics(u, () => true, 20_000);
            await s.open(u, text);
            return (await published).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`);
          }),
        );
        assert.deepEqual(web, node, f);
        findings += node.length;
      }
      assert.ok(files.length >= 30, `${files.length} corpus files`);
      assert.ok(findings > 500, `${findings} findings in the corpus`);
    } finally {
      await Promise.all(servers.map((s) => s.shutdown()));
    }
  });
});
