// The workspace looks for main files (those with an `include` line) in the background: the server
// answers meanwhile, the first diagnostics wait for the scan only so long, and when the scan ends
// the open files are linked with the main file that includes them.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DocumentStore } from '../../server/src/documentStore';
import { nodeHost } from '../../server/src/nodeHost';
import { CONFIG_GLOBS, Workspace } from '../../server/src/workspace';
import { memoryHost } from '../memoryHost';
import type { FileHost } from '../../server/src/analysis/host';

const MAIN = '/ws/pmta/config';
const VMTAS = '/ws/pmta/conf.d/vmtas.conf';
const FILES = {
  [MAIN]: 'include /etc/pmta/conf.d/vmtas.conf\n<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n</virtual-mta>\n',
  [VMTAS]: '<virtual-mta-pool p>\n  virtual-mta v1\n</virtual-mta-pool>\n',
};

/** A memory host whose folder walk ends only when the test says so. */
function slowHost(files: Record<string, string> = FILES) {
  let finish: () => void = () => undefined;
  const walked = new Promise<void>((resolve) => (finish = resolve));
  const host = memoryHost(files);
  host.findFiles = async (folder, patterns) => {
    await walked;
    return patterns.flatMap((p) => host.glob(`${folder}/${p}`).files);
  };
  return { host, finish };
}

/** A workspace on `host`, recording what it tells the server: rescans that changed something, and notes. */
function watched(host: FileHost) {
  const store = new DocumentStore();
  const ws = new Workspace(store, host, store.analyzer);
  const told = { scans: 0, notes: [] as string[] };
  ws.onScanned = () => told.scans++;
  ws.onNote = (m) => told.notes.push(m);
  return { store, ws, told };
}

const codes = (ws: Workspace, uri: string) => (ws.analysis(uri)?.findings ?? []).map((f) => f.code);

describe('workspace scan in the background', () => {
  it('answers before the scan ends, and links the open file once it has', async () => {
    // A main file not named `config`, so not one looked for in the folders above the open file.
    const { host, finish } = slowHost({ '/ws/pmta/main.conf': FILES[MAIN].replace('/etc/pmta/', '/ws/pmta/'), [VMTAS]: FILES[VMTAS] });
    const { store, ws, told } = watched(host);
    ws.setFolders(['file:///ws']);
    const uri = pathToFileURL(VMTAS).href;
    store.open(uri, FILES[VMTAS], 1);
    ws.invalidate(uri);
    assert.deepEqual(codes(ws, uri), ['undefined-reference'], 'on its own until the main file is known');
    const t0 = Date.now();
    await ws.scanned(30);
    assert.ok(Date.now() - t0 < 1000, 'scanned() gives up after its time');
    assert.equal(told.scans, 0);
    finish();
    await ws.scanned(10_000);
    assert.equal(told.scans, 1, 'onScanned tells the server to publish again');
    assert.deepEqual(codes(ws, uri), [], 'v1 is defined in the main file that includes this one');
  });

  it('lets a newer scan replace an older one that has not finished', async () => {
    const { host, finish } = slowHost();
    const { ws, told } = watched(host);
    ws.setFolders(['file:///ws']);
    ws.setFolders(['file:///elsewhere']);
    finish();
    await ws.scanned(10_000);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(told.scans, 0, 'the first scan gave up; the second found nothing new');
  });
});

