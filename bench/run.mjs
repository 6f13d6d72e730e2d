#!/usr/bin/env node
// `npm run bench`: measures the real language server over stdio against a do-nothing floor server
// on generated configurations of 1k, 20k and 100k lines, prints a table, writes bench/RESULTS.md
// and exits 1 when a budget is missed.
//
//   node bench/run.mjs [--sizes 1000,20000,100000] [--quick] [--cpu-prof] [--no-write]
//
// --cpu-prof writes V8 CPU profiles of the real server to bench/profiles/ (open them in Chrome
// DevTools or VS Code). --quick runs fewer repetitions (for a smoke check; budgets still apply).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchClient, median, percentile, QUIET_MS, SERVER, SERVER_NODE_ARGS, serverClient, sleep } from './client.mjs';
import { editTarget, generateConfig, occurrences, replaceAllEdits, tagTarget } from './generate.mjs';
import { timeGrammar } from './grammar.mjs';
import { problemConfig, timeCli } from './cli.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const FLOOR = join(here, 'floor-server.js');
const CLI = join(root, 'server/out/cli.js');

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const SIZES = option('--sizes', '1000,20000,100000').split(',').map(Number);
const QUICK = flag('--quick');
const CPU_PROF = flag('--cpu-prof');

const RUNS = {
  full: (lines) => (QUICK ? 3 : lines >= 100_000 ? 9 : 21),
  edit: () => (QUICK ? 5 : 21),
  requests: () => (QUICK ? 40 : 200),
};
const WARMUP = QUICK ? 1 : 3;

if (!existsSync(SERVER)) {
  console.error(`bench: ${SERVER} is missing; run \`node scripts/build.mjs\` first (npm run bench does).`);
  process.exit(2);
}

// ---- measurements -------------------------------------------------------------------------

/** didOpen -> diagnostics on fresh documents, alternating between the servers so load shifts hit both. */
async function measureFull(clients, size, text) {
  const times = new Map(clients.map((c) => [c, []]));
  const counts = new Map();
  for (let k = 0; k < WARMUP + RUNS.full(size); k++) {
    const order = k % 2 ? [...clients].reverse() : clients;
    for (const c of order) {
      const uri = `file:///bench/full-${size}-${k}.pmta`;
      const { ms, count } = await c.timeOpen(uri, text);
      if (k >= WARMUP) times.get(c).push(ms);
      counts.set(c, count);
      await c.close(uri);
    }
  }
  return { times, counts };
}

/**
 * Opens the document the other measurements use as an editor does (with the outline, folding,
 * semantic tokens and links requests VS Code sends at once), counting how long the event loop
 * stalls meanwhile; then types one character into a directive name in the middle and deletes it
 * again, and adds a line break after that line and deletes it again, one edit at a time, each after
 * a quiet spell so the leading-edge debounce publishes at once.
 */
