import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, SERVER_JS, plainEnv } from './harness';

const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

function frame(msg: object): Buffer {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/**
 * Splits a byte stream into LSP frames and fails on anything else: a stray byte before a
 * header, a header other than Content-Length / Content-Type, a body that is not JSON-RPC 2.0,
 * or trailing bytes after the last frame.
 */
function parseFrames(out: Buffer, partial = false): any[] {
  const messages: any[] = [];
  let pos = 0;
  while (pos < out.length) {
    const headerEnd = out.indexOf('\r\n\r\n', pos, 'ascii');
    const head = out.subarray(pos, headerEnd < 0 ? out.length : headerEnd).toString('ascii');
    // While a frame is still arriving, a header prefix is fine; anything else fails at once.
    if (partial && headerEnd < 0 && 'Content-Length: '.startsWith(head.slice(0, 16)) && /^[\x20-\x7e\r\n]*$/.test(head)) break;
    assert.ok(headerEnd >= 0, `bytes after the last frame: ${JSON.stringify(out.subarray(pos).toString('utf8').slice(0, 200))}`);
    const headers = head.split('\r\n');
    let length = -1;
    for (const h of headers) {
      const m = /^(Content-Length|Content-Type): (.+)$/.exec(h);
      assert.ok(m, `not an LSP header: ${JSON.stringify(h.slice(0, 200))}`);
      if (m[1] === 'Content-Length') length = Number(m[2]);
    }
    assert.ok(length >= 0, 'frame without Content-Length');
    const body = out.subarray(headerEnd + 4, headerEnd + 4 + length);
    if (partial && body.length < length) break;
    assert.equal(body.length, length, 'truncated frame');
    const msg = JSON.parse(body.toString('utf8'));
    assert.equal(msg.jsonrpc, '2.0');
    messages.push(msg);
    pos = headerEnd + 4 + length;
  }
  return messages;
}

/** The server over raw stdio, keeping every byte it writes to stdout. */
class RawSession {
  readonly proc: ChildProcess;
  private readonly chunks: Buffer[] = [];
  stderr = '';

  constructor(args: string[]) {
    this.proc = spawn(process.execPath, [SERVER_JS, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: plainEnv() });
    this.proc.stdout!.on('data', (d: Buffer) => this.chunks.push(d));
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
  }

  get stdout(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Complete frames so far; fails at once on bytes that cannot start a frame. */
  messages(): any[] {
    return parseFrames(this.stdout, true);
  }

  send(msg: object): void {
    this.proc.stdin!.write(frame(msg));
  }

  async waitFor(pred: (msgs: any[]) => boolean, what: string): Promise<void> {
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (pred(this.messages())) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`timed out waiting for ${what}; stderr: ${this.stderr}`);
  }

  exited(timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) resolve(this.proc.exitCode);
      this.proc.on('exit', (c) => resolve(c));
      setTimeout(() => resolve(null), timeoutMs);
    });
  }
}

/**
 * One session that exercises the paths most likely to print by mistake: trace on, settings the
 * server cannot use, text it cannot parse, a request it does not know, a pull for a closed file.
 */
async function session(args: string[]): Promise<{ stdout: Buffer; code: number | null }> {
  const s = new RawSession(args);
  try {
    const uri = 'file:///tmp/pmta/config';
    s.send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, trace: 'verbose' } });
    await s.waitFor((m) => m.some((x) => x.id === 1), 'initialize result');
    s.send({ method: 'initialized', params: {} });
    s.send({ method: '$/setTrace', params: { value: 'verbose' } });
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'pmta', version: 1, text: 'max-smtp-ot 20\n<domain *>\nmax-smtp-out lots\n' } } });
    await s.waitFor((m) => m.some((x) => x.method === 'textDocument/publishDiagnostics' && x.params.diagnostics.length > 0), 'diagnostics');
    // Answer what the server asked (workspace/configuration, client/registerCapability).
    for (const req of s.messages().filter((x) => x.id !== undefined && x.method)) s.send({ id: req.id, result: req.method === 'workspace/configuration' ? [{ bogus: true }] : null });
    s.send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: '\u00e9\u0000 {\n' }] } });
    s.send({ method: 'workspace/didChangeConfiguration', params: { settings: { powermta: 42 } } });
    s.send({ id: 2, method: 'no/suchMethod', params: {} });
    s.send({ id: 3, method: 'textDocument/diagnostic', params: { textDocument: { uri: 'file:///never/opened' } } });
    await s.waitFor((m) => m.some((x) => x.id === 2) && m.some((x) => x.id === 3), 'answers to requests 2 and 3');
    s.send({ id: 4, method: 'shutdown' });
    await s.waitFor((m) => m.some((x) => x.id === 4), 'shutdown result');
    s.send({ method: 'exit' });
    const code = await s.exited(5000);
    return { stdout: s.stdout, code };
  } finally {
    if (s.proc.exitCode === null) s.proc.kill();
  }
}

describe('powermta-language-server on the command line', () => {
  it('--version prints the name and package version, exit 0', () => {
    const r = spawnSync(process.execPath, [SERVER_JS, '--version'], { encoding: 'utf8', env: plainEnv() });
    assert.deepEqual([r.status, r.stdout], [0, `powermta-language-server ${VERSION}\n`]);
  });

  it('--help prints usage with the transports, exit 0', () => {
    const r = spawnSync(process.execPath, [SERVER_JS, '--help'], { encoding: 'utf8', env: plainEnv() });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: powermta-language-server --stdio/);
  });

  for (const args of [['--stdio'], []]) {
    it(`${args.length ? args.join(' ') : 'without arguments (stdio)'}: stdout carries nothing but LSP frames`, async () => {
      const { stdout, code } = await session(args);
      const msgs = parseFrames(stdout);
      assert.equal(code, 0);
      assert.ok(msgs.some((m) => m.id === 1 && m.result?.serverInfo?.name === 'powermta-language-server'));
      assert.ok(msgs.some((m) => m.id === 2 && m.error?.code === -32601), 'unknown method answered with MethodNotFound');
      assert.ok(msgs.some((m) => m.id === 4 && m.result === null));
    });
  }
});
