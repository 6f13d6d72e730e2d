// The server's workspace with a configuration split over files: a file read from disk and then
// opened with the same text keeps its model (and so its checks), and `prepare` tells a member of a
// set from a file checked on its own.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DocumentStore } from '../../server/src/documentStore';
import { Workspace } from '../../server/src/workspace';
import { memoryHost } from '../memoryHost';

const MAIN = 'include /cfg/big.conf\npostmaster admin@example.com\n';
const BIG = '<domain example.com>\n    max-smtp-out 5\n    max-smtp-ot 3\n</domain>\n';
const slices = { sliceMs: 5, pause: () => new Promise<void>((r) => setImmediate(r)) };

function setUp() {
  const store = new DocumentStore();
  const ws = new Workspace(store, memoryHost({ '/cfg/config': MAIN, '/cfg/big.conf': BIG, '/cfg/alone.conf': 'max-smtp-out 5\n' }), store.analyzer);
  store.open('file:///cfg/config', MAIN, 1);
  ws.invalidate('file:///cfg/config');
  return { store, ws };
}

describe('workspace: files of a configuration set', () => {
  it('hands the model read from disk to the editor when the file is opened with the same text', () => {
    const { store, ws } = setUp();
    ws.analysis('file:///cfg/config');
    const before = ws.analysisOfFile('file:///cfg/big.conf');
    assert.ok(before, 'the included file was read and checked with the main file');
    const model = ws.adoptDiskModel('file:///cfg/big.conf', BIG);
    assert.equal(model, before.doc, 'the same model');
    store.open('file:///cfg/big.conf', BIG, 1, model);
    ws.invalidate('file:///cfg/big.conf');
    const after = ws.analysis('file:///cfg/big.conf')!;
    assert.equal(after.doc, model);
    assert.deepEqual(after.findings, before.findings);
    assert.deepEqual(after.findings.map((f) => f.code), ['unknown-directive']);
    assert.equal(ws.adoptDiskModel('file:///cfg/big.conf', BIG), undefined, 'handed over once');
  });

  it('keeps the disk model to itself when the text or its line breaks differ', () => {
    const { ws } = setUp();
    ws.analysis('file:///cfg/config');
    assert.equal(ws.adoptDiskModel('file:///cfg/big.conf', BIG.replace('5', '6')), undefined);
    assert.equal(ws.adoptDiskModel('file:///cfg/big.conf', BIG.replace(/\n/g, '\r\n')), undefined);
    assert.equal(ws.adoptDiskModel('file:///cfg/big.conf', BIG + '\n'), undefined);
    assert.equal(ws.adoptDiskModel('file:///cfg/never-read.conf', BIG), undefined);
    assert.ok(ws.adoptDiskModel('file:///cfg/big.conf', BIG), 'still there for the same text');
  });

  it('prepare says whether a document is checked with a set or on its own', async () => {
    const { store, ws } = setUp();
    assert.equal(await ws.prepare('file:///cfg/config', slices), true);
    store.open('file:///cfg/alone.conf', 'max-smtp-out 5\n', 1);
    ws.invalidate('file:///cfg/alone.conf');
    assert.equal(await ws.prepare('file:///cfg/alone.conf', slices), false);
  });
});

describe('workspace: files that include each other', () => {
  const CONFIG = 'include /cy/conf.d/a.conf\npostmaster admin@example.com\n';
  const A = 'include /cy/config\n';
  const cycles = (ws: Workspace, uri: string) => ws.analysis(uri)!.findings.filter((f) => f.code === 'include-cycle').map((f) => f.line);

  for (const order of [['config', 'conf.d/a.conf'], ['conf.d/a.conf', 'config']]) {
    it(`are checked from the same root whichever is open (opened: ${order.join(', then ')}): PowerMTA's config, so the cycle is reported once`, () => {
      const store = new DocumentStore();
      const ws = new Workspace(store, memoryHost({ '/cy/config': CONFIG, '/cy/conf.d/a.conf': A }), store.analyzer);
      for (const f of order) {
        store.open(`file:///cy/${f}`, f === 'config' ? CONFIG : A, 1);
        ws.invalidate(`file:///cy/${f}`);
      }
      assert.deepEqual(cycles(ws, 'file:///cy/config'), []);
      assert.deepEqual(cycles(ws, 'file:///cy/conf.d/a.conf'), [0]);
    });
  }
});

