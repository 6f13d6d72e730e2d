// How long the server itself blocks, next to the stall the bench's client sees. The bench's
// "longest stall" is the slowest answer to a ping sent every 5 ms: it also counts the time the
// client spends encoding and parsing multi-megabyte messages (its pings wait meanwhile). Here the
// server runs with bench/loop-watch.cjs, which reports the longest block of its own event loop.
// Usage: node bench/server-blocks.mjs [lines=100000] [rounds=3] (after a build). No budget.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUIET_MS, serverClient, sleep } from './client.mjs';
import { editTarget, generateConfig, occurrences, replaceAllEdits } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const lines = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 3);
const text = generateConfig(lines);

const rows = [];
const note = (what, { maxStall, block }) => rows.push({ what, client: maxStall, server: block });
for (let round = 0; round < rounds; round++) {
  const client = serverClient({ nodeArgs: ['--require', join(here, 'loop-watch.cjs')] });
  await client.initialize();
  const uri = 'file:///bench/blocks.pmta';
  note('open, with the requests an editor sends', await client.measureBlocks(() => client.openLikeAnEditor(uri, text)));
  const target = editTarget(text);
  let version = 1;
  note('one-line edits', await client.measureBlocks(async () => {
    for (let k = 0; k < 4; k++) {
      await sleep(QUIET_MS);
      const range = { start: { line: target.line, character: target.start }, end: { line: target.line, character: target.end } };
      await client.timeChange(uri, ++version, [{ range, text: String(20 + k) }]);
    }
  }));
  const hits = occurrences(text, 'domain');
  const replaceAll = (from, to) => replaceAllEdits(hits, from, to);
  note(`Replace All (${hits.length.toLocaleString('en')} edits, and back)`, await client.measureBlocks(async () => {
    for (const [from, to] of [['domain', 'domainx'], ['domainx', 'domain']]) {
      await sleep(QUIET_MS);
      await client.timeChange(uri, ++version, replaceAll(from, to));
    }
  }));
  // The whole text replaced by the same one without its indentation, which Format Document then puts back.
  const flat = text.split('\n').map((l) => l.trimStart()).join('\n');
  const count = text.split('\n').length;
  note('whole text replaced', await client.measureBlocks(async () => {
    await sleep(QUIET_MS);
    await client.timeChange(uri, ++version, [{ range: { start: { line: 0, character: 0 }, end: { line: count, character: 0 } }, text: flat }]);
  }));
  note('Format Document', await client.measureBlocks(() => client.timeRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })));
  await client.shutdown();
}

console.log(`${lines.toLocaleString('en')} lines, ${rounds} fresh servers; longest stall seen by the client / longest block of the server's event loop:`);
for (const what of [...new Set(rows.map((r) => r.what))]) {
  const mine = rows.filter((r) => r.what === what);
  console.log(`  ${what}: ${mine.map((r) => `${r.client.toFixed(0)} / ${r.server.toFixed(0)} ms`).join(', ')}`);
}
