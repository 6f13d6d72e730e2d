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