describe('workspace: includes nested over three files', () => {
  const files: Record<string, string> = {
    '/n/config': 'include /n/vmtas.conf\n<virtual-mta v1>\n  smtp-source-host 192.0.2.1 a.example.com\n</virtual-mta>\n',
    '/n/vmtas.conf': 'include /n/pools.conf\n',
    '/n/pools.conf': '<virtual-mta-pool p1>\n  virtual-mta v1\n</virtual-mta-pool>\n',
  };
  for (const order of [['config', 'vmtas.conf', 'pools.conf'], ['vmtas.conf', 'config', 'pools.conf'], ['pools.conf', 'vmtas.conf', 'config']]) {
    it(`check the last file from the topmost one, whichever was opened first (opened: ${order.join(', ')})`, () => {
      const store = new DocumentStore();
      const ws = new Workspace(store, memoryHost(files), store.analyzer);
      for (const f of order) {
        store.open(`file:///n/${f}`, files[`/n/${f}`], 1);
        ws.invalidate(`file:///n/${f}`);
      }
      // From vmtas.conf alone, the pool would name a virtual MTA it cannot see.
      assert.deepEqual(ws.analysis('file:///n/pools.conf')!.findings.map((f) => f.code), []);
    });
  }
});

describe('workspace: the main file in a folder above an open file', () => {
  const POOLS = '<virtual-mta-pool p1>\n  virtual-mta v1\n</virtual-mta-pool>\n';
  const MAIN = 'include /etc/pmta/conf.d/*.conf\n<virtual-mta v1>\n  smtp-source-host 192.0.2.1 a.example.com\n</virtual-mta>\n';
  const codesOf = (files: Record<string, string>, folders: string[] = []) => {
    const store = new DocumentStore();
    const ws = new Workspace(store, memoryHost(files), store.analyzer);
    ws.setFolders(folders);
    store.open('file:///etc/pmta/conf.d/pools.conf', POOLS, 1);
    ws.invalidate('file:///etc/pmta/conf.d/pools.conf');
    return ws.analysis('file:///etc/pmta/conf.d/pools.conf')!.findings.map((f) => f.code);
  };

  it('links a file of conf.d with /etc/pmta/config when no workspace folder holds it (a single file opened)', () => {
    assert.deepEqual(codesOf({ '/etc/pmta/config': MAIN, '/etc/pmta/conf.d/pools.conf': POOLS }), []);
  });

  it('links it too with conf.d opened as the folder, where the folder scan finds no main file', async () => {
    assert.deepEqual(codesOf({ '/etc/pmta/config': MAIN, '/etc/pmta/conf.d/pools.conf': POOLS }, ['file:///etc/pmta/conf.d']), []);
  });

  it('checks the file alone when the config above does not include it, or includes nothing', () => {
    assert.deepEqual(codesOf({ '/etc/pmta/config': MAIN.replace('conf.d/*.conf', 'other/*.conf'), '/etc/pmta/conf.d/pools.conf': POOLS }), ['undefined-reference']);
    assert.deepEqual(codesOf({ '/etc/pmta/config': MAIN.replace(/^include .*\n/, ''), '/etc/pmta/conf.d/pools.conf': POOLS }), ['undefined-reference']);
    assert.deepEqual(codesOf({ '/etc/pmta/conf.d/pools.conf': POOLS }), ['undefined-reference']);
  });
});

