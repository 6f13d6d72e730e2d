// A small LSP client for the benchmark: spawns a server over stdio, speaks JSON-RPC through
// vscode-jsonrpc, times round trips, and reads the server's memory from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { editTarget } from './generate.mjs';

const require = createRequire(import.meta.url);
const { StreamMessageReader, StreamMessageWriter, createMessageConnection } = require('vscode-jsonrpc/node');
const here = dirname(fileURLToPath(import.meta.url));

/** The server bundle the bench measures. */
export const SERVER = join(here, '../server/out/server.js');
/** The Node flags the extension starts the server with (server/src/lsp/launch.json). */
export const SERVER_NODE_ARGS = JSON.parse(readFileSync(join(here, '../server/src/lsp/launch.json'), 'utf8')).nodeArgs;

/** The server's default debounce window (powermta.diagnostics.debounceMs). */
export const DEBOUNCE_MS = 150;
/** A quiet spell past that window: an edit after it is published on the leading edge. */
export const QUIET_MS = DEBOUNCE_MS + 30;

/** A client of the server started as the extension starts it; `nodeArgs` adds measuring aids. */
export function serverClient({ nodeArgs = [], name = 'server' } = {}) {
  return new BenchClient(SERVER, { name, nodeArgs: [...SERVER_NODE_ARGS, ...nodeArgs] });
}

