import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../lspClient';

describe('language server: a configuration split over files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-ws-'));
  const main = join(dir, 'pmta', 'config');
  const vmtas = join(dir, 'pmta', 'conf.d', 'vmtas.conf');
  const url = (p: string) => pathToFileURL(p).href;
  let client: LspClient;

  before(async () => {
    mkdirSync(join(dir, 'pmta', 'conf.d'), { recursive: true });
    writeFileSync(main, 'include /etc/pmta/conf.d/vmtas.conf\n<virtual-mta-pool pool>\n  virtual-mta v1\n  virtual-mta v2\n</virtual-mta-pool>\n');
    writeFileSync(vmtas, '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n</virtual-mta>\nmax-smtp-ot 3\n');
    client = new LspClient();
    await client.initialize({}, undefined);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves names defined in an included file and publishes the included file’s own diagnostics', async () => {
    const mainDiags = client.waitForDiagnostics(url(main));
    const includedDiags = client.waitForDiagnostics(url(vmtas));
    await client.open(url(main), '' + require('node:fs').readFileSync(main, 'utf8'));
    assert.deepEqual((await mainDiags).map((d) => [d.code, d.range.start.line, d.message.includes('v2')]), [['undefined-reference', 3, true]]);
    assert.deepEqual((await includedDiags).map((d) => [d.code, d.range.start.line]), [['unknown-directive', 3]]);
  });

  it('re-links when the included file is opened and edited', async () => {
    const wait = client.waitForDiagnostics(url(main), (d) => d.length === 0);
    await client.open(url(vmtas), require('node:fs').readFileSync(vmtas, 'utf8'));
    await client.change(url(vmtas), 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '<virtual-mta v2>\n  smtp-source-host 203.0.113.6 mta2.example.com\n</virtual-mta>\n' }]);
    await wait;
  });

  it('leads from an include line to the files it reads: definition, link and hover, through the /etc/pmta mapping and wildcards', async () => {
    const extra = join(dir, 'pmta', 'conf.d', 'extra.conf');
    writeFileSync(extra, '# nothing yet\n');
    const text = 'include /etc/pmta/conf.d/vmtas.conf\ninclude conf.d/*.conf\ninclude /etc/pmta/conf.d/missing.conf\n';
    const other = new LspClient();
    await other.initialize();
    try {
      const wait = other.waitForDiagnostics(url(main));
      await other.open(url(main), text);
      await wait;
      const at = (line: number, character: number) => ({ textDocument: { uri: url(main) }, position: { line, character } });
      const one = await other.request<{ uri: string }[]>('textDocument/definition', at(0, 20));
      assert.deepEqual(one.map((l) => l.uri), [url(vmtas)], 'the workspace copy of /etc/pmta/conf.d/vmtas.conf');
      const many = await other.request<{ uri: string }[]>('textDocument/definition', at(1, 2));
      assert.deepEqual(many.map((l) => l.uri), [url(extra), url(vmtas)], 'every file the wildcard reads, in order');
      assert.deepEqual(await other.request('textDocument/definition', at(2, 20)), [], 'a missing file leads nowhere');
      const links = await other.request<{ range: { start: { line: number } }; target: string }[]>('textDocument/documentLink', { textDocument: { uri: url(main) } });
      assert.deepEqual(links.map((l) => [l.range.start.line, l.target]), [[0, url(vmtas)], [2, 'file:///etc/pmta/conf.d/missing.conf']]);
      const hover = await other.request<{ contents: { value: string } }>('textDocument/hover', at(1, 12));
      assert.equal(hover.contents.value, 'Reads these 2 files here, in this order:\n\n- `conf.d/extra.conf`\n- `conf.d/vmtas.conf`');
      const name = await other.request<{ contents: { value: string } }>('textDocument/hover', at(1, 2));
      assert.doesNotMatch(name.contents.value, /Reads these|conf\.d\/vmtas/, 'the directive name keeps its documentation');
      assert.match(name.contents.value, /Allowed in/);
    } finally {
      await other.shutdown();
      rmSync(extra);
    }
  });

  it('says which main file reads a file of any name (powermta/includedBy), so the editor can open it as PowerMTA', async () => {
    const list = join(dir, 'pmta', 'dkimlist.txt');
    const unrelated = join(dir, 'notes.txt');
    writeFileSync(list, 'domain-key s1,example.com,/etc/pmta/dkim/example.com.pem\n');
    writeFileSync(unrelated, 'include /etc/pmta/dkimlist.txt\n');
    const before = readFileSync(main, 'utf8');
    writeFileSync(main, `include /etc/pmta/dkimlist.txt\n${before}`);
    const other = new LspClient();
    await other.initialize();
    try {
      const ask = (p: string) => other.request<string | null>('powermta/includedBy', { textDocument: { uri: url(p) } });
      // Nothing is open: pmta/config is found in the folder above the list.
      assert.equal(await ask(list), url(main));
      assert.equal(await ask(unrelated), null, 'a text file no configuration reads');
      assert.equal(await ask(main), null, 'the main file itself');
      await assert.rejects(other.request('powermta/includedBy', {}), /textDocument/);
    } finally {
      await other.shutdown();
      writeFileSync(main, before);
      rmSync(list);
      rmSync(unrelated);
    }
  });

  it('completes the path of an include line from the folders the configuration reads', async () => {
    const other = new LspClient();
    await other.initialize();
    const text = 'include /etc/pmta/conf.d/vm\ninclude /etc/pmta/\ninclude conf.d/\n<domain x.example>\n  log-file /etc/pmta/.\n</domain>\n';
    try {
      await other.open(url(main), text);
      const labels = async (line: number, character: number) => {
        const r = await other.request<{ items: { label: string; kind: number; textEdit: { range: { start: { character: number } } } }[] }>('textDocument/completion', { textDocument: { uri: url(main) }, position: { line, character } });
        return r.items;
      };
      const vm = await labels(0, 'include /etc/pmta/conf.d/vm'.length);
      assert.deepEqual(vm.map((i) => i.label), ['vmtas.conf'], 'the workspace copy of /etc/pmta/conf.d, entries starting with what is typed');
      assert.equal(vm[0].textEdit.range.start.character, 'include /etc/pmta/conf.d/'.length, 'replaces only the last part');
      const top = await labels(1, 'include /etc/pmta/'.length);
      assert.deepEqual(top.map((i) => i.label), ['conf.d/', 'config'], 'folders first, each with its slash');
      assert.deepEqual(top.map((i) => i.kind), [19, 17], 'Folder, then File');
      assert.deepEqual((await labels(2, 'include conf.d/'.length)).map((i) => i.label), ['vmtas.conf'], 'relative to the document');
      assert.deepEqual(await labels(4, '  log-file /etc/pmta/.'.length), [], 'any path value; hidden entries only once a dot is typed, and there are none');
      // A name typed before the value still completes directive names, not paths.
      assert.ok((await labels(0, 3)).some((i) => i.label === 'include'));
    } finally {
      await other.shutdown();
    }
  });

  /** The codes a fresh server publishes for vmtas.conf opened alone, with `rootUri` as its workspace folder. */
  async function openedAlone(rootUri: string | undefined): Promise<unknown[]> {
    const other = new LspClient();
    await other.conn.sendRequest('initialize', { processId: process.pid, rootUri: rootUri ?? null, capabilities: {} });
    await other.conn.sendNotification('initialized', {});
    const wait = other.waitForDiagnostics(url(vmtas));
    await other.open(url(vmtas), readFileSync(vmtas, 'utf8'));
    const codes = (await wait).map((d) => d.code);
    await other.shutdown();
    return codes;
  }

  it('analyses an included file opened on its own inside the configuration that includes it', async () => {
    const MAIN = 'include /etc/pmta/conf.d/vmtas.conf\n<smtp-pattern-list backoff>\n  reply /421/ mode=backoff,backoff-to-normal-after=1h\n</smtp-pattern-list>\n';
    writeFileSync(main, MAIN);
    writeFileSync(vmtas, '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n  <domain gmail.com>\n    smtp-pattern-list backoff\n  </domain>\n</virtual-mta>\n');
    assert.deepEqual(await openedAlone(url(dir)), []);
    // pmta/config is found in the folder above too, with no workspace folder or with conf.d as the folder.
    assert.deepEqual(await openedAlone(undefined), []);
    assert.deepEqual(await openedAlone(url(join(dir, 'pmta', 'conf.d'))), []);
    // A main file named otherwise is found only by the workspace scan.
    const renamed = join(dir, 'pmta', 'main.conf');
    rmSync(main);
    writeFileSync(renamed, MAIN);
    try {
      assert.deepEqual(await openedAlone(url(dir)), []);
      assert.deepEqual(await openedAlone(undefined), ['undefined-reference']);
    } finally {
      rmSync(renamed);
      writeFileSync(main, MAIN);
    }
  });
});