async function measureEdits(client, size, text) {
  const uri = `file:///bench/main-${size}.pmta`;
  const stalls = await client.measureStalls(() => client.openLikeAnEditor(uri, text));
  const target = editTarget(text);
  const nameEnd = target.start - 1;
  const at = (line, character) => ({ line, character });
  const lineEnd = text.split('\n')[target.line].length;
  let version = 1;
  /** Times a change and the change that undoes it, alternately, each after a quiet spell. */
  const timePairs = async (change, undo) => {
    const times = [];
    for (let k = 0; k < WARMUP + RUNS.edit(); k++) {
      await sleep(QUIET_MS);
      const { ms } = await client.timeChange(uri, ++version, [k % 2 === 0 ? change : undo]);
      if (k >= WARMUP) times.push(ms);
    }
    return times;
  };
  // A character typed into a directive name, then deleted.
  const times = await timePairs({ range: { start: at(target.line, nameEnd), end: at(target.line, nameEnd) }, text: 'x' }, { range: { start: at(target.line, nameEnd), end: at(target.line, nameEnd + 1) }, text: '' });
  // Enter at the end of the same line, then the line break deleted again: the line count changes.
  const enter = { range: { start: at(target.line, lineEnd), end: at(target.line, lineEnd) }, text: '\n' };
  const join = { range: { start: at(target.line, lineEnd), end: at(target.line + 1, 0) }, text: '' };
  const breaks = await timePairs(enter, join);
  // A directive started on a new line: the first character typed on an empty line (a blank line
  // becomes a directive line), then deleted; the empty line is made and removed untimed.
  await sleep(QUIET_MS);
  await client.timeChange(uri, ++version, [enter]);
  const typed = await timePairs({ range: { start: at(target.line + 1, 0), end: at(target.line + 1, 0) }, text: 'm' }, { range: { start: at(target.line + 1, 0), end: at(target.line + 1, 1) }, text: '' });
  await sleep(QUIET_MS);
  await client.timeChange(uri, ++version, [join]);
  // A character typed into the argument of a <domain …> tag, then deleted: the block is renamed.
  const tag = tagTarget(text);
  const tagType = { range: { start: at(tag.line, tag.end), end: at(tag.line, tag.end) }, text: 'x' };
  const tagUndo = { range: { start: at(tag.line, tag.end), end: at(tag.line, tag.end + 1) }, text: '' };
  const tagged = await timePairs(tagType, tagUndo);
  // Enter at the end of that tag line (to add a setting to the block), then the line break deleted.
  const tagLineEnd = text.split('\n')[tag.line].length;
  const tagEnter = { range: { start: at(tag.line, tagLineEnd), end: at(tag.line, tagLineEnd) }, text: '\n  ' };
  const tagJoin = { range: { start: at(tag.line, tagLineEnd), end: at(tag.line + 1, 2) }, text: '' };
  const tagBreaks = await timePairs(tagEnter, tagJoin);
  // A whole block pasted above that tag line, then deleted again: the block tree changes shape.
  const block = '<domain pasted.example>\n  max-smtp-out 5\n</domain>\n';
  const paste = { range: { start: at(tag.line, 0), end: at(tag.line, 0) }, text: block };
  const unpaste = { range: { start: at(tag.line, 0), end: at(tag.line + 3, 0) }, text: '' };
  const pasted = await timePairs(paste, unpaste);
  // The last setting of that tag's block moved below its close tag (Alt+Down: one edit swaps the
  // two lines), then moved back (Alt+Up).
  const textLines = text.split('\n');
  let closeLine = tag.line;
  while (!/^\s*<\/domain>/.test(textLines[closeLine])) closeLine++;
  const lastSetting = textLines[closeLine - 1];
  const closeText = textLines[closeLine];
  const swapDown = { range: { start: at(closeLine - 1, 0), end: at(closeLine, closeText.length) }, text: `${closeText}\n${lastSetting}` };
  const swapUp = { range: { start: at(closeLine - 1, 0), end: at(closeLine, lastSetting.length) }, text: `${lastSetting}\n${closeText}` };
  const moved = await timePairs(swapDown, swapUp);
  // That tag line commented out (its close tag then closes nothing), then the `#` deleted.
  const commentTag = { range: { start: at(tag.line, 0), end: at(tag.line, 0) }, text: '#' };
  const uncommentTag = { range: { start: at(tag.line, 0), end: at(tag.line, 1) }, text: '' };
  const commented = await timePairs(commentTag, uncommentTag);
  // A block typed by hand above that tag line: first a character typed at the end of its tag line
  // before the `>` (`<domain typed.exampl` becoming `<domain typed.example`), then deleted; then
  // the `>` with the close tag the extension puts in after it (two changes sent back to back), then
  // both deleted. The unfinished tag line is made and removed untimed.
  const unfinished = '<domain typed.exampl';
  await sleep(QUIET_MS);
  await client.timeChange(uri, ++version, [{ range: { start: at(tag.line, 0), end: at(tag.line, 0) }, text: unfinished + '\n' }]);
  const u = unfinished.length;
  const unfinishedType = { range: { start: at(tag.line, u), end: at(tag.line, u) }, text: 'e' };
  const unfinishedUndo = { range: { start: at(tag.line, u), end: at(tag.line, u + 1) }, text: '' };
  const unfinishedTyped = await timePairs(unfinishedType, unfinishedUndo);
  const gt = { range: { start: at(tag.line, u), end: at(tag.line, u) }, text: '>' };
  const close = { range: { start: at(tag.line, u + 1), end: at(tag.line, u + 1) }, text: '\n</domain>' };
  const unclose = { range: { start: at(tag.line, u), end: at(tag.line + 1, '</domain>'.length) }, text: '' };
  /** The `>` and the close tag sent back to back (k even), or both deleted. */
  const closeOrOpen = async (k) => {
    await sleep(QUIET_MS);
    if (k % 2 === 1) return client.timeChange(uri, ++version, [unclose]);
    const timed = await client.timeChanges(uri, version + 1, [gt, close]);
    version += 2;
    return timed;
  };
  const closed = [];
  for (let k = 0; k < WARMUP + RUNS.edit(); k++) {
    const { ms } = await closeOrOpen(k);
    if (k >= WARMUP) closed.push(ms);
  }
  if ((WARMUP + RUNS.edit()) % 2 === 1) await closeOrOpen(1);
  const unfinishedLine = { range: { start: at(tag.line, 0), end: at(tag.line + 1, 0) }, text: '' };
  await sleep(QUIET_MS);
  await client.timeChange(uri, ++version, [unfinishedLine]);
  // Every kind again, apart from the timed runs (pings would add to them), for the longest stall while editing.
  const editing = await client.measureStalls(async () => {
    for (const change of [enter, join, { range: { start: at(target.line, nameEnd), end: at(target.line, nameEnd) }, text: 'x' }, { range: { start: at(target.line, nameEnd), end: at(target.line, nameEnd + 1) }, text: '' }, tagType, tagUndo, tagEnter, tagJoin, paste, unpaste, swapDown, swapUp, commentTag, uncommentTag]) {
      await sleep(QUIET_MS);
      await client.timeChange(uri, ++version, [change]);
    }
    await sleep(QUIET_MS);
    await client.timeChange(uri, ++version, [{ range: { start: at(tag.line, 0), end: at(tag.line, 0) }, text: unfinished + '\n' }]);
    for (const change of [unfinishedType, unfinishedUndo]) {
      await sleep(QUIET_MS);
      await client.timeChange(uri, ++version, [change]);
    }
    await closeOrOpen(0);
    await closeOrOpen(1);
    await sleep(QUIET_MS);
    await client.timeChange(uri, ++version, [unfinishedLine]);
  });
  return { uri, times, breaks, typed, tagged, tagBreaks, pasted, moved, commented, unfinishedTyped, closed, openStall: stalls.maxStall, editStall: editing.maxStall };
}