export class BenchClient {
  constructor(script, { nodeArgs = [], name = script } = {}) {
    this.name = name;
    this.proc = spawn(process.execPath, [...nodeArgs, script, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.waiters = [];
    this.messages = [];
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const at = performance.now();
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.pred(p)) return true;
        w.resolve({ at, params: p });
        return false;
      });
    });
    this.conn.onNotification('window/showMessage', (p) => this.messages.push(p));
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
  }

  /**
   * `initializationOptions` default to what the VS Code extension sends with its default settings
   * that matter here (client/src/settings.ts): it inserts the close tag after a typed `>`.
   * With `pull`, the client announces pulled diagnostics (LSP 3.17), as VS Code does: the server
   * then answers textDocument/diagnostic instead of publishing for open documents.
   */
  async initialize(initializationOptions = { autoCloseTags: true }, { pull = false } = {}) {
    const capabilities = {
      textDocument: {
        ...(pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        publishDiagnostics: { versionSupport: true },
        // What VS Code (vscode-languageclient) announces: documentation comes with completionItem/resolve
        // when an item is shown, and a list may share one edit range among its items.
        completion: {
          completionItem: {
            snippetSupport: true,
            documentationFormat: ['markdown', 'plaintext'],
            resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
          },
          completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        // vscode-languageclient's fixed limit: the editor shows no more folding ranges than this.
        foldingRange: { rangeLimit: 5000, lineFoldingOnly: true },
      },
    };
    const result = await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions });
    await this.conn.sendNotification('initialized', {});
    this.capabilities = result.capabilities;
    return result;
  }

  /** Resolves with {at, params} for the next publishDiagnostics of `uri` that satisfies `pred`. */
  diagnostics(uri, pred = () => true, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        uri,
        pred,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** Time from sending didOpen to receiving the diagnostics of that version. */
  async timeOpen(uri, text, version = 1) {
    const wait = this.diagnostics(uri, (p) => p.version === undefined || p.version === version);
    const t0 = performance.now();
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'powermta', version, text } });
    const { at, params } = await wait;
    return { ms: at - t0, count: params.diagnostics.length };
  }

  /** With pulled diagnostics: time from sending didOpen to the answer of the pull sent right after it. */
  timePullOpen(uri, text, version = 1) {
    return this.timePullAfter(uri, 'textDocument/didOpen', { textDocument: { uri, languageId: 'powermta', version, text } });
  }

  /** With pulled diagnostics: time from sending didChange to the answer of the pull sent right after it. */
  timePullChange(uri, version, contentChanges) {
    return this.timePullAfter(uri, 'textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  async timePullAfter(uri, notification, params) {
    const t0 = performance.now();
    await this.conn.sendNotification(notification, params);
    const report = await this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    return { ms: performance.now() - t0, count: report.items.length };
  }

  /**
   * Opens a document as VS Code does: didOpen, then at once the requests the editor sends for a
   * newly shown file (outline, folding, semantic tokens, links), each only if the server offers it.
   * Resolves when the diagnostics and every answer are in.
   */
  async openLikeAnEditor(uri, text) {
    const opened = this.timeOpen(uri, text);
    const [result] = await Promise.all([opened, this.editorRequests(uri)]);
    return result;
  }

  /** The requests an editor sends for a newly shown document (those the server offers), answered. */
  editorRequests(uri) {
    const td = { textDocument: { uri } };
    const caps = this.capabilities ?? {};
    const asks = [];
    if (caps.documentSymbolProvider) asks.push(this.conn.sendRequest('textDocument/documentSymbol', td));
    if (caps.foldingRangeProvider) asks.push(this.conn.sendRequest('textDocument/foldingRange', td));
    if (caps.semanticTokensProvider?.full) asks.push(this.conn.sendRequest('textDocument/semanticTokens/full', td));
    if (caps.documentLinkProvider) asks.push(this.conn.sendRequest('textDocument/documentLink', td));
    return Promise.all(asks);
  }

  async close(uri) {
    const wait = this.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await wait;
  }

  /** Time from sending didChange to receiving the diagnostics of that version. */
  async timeChange(uri, version, contentChanges) {
    const wait = this.diagnostics(uri, (p) => p.version === version);
    const t0 = performance.now();
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    const { at, params } = await wait;
    return { ms: at - t0, count: params.diagnostics.length };
  }

  /**
   * Sends several changes as separate notifications, back to back (as an editor sends a keystroke
   * and the edit an extension makes in answer), to the diagnostics of the last one's version.
   */
  async timeChanges(uri, firstVersion, changes) {
    const last = firstVersion + changes.length - 1;
    const wait = this.diagnostics(uri, (p) => p.version === last);
    const t0 = performance.now();
    for (let k = 0; k < changes.length; k++) {
      await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: firstVersion + k }, contentChanges: [changes[k]] });
    }
    const { at, params } = await wait;
    return { ms: at - t0, count: params.diagnostics.length };
  }

  async timeRequest(method, params) {
    const t0 = performance.now();
    const result = await this.conn.sendRequest(method, params);
    return { ms: performance.now() - t0, result };
  }

  /**
   * While `work` runs, sends a request the server does not know every `everyMs` and records how
   * long each answer (a MethodNotFound error) takes: the longest is how long the server's event
   * loop was blocked. Needs no hook in the server.
   */
  async measureStalls(work, everyMs = 5) {
    const latencies = [];
    const pending = [];
    let running = true;
    const tick = () => {
      if (!running) return;
      const t0 = performance.now();
      pending.push(
        this.conn.sendRequest('bench/ping', {}).then(
          () => latencies.push(performance.now() - t0),
          () => latencies.push(performance.now() - t0),
        ),
      );
      setTimeout(tick, everyMs);
    };
    tick();
    const result = await work();
    running = false;
    await Promise.all(pending);
    return { result, maxStall: Math.max(0, ...latencies), pings: latencies.length };
  }

  /**
   * Where the bench reads a server's memory: the document opened, five one-line edits in the middle
   * (each after `quietMs` of quiet, longer than the debounce window), then 300 ms of rest.
   */
  async openAndEdit(uri, text, quietMs = QUIET_MS) {
    await this.timeOpen(uri, text);
    const target = editTarget(text);
    const range = { start: { line: target.line, character: target.start }, end: { line: target.line, character: target.end } };
    for (let v = 2; v < 7; v++) {
      await sleep(quietMs);
      await this.timeChange(uri, v, [{ range, text: String(10 + v) }]);
    }
    await sleep(300);
  }

  /**
   * Sends SIGUSR2 to a server started with a measuring preload (loop-watch.cjs, heap-snapshot.cjs)
   * and resolves with the first group of the line `pattern` finds in what it writes to stderr next.
   */
  async report(pattern, timeoutMs = 2000) {
    const seen = this.stderr.length;
    this.proc.kill('SIGUSR2');
    for (const until = performance.now() + timeoutMs; performance.now() < until; ) {
      const m = pattern.exec(this.stderr.slice(seen));
      if (m) return m[1];
      await sleep(5);
    }
    throw new Error(`${this.name}: no report on stderr within ${timeoutMs} ms (is its measuring preload loaded?)`);
  }

  /** The longest block of the server's own event loop since the last call, in ms (needs loop-watch.cjs). */
  async longestBlock() {
    return Number(await this.report(/loop-watch ([\d.]+)\n/));
  }

  /** measureStalls, plus the longest block of the server's own event loop meanwhile (needs loop-watch.cjs). */
  async measureBlocks(work) {
    await this.longestBlock(); // starts a fresh window
    const { maxStall } = await this.measureStalls(work);
    return { maxStall, block: await this.longestBlock() };
  }

  /** Resident and peak memory of the server process, in MB (Linux /proc). */
  memory() {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  }

  async shutdown() {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await new Promise((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.proc.kill();
        resolve();
      }, 5000);
      this.proc.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.conn.dispose();
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const median = (values) => percentile(values, 50);