describe('language server: diagnostics of included files that are not open', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-held-'));
  const url = (p: string) => pathToFileURL(p).href;
  const main = join(dir, 'config');
  const part = join(dir, 'part.conf');
  const MAIN = `include ${part}\npostmaster a@example.com\n`;
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('are cleared once no open configuration includes the file: its include line deleted, or the configuration closed', async () => {
    writeFileSync(main, MAIN);
    writeFileSync(part, 'max-smtp-ot 5\n');
    const client = new LspClient();
    await client.initialize();
    try {
      const pushed = client.waitForDiagnostics(url(part));
      await client.open(url(main), MAIN);
      assert.deepEqual((await pushed).map((d) => d.code), ['unknown-directive']);
      const cleared = client.waitForDiagnostics(url(part), (d) => d.length === 0);
      await client.change(url(main), 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
      await cleared;
      // The include line back: pushed again; then the configuration closed: cleared again.
      const again = client.waitForDiagnostics(url(part), (d) => d.length === 1);
      await client.change(url(main), 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `include ${part}\n` }]);
      await again;
      const closed = client.waitForDiagnostics(url(part), (d) => d.length === 0);
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: url(main) } });
      await closed;
    } finally {
      await client.shutdown();
    }
  });
});

describe('language server: an open file that leaves its configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-left-'));
  const url = (p: string) => pathToFileURL(p).href;
  const main = join(dir, 'config');
  const part = join(dir, 'part.conf');
  const MAIN = `include ${part}\npostmaster a@example.com\n`;
  // Main-file settings of its own, but no postmaster: only the file it joins has one.
  const PART = 'log-file /var/log/pmta/log\nrun-as-root no\n<spool /var/spool/pmta>\n</spool>\n';
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is checked on its own again once the include line that read it is deleted, and back in the set when it returns', async () => {
    writeFileSync(main, MAIN);
    writeFileSync(part, PART);
    const client = new LspClient();
    await client.initialize();
    try {
      const both = client.waitForDiagnostics(url(part));
      await client.open(url(main), MAIN);
      await client.open(url(part), PART);
      assert.deepEqual(await both, []);
      await new Promise((r) => setTimeout(r, 300));
      const alone = client.waitForDiagnostics(url(part), (d) => d.length > 0);
      await client.change(url(main), 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
      assert.deepEqual((await alone).map((d) => d.code), ['missing-postmaster']);
      const joined = client.waitForDiagnostics(url(part), (d) => d.length === 0);
      await client.change(url(main), 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `include ${part}\n` }]);
      await joined;
    } finally {
      await client.shutdown();
    }
  });
});

