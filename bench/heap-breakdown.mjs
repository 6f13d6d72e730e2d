// Where a server's heap goes. Starts the real server bundle with bench/heap-snapshot.cjs, brings it
// to the state the bench reads memory in (a generated file opened, five one-line edits, 300 ms of
// rest), takes a V8 heap snapshot and sums its objects by structure:
//   - an instance of a class by the class's name (`PmtaDocument`);
//   - a plain object by its property names (`{text,comment,name,words,…}`: a line's scan);
//   - an array, its element store included, by the object and property holding it (`.lines[]`);
//   - a string by the object and property holding it (`string ← {text,…}.text`).
// Prints the server's RSS, the size of each V8 heap space and the top structures by bytes.
// With --editor, the server has also answered what an editor asks for a shown file (outline,
// folding, semantic tokens, links), as for the bench's "RSS with the editor requests answered".
// Usage: node bench/heap-breakdown.mjs [lines=100000] [top=40] [--editor] (after a build). The bundle is
// minified, so class names are short; `PMTA_MINIFY=0 node scripts/build.mjs` first keeps them whole.
// Sizes are shallow (each object counted once, where it is held first). No budget.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverClient, sleep } from './client.mjs';
import { generateConfig } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const lines = Number(args[0] ?? 100_000);
const top = Number(args[1] ?? 40);
const EDITOR = process.argv.includes('--editor');
const MB = 1024 * 1024;

/** The server's memory figures and the path of its heap snapshot, in the bench's memory state. */
async function snapshotOfServer() {
  process.env.PMTA_HEAP_SNAPSHOT = join(tmpdir(), `pmta-heap-${process.pid}.heapsnapshot`);
  const client = serverClient({ nodeArgs: ['--require', join(here, 'heap-snapshot.cjs')] });
  await client.initialize();
  const uri = 'file:///bench/heap.pmta';
  await client.openAndEdit(uri, generateConfig(lines));
  if (EDITOR) {
    await client.editorRequests(uri);
    await sleep(300);
  }
  const { rss } = client.memory();
  // Writing the snapshot of a 100k-line file takes a while, longer on a loaded machine.
  const written = JSON.parse(await client.report(/heap-snapshot (.*)\n/, 180_000));
  await client.shutdown();
  return { rss, ...written };
}

/** Sums the snapshot's nodes by structure; returns [label, {count, bytes}] sorted by bytes, and the total. */
function breakdown(snapshot) {
  const { node_fields: nf, node_types: [nodeTypes], edge_fields: ef, edge_types: [edgeTypes] } = snapshot.snapshot.meta;
  const { nodes, edges, strings } = snapshot;
  const N = nf.length;
  const E = ef.length;
  const [T, NAME, SIZE, EDGES] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [ET, EN, TO] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  const count = nodes.length / N;
  const type = (i) => nodeTypes[nodes[i * N + T]];
  const name = (i) => strings[nodes[i * N + NAME]];
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i <= count; i++) {
    firstEdge[i] = e;
    if (i < count) e += nodes[i * N + EDGES] * E;
  }
  const edgeName = (e) => {
    const t = edgeTypes[edges[e + ET]];
    return t === 'element' || t === 'hidden' ? '[]' : strings[edges[e + EN]];
  };
  // Who holds each node first (weak references do not hold).
  const owner = new Int32Array(count).fill(-1);
  const ownerEdge = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
      const t = edgeTypes[edges[e + ET]];
      if (t === 'weak' || t === 'shortcut') continue;
      const to = edges[e + TO] / N;
      if (owner[to] === -1) {
        owner[to] = i;
        ownerEdge[to] = e;
      }
    }
  }
  const props = (i) => {
    const out = [];
    for (let e = firstEdge[i]; e < firstEdge[i + 1] && out.length < 6; e += E) {
      const n = edgeTypes[edges[e + ET]] === 'property' ? strings[edges[e + EN]] : undefined;
      if (n && n !== '__proto__') out.push(n);
    }
    return `{${out.join(',')}}`;
  };
  const held = (i, depth) => (owner[i] < 0 ? '(unowned)' : `${holder(owner[i], depth + 1)}.${edgeName(ownerEdge[i])}`);
  /** What an object is called: its class, its property names, or for an array the place it sits. */
  const holder = (i, depth = 0) => {
    const t = type(i);
    const n = name(i);
    if (t === 'object' && n === 'Object') return props(i);
    if (t === 'object' && n === 'Array') return depth < 3 ? `${held(i, depth)}[]` : 'Array';
    if (t === 'array' && depth < 3 && owner[i] >= 0) return holder(owner[i], depth);
    if (t === 'object' || t === 'closure') return n || `(${t})`;
    return `(${t})`;
  };
  const label = (i) => {
    const t = type(i);
    const n = name(i);
    if (t === 'object') return n === 'Object' || n === 'Array' ? holder(i) : n;
    if (t === 'array') {
      const o = owner[i];
      if (o < 0) return '(internal arrays)';
      const via = edgeName(ownerEdge[i]);
      if (type(o) === 'object' && name(o) === 'Array' && via === 'elements') return holder(o);
      return `${holder(o)} ${via}`;
    }
    if (t === 'string' || t === 'sliced string' || t === 'concatenated string') return owner[i] < 0 ? t : `${t} ← ${held(i, 1)}`;
    if (t === 'code' || t === 'closure' || t === 'hidden' || t === 'object shape') return `(${t})`;
    return `(${t}) ${n}`.slice(0, 60);
  };
  const sums = new Map();
  let total = 0;
  for (let i = 0; i < count; i++) {
    const bytes = nodes[i * N + SIZE];
    if (!bytes) continue;
    total += bytes;
    const key = label(i);
    const s = sums.get(key) ?? { count: 0, bytes: 0 };
    s.count++;
    s.bytes += bytes;
    sums.set(key, s);
  }
  return { total, rows: [...sums].sort((a, b) => b[1].bytes - a[1].bytes) };
}

const { rss, file, memory, spaces } = await snapshotOfServer();
const snapshot = JSON.parse(readFileSync(file, 'utf8'));
rmSync(file, { force: true });
const { total, rows } = breakdown(snapshot);
const mb = (b) => (b / MB).toFixed(2).padStart(7);
console.log(`${lines.toLocaleString('en')} lines${EDITOR ? ', editor requests answered' : ''}: RSS ${(rss).toFixed(0)} MB; V8 heap ${(memory.heapTotal / MB).toFixed(1)} MB committed, ${(memory.heapUsed / MB).toFixed(1)} MB used; in the snapshot (live objects) ${(total / MB).toFixed(1)} MB`);
console.log('heap spaces (committed / used MB):');
for (const [space, s] of Object.entries(spaces)) if (s.size) console.log(`  ${space}: ${(s.size / MB).toFixed(1)} / ${(s.used / MB).toFixed(1)}`);
console.log(`top ${top} structures (MB, objects, share of the live heap):`);
for (const [key, s] of rows.slice(0, top)) console.log(`${mb(s.bytes)} ${String(s.count).padStart(8)} ${((100 * s.bytes) / total).toFixed(1).padStart(5)}%  ${key.slice(0, 140)}`);
