import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { after } from 'node:test';
import { type MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';

/** Servers not shut down by their test (a failed assertion skipped the shutdown): killed at the end of the file, so a failure never hangs the run. */
const live = new Set<LspClient>();
after(() => {
  for (const c of live) c.proc.kill('SIGKILL');
  live.clear();
});

export const SERVER_JS = join(__dirname, '..', 'server', 'out', 'server.js');
/** The web build's server, run in a worker thread as a browser runs it in a web worker. */
export const BROWSER_SERVER_JS = join(__dirname, '..', 'server', 'out', 'browserServer.js');
export const WORKER_BRIDGE = join(__dirname, 'workerBridge.cjs');

/** A minimal LSP client over stdio against the built server bundle, for protocol tests. */
export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly diagnostics = new Map<string, any[]>();
  /** How many publishDiagnostics notifications have arrived. */
  published = 0;
  /** The document version of each publishDiagnostics, by URI, in order of arrival. */
  readonly publishedVersions = new Map<string, (number | undefined)[]>();
  private waiters: { uri: string; pred: (d: any[]) => boolean; resolve: (d: any[]) => void }[] = [];
  stderr = '';
  /** The server's window/logMessage notifications, in order. */
  readonly log: { type: number; message: string }[] = [];

  /**
   * `args` go to the server, `nodeArgs` to Node before the script (e.g. `--heapsnapshot-signal`);
   * `script` is what Node runs (the web build's server goes through test/workerBridge.cjs).
   */
  constructor(args: string[] = ['--stdio'], nodeArgs: string[] = [], script = SERVER_JS) {
    this.proc = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(this);
    this.proc.on('exit', () => live.delete(this));
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: any) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.published++;
      this.publishedVersions.set(p.uri, [...(this.publishedVersions.get(p.uri) ?? []), p.version]);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p.diagnostics)) {
          w.resolve(p.diagnostics);
          return false;
        }
        return true;
      });
    });
    this.conn.onRequest('workspace/configuration', (p: any) => p.items.map(() => ({})));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.log.push(p);
    });
    this.conn.listen();
  }

  async initialize(capabilities: object = {}, initializationOptions?: object): Promise<any> {
    const result = await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'powermta', version, text } });
  }

  change(uri: string, version: number, contentChanges: object[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  request<T = any>(method: string, params: object): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  /** Resolves with the next published diagnostics for `uri` that satisfy `pred`. */
  waitForDiagnostics(uri: string, pred: (d: any[]) => boolean = () => true, timeoutMs = 5000): Promise<any[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        uri,
        pred,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      });
    });
  }

  async shutdown(): Promise<number | null> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    const code = await new Promise<number | null>((resolve) => {
      if (this.proc.exitCode !== null) resolve(this.proc.exitCode);
      this.proc.on('exit', (c) => resolve(c));
      setTimeout(() => {
        this.proc.kill();
        resolve(null);
      }, 3000);
    });
    this.conn.dispose();
    return code;
  }
}
