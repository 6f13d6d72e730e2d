// Property: the server's workspace, driven as server.ts drives it (files opened, edited and closed,
// files changed on disk, each while the open documents are being checked in slices), gives every
// open document the findings a fresh workspace gives for the same files on disk and the same open
// documents. Two configurations in the workspace folder, one
// including a file inside a block; edits put in and take out include lines, so files join and
// leave configurations while they are open.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DocumentStore } from '../../server/src/documentStore';
import { Workspace } from '../../server/src/workspace';
import { memoryHost } from '../memoryHost';

const CORPUS = join(__dirname, '..', 'corpus', 'real');
const corpus = readdirSync(CORPUS)
  .filter((f) => f !== 'SOURCES.tsv')
  .map((f) => readFileSync(join(CORPUS, f), 'utf8').split('\n').slice(0, 120).join('\n'));

const MAIN = ['postmaster postmaster@example.com', '<virtual-mta shared-a>', '    smtp-source-host 203.0.113.10 a.example.com', '</virtual-mta>', '<domain example.org>', '    include /etc/pmta/conf.d/a.conf', '</domain>', '<virtual-mta-pool shared-pool>', '    virtual-mta shared-a', '    virtual-mta vmta-from-b', '</virtual-mta-pool>', 'include /etc/pmta/conf.d/b.conf', ''].join('\n');
const B_HEAD = ['<virtual-mta vmta-from-b>', '    smtp-source-host 198.51.100.20 b.example.com', '</virtual-mta>', '<domain b.example>', '    use-virtual-mta-pool shared-pool', '</domain>', ''].join('\n');
const OTHER = 'include /srv/two/pmta/x.conf\npostmaster a@b.c\n';
const PATHS = ['/etc/pmta/config', '/etc/pmta/conf.d/a.conf', '/etc/pmta/conf.d/b.conf', '/srv/two/pmta/config', '/srv/two/pmta/x.conf'];
const INCLUDE_LINES = ['include /etc/pmta/conf.d/b.conf', 'include /etc/pmta/conf.d/a.conf', 'include /srv/two/pmta/x.conf'];
const LINES = ['virtual-mta shared-a', 'virtual-mta vmta-from-b', ...INCLUDE_LINES, '<domain z.example>', '</domain>', '</virtual-mta>', 'max-smtp-out 5', 'max-smtp-ot 5', 'use-virtual-mta-pool shared-pool', '<virtual-mta vmta-from-b>', 'postmaster x@y.z', '', '# c'];

const opArb = fc.record({
  kind: fc.constantFrom('open', 'open', 'close', 'edit', 'edit', 'include', 'include', 'disk'),
  file: fc.nat({ max: PATHS.length - 1 }),
  line: fc.nat(),
  text: fc.nat({ max: LINES.length - 1 }),
  insert: fc.boolean(),
});

const uri = (p: string) => `file://${p}`;

function findingsOf(ws: Workspace, u: string) {
  return ws.analysis(u)?.findings.map((f) => `${f.code}@${f.line}:${f.start} ${f.message}`);
}

async function check(a: string, x: string, ops: { kind: string; file: number; line: number; text: number; insert: boolean }[]): Promise<void> {
  const disk: Record<string, string> = { '/etc/pmta/config': MAIN, '/etc/pmta/conf.d/a.conf': a, '/etc/pmta/conf.d/b.conf': B_HEAD, '/srv/two/pmta/config': OTHER, '/srv/two/pmta/x.conf': x };
  const store = new DocumentStore();
  // The host reads the disk as it stands (disk ops change it in place).
  const ws = new Workspace(store, memoryHost(disk), store.analyzer);
  ws.setFolders(['file:///']);
  await ws.scanned(10_000);
  const order: string[] = [];
  let version = 1;
  const applyOp = async (op: (typeof ops)[number]): Promise<boolean> => {
    const path = PATHS[op.file];
    const u = uri(path);
    const entry = store.get(u);
    if (op.kind === 'open' && !entry) {
      store.open(u, disk[path], version++, ws.adoptDiskModel(u, disk[path]));
      ws.invalidate(u);
      order.push(u);
    } else if (op.kind === 'close' && entry) {
      const siblings = ws.siblings(u);
      store.close(u);
      ws.invalidate(u);
      ws.closed(siblings);
      order.splice(order.indexOf(u), 1);
    } else if (op.kind === 'edit' && entry) {
      const line = op.line % entry.doc.lineCount;
      const old = entry.doc.line(line);
      const range = op.insert ? { start: { line, character: 0 }, end: { line, character: 0 } } : { start: { line, character: 0 }, end: { line, character: old.length } };
      store.change(u, [{ range, text: LINES[op.text] + (op.insert ? '\n' : '') }], version++);
      ws.invalidate(u);
    } else if (op.kind === 'include' && entry) {
      // An include line commented out, or one put in when the file has none: files join and leave configurations.
      const includes = entry.doc.allLines().flatMap((l, i) => (/^\s*include\s/.test(l) ? [i] : []));
      const line = includes.length ? includes[op.line % includes.length] : op.line % entry.doc.lineCount;
      const put = includes.length ? '#' : `${INCLUDE_LINES[op.text % INCLUDE_LINES.length]}\n`;
      store.change(u, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: put }], version++);
      ws.invalidate(u);
    } else if (op.kind === 'disk' && !entry) {
      const lines = disk[path].split('\n');
      lines.splice(op.line % lines.length, op.insert ? 0 : 1, LINES[op.text]);
      disk[path] = lines.join('\n');
      // What the server does on workspace/didChangeWatchedFiles.
      ws.reset();
      ws.setFolders(['file:///']);
      await ws.scanned(10_000);
    } else return false;
    return true;
  };
  // As the server does after a change: every open document checked in slices (its configuration, or
  // itself alone). Each step lands during that check, as an edit can land between two slices.
  const slices = { sliceMs: 0, pause: () => new Promise<void>((r) => setImmediate(r)) };
  const prepare = async (o: string) => {
    if (!(await ws.prepare(o, slices))) await store.prepare(o);
  };
  for (const op of ops) {
    const preparing = Promise.all(order.map(prepare));
    const applied = await applyOp(op);
    await preparing;
    if (!applied) continue;
    const path = PATHS[op.file];
    // Every open document as the server would publish it, against a fresh server's view.
    const now = order.map((o) => findingsOf(ws, o));
    const freshStore = new DocumentStore();
    const freshWs = new Workspace(freshStore, memoryHost({ ...disk }), freshStore.analyzer);
    freshWs.setFolders(['file:///']);
    await freshWs.scanned(10_000);
    for (const o of order) {
      freshStore.open(o, store.get(o)!.doc.getText(), 1);
      freshWs.invalidate(o);
    }
    const want = order.map((o) => findingsOf(freshWs, o));
    assert.deepEqual(now, want, `after ${op.kind} of ${path} (open: ${order.join(', ')})`);
  }
}

describe('fuzz: the workspace equals a fresh one', () => {
  it('open, edit, close and disk changes over two configurations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: corpus.length - 1 }), fc.nat({ max: corpus.length - 1 }), fc.array(opArb, { minLength: 1, maxLength: 25 }), (i, j, ops) => check(corpus[i], corpus[j], ops)),
      { numRuns: 150, seed: 24 },
    );
  });
});