/** Completion (half on directive names, half on values) and hover on directive names, spread over the file. */
async function measureRequests(client, uri, text) {
  const out = {};
  const lines = text.split('\n');
  const directiveLines = [];
  for (let i = 0; i < lines.length; i++) if (/^\s+[a-z][a-z-]+ \S/.test(lines[i])) directiveLines.push(i);
  const n = RUNS.requests();
  const pick = (k) => directiveLines[Math.floor(((k + 0.5) * directiveLines.length) / n)];
  const indentOf = (s) => s.length - s.trimStart().length;
  const caps = client.capabilities ?? {};
  const run = async (method, position) => {
    const times = [];
    let empty = 0;
    const { maxStall } = await client.measureStalls(async () => {
      for (let k = 0; k < WARMUP * 5 + n; k++) {
        const line = pick(k % n);
        const { ms, result } = await client.timeRequest(method, { textDocument: { uri }, position: position(line, lines[line], k) });
        if (k >= WARMUP * 5) times.push(ms);
        if (result == null || (Array.isArray(result) && result.length === 0) || (result.items && result.items.length === 0)) empty++;
      }
    });
    return { p50: median(times), p95: percentile(times, 95), empty, n, maxStall };
  };
  if (caps.completionProvider) {
    out.completion = await run('textDocument/completion', (line, s, k) =>
      k % 2 === 0 ? { line, character: indentOf(s) + 4 } : { line, character: s.replace(/\s+#.*$/, '').length },
    );
  }
  if (caps.hoverProvider) out.hover = await run('textDocument/hover', (line, s) => ({ line, character: indentOf(s) + 2 }));
  return out;
}

/** The longest of the stalls measured in each phase, and that phase. */
function longest(byPhase) {
  const [stallPhase, stall] = Object.entries(byPhase).sort((a, b) => b[1] - a[1])[0];
  return { stall, stallPhase };
}

/**
 * How long the server is left alone before its memory is read once more: V8's memory reducer
 * shrinks the heap some seconds after the work stops (~10 s here).
 */
const IDLE_MS = 15_000;

/**
 * Memory in a fresh process (`start()` spawns it): open the document, edit it a few times, settle,
 * read /proc. With `idle`, also after IDLE_MS of rest.
 */
async function measureMemory(start, size, text, { idle = false } = {}) {
  const client = start();
  await client.initialize();
  const uri = `file:///bench/mem-${size}.pmta`;
  await client.openAndEdit(uri, text);
  const mem = client.memory();
  // Then what an editor asks for a shown file (outline, folding, semantic tokens, links): what the
  // server keeps of those answers.
  await client.editorRequests(uri);
  await sleep(300);
  mem.withRequests = client.memory().rss;
  if (idle) {
    await sleep(IDLE_MS);
    mem.idle = client.memory().rss;
  }
  await client.shutdown();
  return mem;
}

// ---- run -------------------------------------------------------------------------------------

const rows = [];
const started = Date.now();
const profileDir = join(here, 'profiles');
if (CPU_PROF) mkdirSync(profileDir, { recursive: true });
for (const size of SIZES) {
  const text = generateConfig(size);
  process.stdout.write(`${size} lines (${(text.length / 1024).toFixed(0)} KB): `);
  const ours = serverClient({ nodeArgs: CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  const floor = new BenchClient(FLOOR, { name: 'floor' });
  await Promise.all([ours.initialize(), floor.initialize()]);
  const full = await measureFull([ours, floor], size, text);
  process.stdout.write('open ');
  const editOurs = await measureEdits(ours, size, text);
  const editFloor = await measureEdits(floor, size, text);
  process.stdout.write('edit ');
  const requests = await measureRequests(ours, editOurs.uri, text);
  process.stdout.write('requests ');
  await Promise.all([ours.shutdown(), floor.shutdown()]);
  if (ours.stderr.trim()) console.error(`\nserver stderr:\n${ours.stderr}`);
  const memOurs = await measureMemory(() => serverClient(), size, text, { idle: true });
  const memFloor = await measureMemory(() => new BenchClient(FLOOR, { name: 'floor' }), size, text);
  process.stdout.write('memory\n');
  rows.push({
    size,
    bytes: text.length,
    diagnostics: full.counts.get(ours),
    full: median(full.times.get(ours)),
    fullP95: percentile(full.times.get(ours), 95),
    floorFull: median(full.times.get(floor)),
    edit: median(editOurs.times),
    editP95: percentile(editOurs.times, 95),
    floorEdit: median(editFloor.times),
    lineBreak: median(editOurs.breaks),
    floorLineBreak: median(editFloor.breaks),
    newDirective: median(editOurs.typed),
    floorNewDirective: median(editFloor.typed),
    tagEdit: median(editOurs.tagged),
    floorTagEdit: median(editFloor.tagged),
    tagBreak: median(editOurs.tagBreaks),
    floorTagBreak: median(editFloor.tagBreaks),
    pasted: median(editOurs.pasted),
    floorPasted: median(editFloor.pasted),
    commented: median(editOurs.commented),
    floorCommented: median(editFloor.commented),
    moved: median(editOurs.moved),
    floorMoved: median(editFloor.moved),
    unfinishedTag: median(editOurs.unfinishedTyped),
    floorUnfinishedTag: median(editFloor.unfinishedTyped),
    tagClosed: median(editOurs.closed),
    floorTagClosed: median(editFloor.closed),
    ...longest({ open: editOurs.openStall, edits: editOurs.editStall, completion: requests.completion?.maxStall ?? 0, hover: requests.hover?.maxStall ?? 0 }),
    floorStall: Math.max(editFloor.openStall, editFloor.editStall),
    completion: requests.completion,
    hover: requests.hover,
    rss: memOurs.rss,
    peak: memOurs.peak,
    floorRss: memFloor.rss,
    rssWithRequests: memOurs.withRequests,
    rssIdle: memOurs.idle,
  });
}

const grammar = await timeGrammar(root, SIZES.includes(20_000) ? generateConfig(20_000) : undefined);

// A main file that includes the largest generated file: the included file is read from disk and
// checked with the main one (in slices), while the client pings for stalls.
process.stdout.write('split configuration: ');
const splitDir = mkdtempSync(join(tmpdir(), 'pmta-bench-split-'));
const split = { lines: Math.max(...SIZES) };
try {
  const bigText = generateConfig(split.lines);
  writeFileSync(join(splitDir, 'big.conf'), bigText);
  const mainText = 'include big.conf\n';
  writeFileSync(join(splitDir, 'config'), mainText);
  const client = serverClient();
  await client.initialize();
  const times = [];
  let stall = 0;
  for (let k = 0; k < (QUICK ? 2 : 5); k++) {
    const uri = pathToFileURL(join(splitDir, 'config')).href;
    const r = await client.measureStalls(async () => times.push((await client.timeOpen(uri, mainText)).ms));
    stall = Math.max(stall, r.maxStall);
    await client.close(uri);
    await sleep(200);
  }
  // Then both files open, as when editing a split configuration: one-line edits in the included
  // file (a value typed and deleted) and in the main file (a comment typed and deleted).
  const mainUri = pathToFileURL(join(splitDir, 'config')).href;
  const bigUri = pathToFileURL(join(splitDir, 'big.conf')).href;
  await client.timeOpen(mainUri, mainText);
  // Its own diagnostics (with the version it was opened at), not those published for it while it was closed.
  const openWait = client.diagnostics(bigUri, (p) => p.version === 1);
  const openedAt = performance.now();
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'powermta', version: 1, text: bigText } });
  split.openIncluded = (await openWait).at - openedAt;
  const target = editTarget(bigText);
  const editsBig = [];
  const editsMain = [];
  let version = 1;
  const mainEnd = mainText.length - 1;
  for (let k = 0; k < (QUICK ? 4 : 12); k++) {
    await sleep(QUIET_MS);
    const r = { start: { line: target.line, character: target.start }, end: { line: target.line, character: target.end } };
    editsBig.push((await client.timeChange(bigUri, ++version, [{ range: r, text: String(10 + (k % 50)) }])).ms);
    await sleep(QUIET_MS);
    const at = { line: 0, character: k % 2 ? mainEnd + 2 : mainEnd };
    const change = k % 2 ? { range: { start: { line: 0, character: mainEnd }, end: at }, text: '' } : { range: { start: at, end: at }, text: ' #' };
    editsMain.push((await client.timeChange(mainUri, version, [change])).ms);
  }
  await client.shutdown();
  // The server keeps the included file's model and checks while it is unchanged on disk: only the first open checks it.
  Object.assign(split, { first: times[0], again: median(times.slice(1)), stall, editIncluded: median(editsBig), editMain: median(editsMain) });
} finally {
  rmSync(splitDir, { recursive: true, force: true });
}
process.stdout.write('done\n');

// The same open and one-line edit with pulled diagnostics, as VS Code asks for them (LSP 3.17):
// didOpen or didChange, then at once textDocument/diagnostic; timed to its answer.
process.stdout.write('pulled diagnostics: ');
const pulled = [];
for (const size of SIZES) {
  const text = generateConfig(size);
  const client = serverClient();
  await client.initialize(undefined, { pull: true });
  const opens = [];
  for (let k = 0; k < WARMUP + RUNS.full(size); k++) {
    const uri = `file:///bench/pull-${size}-${k}.pmta`;
    const { ms } = await client.timePullOpen(uri, text);
    if (k >= WARMUP) opens.push(ms);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await sleep(50);
  }
  const uri = `file:///bench/pull-${size}.pmta`;
  await client.timePullOpen(uri, text);
  const target = editTarget(text);
  const nameEnd = target.start - 1;
  const type = { range: { start: { line: target.line, character: nameEnd }, end: { line: target.line, character: nameEnd } }, text: 'x' };
  const undo = { range: { start: { line: target.line, character: nameEnd }, end: { line: target.line, character: nameEnd + 1 } }, text: '' };
  const edits = [];
  let version = 1;
  for (let k = 0; k < WARMUP + RUNS.edit(); k++) {
    await sleep(QUIET_MS);
    const { ms } = await client.timePullChange(uri, ++version, [k % 2 === 0 ? type : undo]);
    if (k >= WARMUP) edits.push(ms);
  }
  await client.shutdown();
  pulled.push({ size, open: median(opens), edit: median(edits) });
  process.stdout.write(`${size} `);
}
process.stdout.write('done\n');

// Format Document on the largest generated file with its indentation taken out (an edit on most
// lines), while the client pings: the edits are computed in slices, the answer is one message.
// This server runs with loop-watch.cjs, which reports the longest block of its own event loop: the
// ping's round trip also counts the client's own work on these multi-megabyte messages (encoding
// the change, parsing the answer), during which its pings wait. The budget is on the server's.
process.stdout.write('formatting: ');
const formatting = { lines: Math.max(...SIZES) };
{
  const text = generateConfig(formatting.lines).split('\n').map((l) => l.trimStart()).join('\n');
  const client = serverClient({ nodeArgs: ['--require', join(here, 'loop-watch.cjs')] });
  await client.initialize();
  const uri = 'file:///bench/unformatted.pmta';
  await client.timeOpen(uri, text);
  const times = [];
  let stall = 0;
  let block = 0;
  for (let k = 0; k < (QUICK ? 1 : 3); k++) {
    const r = await client.measureBlocks(async () => {
      const { ms, result } = await client.timeRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
      times.push(ms);
      Object.assign(formatting, { edits: result.length, bytes: JSON.stringify(result).length });
    });
    stall = Math.max(stall, r.maxStall);
    block = Math.max(block, r.block);
  }
  // The whole text replaced at once by the same configuration indented, and back (Format
  // Document's edits applied, or a paste over everything): every tag line changes.
  const lines = text.split('\n').length;
  const indented = generateConfig(formatting.lines);
  const whole = (next) => ({ range: { start: { line: 0, character: 0 }, end: { line: lines + 1, character: 0 } }, text: next });
  const wholeTimes = [];
  let version = 1;
  const r = await client.measureBlocks(async () => {
    for (let k = 0; k < (QUICK ? 2 : 6); k++) {
      await sleep(QUIET_MS);
      wholeTimes.push((await client.timeChange(uri, ++version, [whole(k % 2 === 0 ? indented : text)])).ms);
    }
  });
  // Replace All of `domain` with `domainx` and back, in one change of an edit per occurrence, last
  // to first as VS Code sends them: every <domain> tag renamed, so each open tag stops matching its
  // close until the close is renamed too.
  const hits = occurrences(text, 'domain');
  const replaceAll = (from, to) => replaceAllEdits(hits, from, to);
  const replaceTimes = [];
  const replaced = await client.measureBlocks(async () => {
    for (let k = 0; k < (QUICK ? 2 : 6); k++) {
      await sleep(QUIET_MS);
      replaceTimes.push((await client.timeChange(uri, ++version, k % 2 === 0 ? replaceAll('domain', 'domainx') : replaceAll('domainx', 'domain'))).ms);
    }
  });
  await client.shutdown();
  Object.assign(formatting, {
    ms: median(times),
    stall,
    block,
    whole: median(wholeTimes),
    wholeStall: r.maxStall,
    wholeBlock: r.block,
    replaceEdits: hits.length,
    replace: median(replaceTimes),
    replaceStall: replaced.maxStall,
    replaceBlock: replaced.block,
  });
}
process.stdout.write('done\n');

// pmta-lint as CI runs it: the largest generated size, and a million lines with a problem on every other one.
process.stdout.write('pmta-lint: ');
const cliRows = [
  ...(await timeCli(CLI, [{ name: `generated ${Math.max(...SIZES).toLocaleString('en')} lines`, text: generateConfig(Math.max(...SIZES)), args: [] }], QUICK ? 1 : 3)),
  ...(await timeCli(CLI, [{ name: 'a problem on every other line', text: problemConfig(1_000_000), args: ['--format', 'json'] }], 1)),
];
process.stdout.write('done\n');

// ---- budgets --------------------------------------------------------------------------------

const at = (size) => rows.find((r) => r.size === size);
const budgets = [];
const budget = (name, size, value, limit, unit, why) => {
  const r = at(size);
  if (!r) return;
  const v = value(r);
  budgets.push({ name, value: v, limit, unit, ok: v === undefined ? undefined : v <= limit, why });
};
budget('20k lines: didOpen -> diagnostics, median', 20_000, (r) => r.full, 50, 'ms');
budget('20k lines: didOpen -> diagnostics, ratio to floor', 20_000, (r) => r.full / r.floorFull, 3, '×');
for (const size of SIZES) budget(`${size / 1000}k lines: one-line edit -> diagnostics, median`, size, (r) => r.edit, 5, 'ms');
budget('100k lines: completion p95', 100_000, (r) => r.completion?.p95, 5, 'ms', 'server does not advertise completion');
budget('100k lines: hover p95', 100_000, (r) => r.hover?.p95, 5, 'ms', 'server does not advertise hover');
budget('100k lines: server RSS after open + edits', 100_000, (r) => r.rss, 100, 'MB');
budget('100k lines: longest event-loop stall (open, edits, requests)', 100_000, (r) => r.stall, 200, 'ms');
// Issue 7: nothing blocks the server for more than 200 ms on a 100k-line file, whole-file work
// included. For that work the figure is the server's own event loop (see the formatting run).
if (formatting.lines === 100_000) {
  const wholeFileBlock = Math.max(formatting.block, formatting.wholeBlock, formatting.replaceBlock);
  budgets.push({ name: "100k lines: longest block of the server's event loop in whole-file work (Format Document, text replaced, Replace All)", value: wholeFileBlock, limit: 200, unit: 'ms', ok: wholeFileBlock <= 200 });
}

// ---- report ---------------------------------------------------------------------------------

const f = (v, d = 1) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(d));
const req = (x) => (x ? `${f(x.p50, 2)} / ${f(x.p95, 2)}` : 'not advertised');
const table = [
  '| lines | KB | diagnostics | open→diagnostics median (p95) | floor | × floor | one-line edit median (p95) | floor | × floor | line break added/removed, median (floor) | first character of a new line, median (floor) | keystroke in a tag argument, median (floor) | Enter after a tag line, median (floor) | block pasted/deleted, median (floor) | setting moved past its close tag and back, median (floor) | open tag line commented out and back, median (floor) | keystroke in an unfinished tag, median (floor) | `>` with its close tag, and deleted, median (floor) | completion p50 / p95 | hover p50 / p95 | longest stall (floor) | RSS (peak) | floor RSS | RSS with the editor requests answered | RSS once idle |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.size.toLocaleString('en')} | ${(r.bytes / 1024).toFixed(0)} | ${r.diagnostics} | ${f(r.full)} ms (${f(r.fullP95)}) | ${f(r.floorFull)} ms | ${f(r.full / r.floorFull, 2)} | ${f(r.edit, 2)} ms (${f(r.editP95, 2)}) | ${f(r.floorEdit, 2)} ms | ${f(r.edit / r.floorEdit, 2)} | ${f(r.lineBreak, 2)} ms (${f(r.floorLineBreak, 2)}) | ${f(r.newDirective, 2)} ms (${f(r.floorNewDirective, 2)}) | ${f(r.tagEdit, 2)} ms (${f(r.floorTagEdit, 2)}) | ${f(r.tagBreak, 2)} ms (${f(r.floorTagBreak, 2)}) | ${f(r.pasted, 2)} ms (${f(r.floorPasted, 2)}) | ${f(r.moved, 2)} ms (${f(r.floorMoved, 2)}) | ${f(r.commented, 2)} ms (${f(r.floorCommented, 2)}) | ${f(r.unfinishedTag, 2)} ms (${f(r.floorUnfinishedTag, 2)}) | ${f(r.tagClosed, 2)} ms (${f(r.floorTagClosed, 2)}) | ${req(r.completion)} ms | ${req(r.hover)} ms | ${f(r.stall, 0)} ms, ${r.stallPhase} (${f(r.floorStall, 0)}) | ${f(r.rss, 0)} MB (${f(r.peak, 0)}) | ${f(r.floorRss, 0)} MB | ${f(r.rssWithRequests, 0)} MB | ${f(r.rssIdle, 0)} MB |`,
  ),
].join('\n');
const budgetTable = [
  '| budget | measured | limit | |',
  '|---|---:|---:|---|',
  ...budgets.map((b) => `| ${b.name} | ${b.value === undefined ? '—' : f(b.value, 2) + ' ' + b.unit} | ${b.limit} ${b.unit} | ${b.ok === undefined ? `not measured: ${b.why}` : b.ok ? 'ok' : '**MISSED**'} |`),
].join('\n');
const grammarText = grammar.skipped
  ? `TextMate grammar: ${grammar.skipped}.`
  : [
      '| TextMate grammar (vscode-textmate + vscode-oniguruma) | lines | total | per 1k lines |',
      '|---|---:|---:|---:|',
      ...grammar.rows.map((g) => `| ${g.name} | ${g.lines.toLocaleString('en')} | ${f(g.ms)} ms | ${f((g.ms * 1000) / g.lines, 2)} ms |`),
      '',
      `Hostile lines of ${grammar.hostile.chars.toLocaleString('en')} characters (VS Code's longest tokenized line), one each (no budget): ${grammar.hostile.lines.map((h) => `${h.name} ${f(h.ms)} ms`).join(', ')}.`,
    ].join('\n');
