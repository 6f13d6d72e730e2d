import { type ExtensionContext, type LogOutputChannel, Uri, workspace } from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type Message, type MessageTransports } from 'vscode-languageclient/browser';
import { LANGUAGE_ID, sharedClientOptions } from './clientOptions';
import { EFFECTIVE_SCHEME } from './effectiveSettings';
import { editorUri, serverUri } from './serverUris';
import { type PowerMtaApi, startExtension, stopExtension } from './startExtension';
import { sendWorkspaceFiles } from './workspaceFiles';

/** The browser's Worker, as far as this file uses it (the project is typed for Node, not the DOM). */
interface ServerWorker {
  terminate(): void;
}
declare const Worker: new (url: string) => ServerWorker;
type Port = ConstructorParameters<typeof BrowserMessageReader>[0];

let worker: ServerWorker | undefined;

/**
 * The server's web worker. Where the extension is served over http(s) (vscode.dev, github.dev) the
 * worker loads from its URL; an extension served by a VS Code server has `vscode-remote:` URLs,
 * from which the web extension host cannot start a worker, so the script is read and started from a blob.
 */
async function startWorker(context: ExtensionContext): Promise<ServerWorker> {
  const script = Uri.joinPath(context.extensionUri, 'server/out/browserServer.js');
  if (/^https?$/.test(script.scheme)) return new Worker(script.toString(true));
  const bytes = await workspace.fs.readFile(script);
  return new Worker(URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' })));
}

/**
 * Writes plain copies: a message may hold objects VS Code gives as proxies (settings from
 * `workspace.getConfiguration`), which postMessage cannot clone; JSON, what the Node build sends
 * over IPC, is what the server reads anyway.
 */
class PlainMessageWriter extends BrowserMessageWriter {
  override write(message: Message): Promise<void> {
    return super.write(JSON.parse(JSON.stringify(message)) as Message);
  }
}

/**
 * The connection to a new server worker (the one before it, after a restart, is ended). The
 * client is given the reader and writer rather than the worker: its own `instanceof Worker` test
 * fails in the extension host, which wraps the Worker constructor.
 */
async function serverTransports(context: ExtensionContext): Promise<MessageTransports> {
  worker?.terminate();
  worker = await startWorker(context);
  const port = worker as unknown as Port;
  return { reader: new BrowserMessageReader(port), writer: new PlainMessageWriter(port) };
}

function createBrowserLanguageClient(context: ExtensionContext, output: LogOutputChannel): LanguageClient {
  // The changed files themselves go to the server (workspaceFiles.ts): a bare change event would
  // have it link the configuration again with the old text first.
  const options = sharedClientOptions(output, [{ language: LANGUAGE_ID }], false);
  options.uriConverters = { code2Protocol: serverUri, protocol2Code: editorUri };
  return new LanguageClient(LANGUAGE_ID, 'PowerMTA Language Server', () => serverTransports(context), options);
}

/** The web extension (VS Code for the Web): the server runs in a web worker, on the files this side sends. */
export async function activate(context: ExtensionContext): Promise<PowerMtaApi> {
  return startExtension(context, {
    createClient: (output) => createBrowserLanguageClient(context, output),
    handles: (uri) => uri.scheme !== EFFECTIVE_SCHEME,
    started: sendWorkspaceFiles,
  });
}

export const deactivate = stopExtension;