describe('workspace scan time limit', () => {
  it('says when a folder walk ran out of time, and uses what it found', async () => {
    const host = memoryHost(FILES);
    let given = -1;
    host.findFiles = async (folder, patterns, maxMs) => {
      given = maxMs;
      await new Promise((r) => setTimeout(r, maxMs + 5));
      return patterns.flatMap((p) => host.glob(`${folder}/${p}`).files);
    };
    const { store, ws, told } = watched(host);
    ws.scanLimitMs = 20;
    ws.setFolders(['file:///ws']);
    await ws.scanned(10_000);
    assert.equal(given, 20);
    assert.equal(told.notes.length, 1);
    assert.match(told.notes[0], /^Looking for main PowerMTA configuration files in \/ws stopped after 0 s/);
    const uri = pathToFileURL(VMTAS).href;
    store.open(uri, FILES[VMTAS], 1);
    ws.invalidate(uri);
    assert.deepEqual(codes(ws, uri), [], 'the main file found in time is used');
  });

  it('says so when the walk fails, and does not leave the diagnostics waiting for it', async () => {
    const host = memoryHost(FILES);
    host.findFiles = async () => {
      throw new Error('EACCES somewhere');
    };
    const { ws, told } = watched(host);
    ws.setFolders(['file:///ws']);
    await ws.scanned(10_000);
    assert.deepEqual(told.notes, ['Looking for main PowerMTA configuration files failed: EACCES somewhere']);
    const t0 = Date.now();
    await ws.scanned(5_000);
    assert.ok(Date.now() - t0 < 1000, 'no scan is left pending');
  });

  it('says nothing when the walk finishes in time', async () => {
    const { host, finish } = slowHost();
    finish();
    const { ws, told } = watched(host);
    ws.setFolders(['file:///ws']);
    await ws.scanned(10_000);
    assert.deepEqual(told.notes, []);
  });
});

describe('workspace scan and links', () => {
  it('keeps one candidate per real file when a link shows it under several paths', async () => {
    const host = memoryHost(FILES, { '/ws/pmta/up': '/ws', '/ws/self': '/ws' });
    const aliases = [MAIN, '/ws/pmta/up/pmta/config', '/ws/self/pmta/config'];
    host.realpath = (p) => (aliases.includes(p) ? MAIN : p);
    host.findFiles = async () => [...aliases].sort();
    host.readText = (p) => (aliases.includes(p) ? FILES[MAIN] : undefined);
    const { ws } = watched(host);
    ws.setFolders(['file:///ws']);
    await ws.scanned(10_000);
    assert.deepEqual((ws as unknown as { candidates: string[] }).candidates, [MAIN]);
  });
});

describe('nodeHost.findFiles', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmta-find-'));
    for (const p of ['pmta/config', 'deep/a/b/c/pmta/conf.d/x.conf', 'node_modules/pkg/pmta/config', '.git/pmta/config', 'other/readme.txt']) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), 'include x\n');
    }
    execFileSync('mkfifo', [join(dir, 'pipe.pmta')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('walks once for every pattern, leaving out node_modules, .git and anything not a regular file', async () => {
    assert.deepEqual(await nodeHost.findFiles!(dir, CONFIG_GLOBS, 60_000), [join(dir, 'deep/a/b/c/pmta/conf.d/x.conf'), join(dir, 'pmta/config')]);
  });

  it('stops when its time is up, with what it found by then (nothing, with no time at all)', async () => {
    assert.deepEqual(await nodeHost.findFiles!(dir, CONFIG_GLOBS, 0), []);
  });
});

describe('workspace and include wildcards too wide to walk', () => {
  it('walks a pattern that ran out of time once, not again after every edit, until files change on disk', () => {
    const host = memoryHost({ '/ws/config': '' });
    const walks: number[] = [];
    host.glob = (pattern, maxMs = Infinity) => {
      walks.push(maxMs);
      const until = performance.now() + Math.min(maxMs, 300);
      while (performance.now() < until);
      return { files: [], complete: false };
    };
    const { store, ws } = watched(host);
    const uri = pathToFileURL('/ws/config').href;
    store.open(uri, 'include /*/*/*/*/*/*.conf\n', 1);
    ws.invalidate(uri);
    assert.deepEqual(codes(ws, uri), ['include-limit']);
    assert.equal(walks.length, 1);
    assert.ok(walks[0] >= 250, `the first walk had ${walks[0]} ms`);
    store.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# edited\n' }], 2);
    ws.invalidate(uri);
    const t = performance.now();
    assert.deepEqual(codes(ws, uri), ['include-limit'], 'still reported after the edit');
    assert.ok(performance.now() - t < 200, 'the edit did not walk again');
    assert.equal(walks.length, 1);
    ws.reset();
    assert.deepEqual(codes(ws, uri), ['include-limit']);
    assert.equal(walks.length, 2, 'walked again once files changed on disk');
  });
});