describe('workspace: what is kept of closed configurations', () => {
  const A = 'include /a/big.conf\n';
  const B = 'include /b/big.conf\n';
  function setUpTwo() {
    const host = memoryHost({ '/a/config': A, '/a/big.conf': BIG, '/b/config': B, '/b/big.conf': BIG, '/c/alone.conf': 'max-smtp-out 5\n' });
    const reads = new Map<string, number>();
    const counting = { ...host, readText: (p: string) => (reads.set(p, (reads.get(p) ?? 0) + 1), host.readText(p)) };
    const store = new DocumentStore();
    const ws = new Workspace(store, counting, store.analyzer);
    // What server.ts does on didOpen and didClose.
    const open = (path: string, text: string) => {
      store.open(`file://${path}`, text, 1);
      ws.invalidate(`file://${path}`);
      return ws.analysis(`file://${path}`)!;
    };
    const close = (path: string) => {
      const siblings = ws.siblings(`file://${path}`);
      store.close(`file://${path}`);
      ws.invalidate(`file://${path}`);
      ws.closed(siblings);
    };
    return { ws, reads, open, close };
  }

  it('keeps the files of the configuration closed last: reopening it reads and checks nothing again', () => {
    const { ws, reads, open, close } = setUpTwo();
    open('/a/config', A);
    const included = ws.analysisOfFile('file:///a/big.conf')!;
    assert.deepEqual(included.findings.map((f) => f.code), ['unknown-directive']);
    assert.equal(reads.get('/a/big.conf'), 1);
    close('/a/config');
    open('/a/config', A);
    assert.equal(reads.get('/a/big.conf'), 1, 'not read again');
    assert.equal(ws.analysisOfFile('file:///a/big.conf')!.doc, included.doc, 'the same model, with its checks');
  });

  it('lets go of an older closed configuration once another one is closed after it', () => {
    const { ws, reads, open, close } = setUpTwo();
    open('/a/config', A);
    const first = ws.analysisOfFile('file:///a/big.conf')!.doc;
    close('/a/config');
    open('/b/config', B);
    close('/b/config');
    open('/a/config', A);
    assert.equal(reads.get('/a/big.conf'), 2, 'read from disk again');
    const again = ws.analysisOfFile('file:///a/big.conf')!;
    assert.notEqual(again.doc, first, 'a new model');
    assert.deepEqual(again.findings.map((f) => f.code), ['unknown-directive'], 'checked again, with the same findings');
  });

  it('keeps the files of a configuration that is still open when another file closes', () => {
    const { ws, reads, open, close } = setUpTwo();
    open('/a/config', A);
    const model = ws.analysisOfFile('file:///a/big.conf')!.doc;
    open('/c/alone.conf', 'max-smtp-out 5\n');
    close('/c/alone.conf');
    open('/b/config', B);
    close('/b/config');
    ws.invalidate('file:///a/config'); // an edit of the main file: its set is linked again
    ws.analysis('file:///a/config');
    assert.equal(reads.get('/a/big.conf'), 1, 'not read again');
    assert.equal(ws.analysisOfFile('file:///a/big.conf')!.doc, model);
  });
});