const splitText = `A main file whose only line includes a ${split.lines.toLocaleString('en')}-line file (read from disk, checked with it): open→diagnostics ${f(split.first)} ms the first time, ${f(split.again)} ms (median) when opened again (the included file, unchanged on disk, is not checked again); longest stall ${f(split.stall, 0)} ms. With both files open (opening the included one: ${f(split.openIncluded)} ms), a one-line edit in the included file takes ${f(split.editIncluded, 2)} ms (median) to its diagnostics, one in the main file ${f(split.editMain, 2)} ms (no budget).`;
const pulledText = [
  'The open and the one-line edit above, with pulled diagnostics as VS Code asks for them (LSP 3.17): didOpen or didChange, then at once `textDocument/diagnostic`, timed to its answer; a server of its own, medians (no budget; the pushed figures of the table beside them).',
  '',
  '| lines | open → pull answered | pushed | one-line edit → pull answered | pushed |',
  '|---:|---:|---:|---:|---:|',
  ...pulled.map((p) => {
    const r = at(p.size);
    return `| ${p.size.toLocaleString('en')} | ${f(p.open)} ms | ${f(r?.full)} ms | ${f(p.edit, 2)} ms | ${f(r?.edit, 2)} ms |`;
  }),
].join('\n');
const formattingText = `Format Document on the ${formatting.lines.toLocaleString('en')}-line file with its indentation taken out: ${formatting.edits.toLocaleString('en')} edits (${f(formatting.bytes / 1048576, 1)} MB of JSON) in ${f(formatting.ms)} ms (median); longest block of the server's event loop ${f(formatting.block, 0)} ms, longest stall seen by the client ${f(formatting.stall, 0)} ms. The edits are computed in slices; the stall is the answer itself (encoded in one piece by the protocol library, then sent and read before the next answer). The whole text replaced at once by the same configuration indented, and back (the formatting applied, or a paste over everything): ${f(formatting.whole)} ms to diagnostics (median), longest block ${f(formatting.wholeBlock, 0)} ms (client-seen stall ${f(formatting.wholeStall, 0)} ms). Replace All of \`domain\` with \`domainx\` and back, in one change of ${formatting.replaceEdits.toLocaleString('en')} edits (every \`<domain>\` tag and its close renamed): ${f(formatting.replace)} ms to diagnostics (median), longest block ${f(formatting.replaceBlock, 0)} ms (client-seen stall ${f(formatting.replaceStall, 0)} ms). The server's three longest blocks share one budget (200 ms at 100k lines); the times have none. The server ran with \`loop-watch.cjs\` (a 1 ms timer noting the longest gap between its turns): the client-seen stall, a ping's round trip, also counts the client's own encoding and parsing of these multi-megabyte messages, during which its pings wait.`;
const cliText = [
  '| pmta-lint on | lines | format | exit | time | peak RSS | output |',
  '|---|---:|---|---:|---:|---:|---:|',
  ...cliRows.map((c) => `| ${c.name} | ${c.lines.toLocaleString('en')} | ${c.args.includes('json') ? 'json' : 'text'} | ${c.code} | ${f(c.ms / 1000, 2)} s | ${f(c.rss, 0)} MB | ${f(c.outBytes / 1048576, 1)} MB |`),
].join('\n');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')} at the end`;