describe('workspace: a configuration checked in slices', () => {
  const big = Array.from({ length: 3000 }, (_, i) => `<domain d${i}.example>\n  max-smtp-out 5\n  smtp-pattern-list ${i % 7 ? 'backoff' : 'nope'}\n</domain>`).join('\n') + '\n';
  const files = { '/ws/config': 'include big.conf\n<smtp-pattern-list backoff>\n  reply /421/ mode=backoff\n</smtp-pattern-list>\n', '/ws/big.conf': big };
  const slices = (pauses: { n: number }) => ({ sliceMs: 1, pause: () => new Promise<void>((r) => setImmediate(() => (pauses.n++, r()))) });
  const uri = pathToFileURL('/ws/config').href;
  /** A workspace with the main file open in the editor. */
  const withMainOpen = () => {
    const { store, ws } = watched(memoryHost(files));
    store.open(uri, files['/ws/config'], 1);
    ws.invalidate(uri);
    return { store, ws };
  };

  it('pauses along the way, and analysis() then answers from it with what checking at once finds', async () => {
    const { ws } = withMainOpen();
    const pauses = { n: 0 };
    await ws.prepare(uri, slices(pauses));
    assert.ok(pauses.n > 3, `${pauses.n} pauses`);
    const prepared = ws.analysis(uri)!;
    assert.equal(ws.analysis(uri), prepared, 'answered from the prepared analysis');
    const included = ws.analysisOfFile(pathToFileURL('/ws/big.conf').href)!;
    // Every 7th domain names a pattern list that no file defines; the rest resolve across files.
    assert.equal(included.findings.filter((f) => f.code === 'undefined-reference').length, Math.ceil(3000 / 7));

    const { ws: w2 } = withMainOpen();
    const mainAtOnce = w2.analysis(uri)!;
    const atOnce = w2.analysisOfFile(pathToFileURL('/ws/big.conf').href)!;
    const brief = (a: typeof included) => a.findings.map((f) => `${f.line}:${f.start}:${f.code}:${f.message}`);
    assert.deepEqual(brief(included), brief(atOnce));
    assert.deepEqual(brief(prepared), brief(mainAtOnce));
  });

  it('drops its work when a file of the configuration changes meanwhile; analysis() then sees the change', async () => {
    const { store, ws } = withMainOpen();
    const pauses = { n: 0 };
    const running = ws.prepare(uri, {
      sliceMs: 1,
      pause: () =>
        new Promise<void>((r) =>
          setImmediate(() => {
            if (++pauses.n === 2) {
              store.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'max-smtp-ot 1\n' }], 2);
              ws.invalidate(uri);
            }
            r();
          }),
        ),
    });
    await running;
    assert.deepEqual(
      ws.analysis(uri)!.findings.map((f) => `${f.line}:${f.code}`),
      ['0:unknown-directive'],
    );
  });
});

describe('workspace: finding the main file of an open file', () => {
  it('loads the candidate main files but analyses only the one that includes the file', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) {
      files[`/ws/s${i}/pmta/config`] = `include conf.d/vmtas.conf\n<virtual-mta-pool pool${i}>\n  virtual-mta v${i}\n</virtual-mta-pool>\n`;
      files[`/ws/s${i}/pmta/conf.d/vmtas.conf`] = `<virtual-mta v${i}>\n  smtp-source-host 203.0.113.${i + 1} mta${i}.example.com\n</virtual-mta>\n`;
    }
    const { store, ws } = watched(memoryHost(files));
    ws.setFolders(['file:///ws']);
    await ws.scanned(5000);
    const analysed: string[] = [];
    const analyzeSet = store.analyzer.analyzeSet.bind(store.analyzer);
    store.analyzer.analyzeSet = (set, uriOf) => (analysed.push(set.root), analyzeSet(set, uriOf));
    const path = '/ws/s3/pmta/conf.d/vmtas.conf';
    const uri = pathToFileURL(path).href;
    store.open(uri, files[path], 1);
    ws.invalidate(uri);
    // Linked with its main file: the pool there uses v3, so v3 is not an unused virtual MTA.
    assert.deepEqual(ws.siblings(uri), [pathToFileURL('/ws/s3/pmta/config').href, uri]);
    assert.deepEqual(codes(ws, uri), []);
    assert.deepEqual(analysed, ['/ws/s3/pmta/config']);
  });
});