// A server that blocked on the pipe would never answer: the time limit turns that into a failure.
describe('language server: includes and workspace files that are not regular files', { timeout: 20_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-ws-special-'));
  const main = join(dir, 'pmta', 'config');
  const url = (p: string) => pathToFileURL(p).href;

  before(() => {
    mkdirSync(join(dir, 'pmta', 'conf.d'), { recursive: true });
    writeFileSync(main, 'include /etc/pmta/conf.d/*\n<virtual-mta-pool pool>\n  virtual-mta v1\n</virtual-mta-pool>\n');
    writeFileSync(join(dir, 'pmta', 'conf.d', 'vmtas.conf'), '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n</virtual-mta>\n');
    // A named pipe (the server would wait for a writer forever) and a link to a device that never ends.
    execFileSync('mkfifo', [join(dir, 'pmta', 'conf.d', 'pipe.conf')]);
    symlinkSync('/dev/zero', join(dir, 'pmta', 'conf.d', 'zero.conf'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the include pattern to the regular files only, scanning the workspace without blocking', async () => {
    const client = new LspClient();
    // The workspace folder makes the server look for main files in it at start-up, through the pipe's folder too.
    await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: url(dir), capabilities: {} });
    await client.conn.sendNotification('initialized', {});
    const wait = client.waitForDiagnostics(url(main));
    await client.open(url(main), readFileSync(main, 'utf8'));
    assert.deepEqual(await wait, [], 'v1 is found in vmtas.conf; the pipe and the device are left alone');
    const hover = await client.request('textDocument/hover', { textDocument: { uri: url(main) }, position: { line: 2, character: 16 } });
    assert.ok(hover, 'the server still answers');
    assert.equal(await client.shutdown(), 0);
  });
});