console.log(`\n${table}\n\n${budgetTable}\n\n${pulledText}\n\n${splitText}\n\n${formattingText}\n\n${grammarText}\n\n${cliText}\n\n${machine}; ${((Date.now() - started) / 1000).toFixed(0)} s`);

if (!flag('--no-write')) {
  const md = `# Benchmark results

Generated by \`npm run bench\` (\`bench/run.mjs\`) on ${new Date().toISOString().slice(0, 10)}${QUICK ? ' (--quick)' : ''}.
Machine: ${machine}.

Every figure goes through the real server bundle, started as the extension starts it
(\`node ${SERVER_NODE_ARGS.join(' ')} server/out/server.js --stdio\`, the flags from \`server/src/lsp/launch.json\`), with a
JSON-RPC client, and is compared with the floor (\`bench/floor-server.js\`: same protocol library, keeps the
lines, publishes empty diagnostics) measured in the same run, interleaved. Configurations come from
\`bench/generate.mjs\` (virtual MTAs with smtp-source-host (public addresses), nested and top-level
domain throttles including \`$macro\` domains, pools, pattern-lists, an smtp-pattern-list with reply
rules, bounce patterns, acct-files, sources, comments; a typo every ~3,000 lines).

- *open→diagnostics*: from sending \`didOpen\` of a new document to receiving its \`publishDiagnostics\`.
- *one-line edit*: an incremental \`didChange\` in the middle of the file (typing a character into a
  directive name, then deleting it) to the \`publishDiagnostics\` of that version; each edit follows
  a quiet spell longer than the debounce window, so it is published on the leading edge.
- *line break*: Enter at the end of that line, then the line break deleted again (the line count
  changes; reported, no budget).
- *first character of a new line*: on an empty line made below that line, a character typed (the
  line becomes a directive line), then deleted (reported, no budget).
- *keystroke in a tag argument*: a character typed at the end of a \`<domain …>\` tag's argument in
  the second half (a top-level block), then deleted: the block is renamed in place, and the rules that
  read its name run again (reported, no budget).
- *Enter after a tag line*: Enter (and an indentation) at the end of that tag line, as when adding a
  setting to the block, then deleted again (reported, no budget).
- *block pasted/deleted*: a three-line \`<domain>\` block pasted above that tag line, then deleted again: the
  block tree changes shape, so it is built again and every rule runs (reported, no budget).
- *setting moved past its close tag*: the last setting of that block and its \`</domain>\` swapped in
  one edit (Alt+Down), then swapped back (Alt+Up): the changed lines cut the block, so the analysis
  takes in the rest of it and splices the whole block (reported, no budget).
- *open tag line commented out*: a \`#\` typed at the start of that tag line (the block's lines join the
  top level and its close tag closes nothing), then deleted (reported, no budget).
- *keystroke in an unfinished tag*: on a line \`<domain typed.exampl\` (a block being typed above that tag
  line, before its \`>\`), a character typed at its end, then deleted: such a line opens no block, so
  the lines below keep theirs (reported, no budget).
- *\`>\` with its close tag*: the \`>\` typed at the end of that line and the \`</domain>\` the extension
  puts in after it, as two changes sent back to back, to the diagnostics of the second (the client
  sends \`autoCloseTags\` as the extension does, so the server checks once, with the close tag); then
  both deleted in one change (reported, no budget).
- *completion / hover*: ${RUNS.requests()} sequential requests spread over the file (completion alternates
  between a directive name and the end of the value), round-trip p50 / p95.
- *longest stall*: while the document opens (with the outline, folding, semantic-token and link
  requests VS Code sends for a newly shown file), while it is edited (every kind of edit above, in a run
  of their own) and while the requests run, the client sends a
  request the server does not know every 5 ms; the slowest answer is how long the event loop was blocked.
- *RSS*: \`VmRSS\` from \`/proc/<pid>/status\` of a fresh server after opening the document and five edits (peak = \`VmHWM\`).
- *RSS with the editor requests answered*: the same server once it has also answered what an editor asks for a shown file
  (outline, folding, semantic tokens, links), i.e. with what it keeps of those answers (reported, no budget).
- *RSS once idle*: the same server after ${IDLE_MS / 1000} s more of rest, once V8's memory reducer has shrunk the heap: what
  it holds while the file is read rather than edited (reported, no budget).

${table}

## Budgets

${budgetTable}

## Pulled diagnostics

${pulledText}

## A configuration split over files

${splitText}

## Formatting a whole file

${formattingText}

## Grammar

${grammarText}

## pmta-lint

The CLI bundle (\`server/out/cli.js\`) on a file, as a CI job runs it, in a fresh process each time (so
with a cold JIT, unlike the server above); peak RSS from \`process.resourceUsage()\` at exit. The second
file (1M lines, 500,000 findings) shows that a huge report is written in pieces within bounded memory
(no budget).

${cliText}
`;
  writeFileSync(join(here, 'RESULTS.md'), md);
}

if (CPU_PROF) console.log(`CPU profiles: ${readdirSync(profileDir).map((p) => join('bench/profiles', p)).join(', ')}`);
const missed = budgets.filter((b) => b.ok === false);
if (missed.length) {
  console.log(`\n${missed.length} budget(s) missed: ${missed.map((b) => b.name).join('; ')}`);
  process.exit(1);
}
console.log('\nall measured budgets hold');