describe('workspace: an open file that leaves the configuration including it', () => {
  const MAIN_IN_BLOCK = '<domain example.org>\n    include /cfg/part.conf\n</domain>\npostmaster admin@example.com\n';
  const PART = '<domain a.example>\n    max-smtp-out 5\n</domain>\n';

  function openBoth(part: string) {
    const store = new DocumentStore();
    const ws = new Workspace(store, memoryHost({ '/cfg/config': MAIN_IN_BLOCK, '/cfg/part.conf': part, '/cfg/other.conf': 'max-smtp-out 5\n' }), store.analyzer);
    for (const [uri, text] of [['file:///cfg/config', MAIN_IN_BLOCK], ['file:///cfg/part.conf', part]]) {
      store.open(uri, text, 1, ws.adoptDiskModel(uri, text));
      ws.invalidate(uri);
    }
    return { store, ws };
  }
  const codes = (ws: Workspace) => ws.analysis('file:///cfg/part.conf')!.findings.map((f) => f.code);
  /** The main file's include line deleted in the editor, as server.ts applies a change. */
  function deleteInclude(store: DocumentStore, ws: Workspace) {
    store.change('file:///cfg/config', [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }], 2);
    ws.invalidate('file:///cfg/config');
  }

  it('is checked in no block once nothing includes it', async () => {
    const { store, ws } = openBoth(PART);
    assert.deepEqual(codes(ws), ['misplaced-block'], 'inside <domain example.org> while included there');
    deleteInclude(store, ws);
    assert.deepEqual(codes(ws), [], 'on its own, at the top level');
    assert.equal(await ws.prepare('file:///cfg/part.conf', slices), false);
    assert.deepEqual(codes(ws), []);
  });

  it('is checked in no block as the main file of its own configuration', () => {
    const { store, ws } = openBoth(`include /cfg/other.conf\n${PART}`);
    assert.deepEqual(codes(ws), ['misplaced-block']);
    deleteInclude(store, ws);
    assert.deepEqual(codes(ws), []);
    assert.deepEqual(ws.siblings('file:///cfg/part.conf'), ['file:///cfg/part.conf', 'file:///cfg/other.conf']);
  });
});

describe('workspace: files changed on disk while a configuration is checked in slices', () => {
  it('does not keep the check of the files as they were', async () => {
    const disk: Record<string, string> = { '/cfg/config': MAIN, '/cfg/big.conf': BIG };
    const store = new DocumentStore();
    const ws = new Workspace(store, memoryHost(disk), store.analyzer);
    store.open('file:///cfg/config', MAIN, 1);
    ws.invalidate('file:///cfg/config');
    let changed = false;
    // The included file is fixed on disk during the first pause (workspace/didChangeWatchedFiles: reset).
    const pause = async () => {
      await new Promise<void>((r) => setImmediate(r));
      if (changed) return;
      changed = true;
      disk['/cfg/big.conf'] = BIG.replace('max-smtp-ot 3', 'max-smtp-out 3');
      ws.reset();
    };
    assert.equal(await ws.prepare('file:///cfg/config', { sliceMs: 0, pause }), true);
    assert.ok(changed, 'the check paused');
    // The check of the old text (unknown-directive) is dropped, and prepare checks again, still in slices.
    assert.deepEqual(ws.analysisOfFile('file:///cfg/big.conf')!.findings.map((f) => f.code), ['duplicate-directive'], 'checked again from the new text');
  });
});

describe('workspace: a file of a configuration opened or closed while it is checked in slices', () => {
  it('keeps only a check that read each file the way it is read now', async () => {
    const disk: Record<string, string> = { '/cfg/config': MAIN, '/cfg/big.conf': BIG.replace('max-smtp-ot 3', 'max-msg-rate 3/h') };
    const store = new DocumentStore();
    const ws = new Workspace(store, memoryHost(disk), store.analyzer);
    for (const [uri, text] of [['file:///cfg/config', MAIN], ['file:///cfg/big.conf', BIG]]) {
      store.open(uri, text, 1);
      ws.invalidate(uri);
    }
    // The included file, with an unsaved typo, is closed during the first pause: its text is the disk's again.
    let closed = false;
    const pause = async () => {
      await new Promise<void>((r) => setImmediate(r));
      if (closed) return;
      closed = true;
      const siblings = ws.siblings('file:///cfg/big.conf');
      store.close('file:///cfg/big.conf');
      ws.invalidate('file:///cfg/big.conf');
      ws.closed(siblings);
    };
    assert.equal(await ws.prepare('file:///cfg/config', { sliceMs: 0, pause }), true);
    assert.ok(closed, 'the check paused');
    assert.deepEqual(ws.analysisOfFile('file:///cfg/big.conf')!.findings.map((f) => f.code), [], 'the disk text, not the closed editor text with its typo');
  });
});
