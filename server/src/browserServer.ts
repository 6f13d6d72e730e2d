/**
 * The language server in a web worker (VS Code for the Web: vscode.dev, github.dev, a browser
 * extension host). Messages come and go with postMessage; the files of the workspace are those
 * the extension sends (browser/editorFiles.ts). DKIM key files and DNS are not checked here.
 */
import 'setimmediate';
import { BrowserMessageReader, BrowserMessageWriter, ProposedFeatures, createConnection } from 'vscode-languageserver/browser';
import { EditorFiles } from './browser/editorFiles';
import { startLanguageServer } from './lsp/languageServer';
import { type EditorFile, FILES_NOTIFICATION, MAX_FILES_ASKED, READ_FILES_REQUEST } from './lsp/requests';
import { pathOf, uriOf } from './workspace';

/** The worker's global scope, as far as this file uses it (the project is typed for Node, not the DOM). */
interface WorkerScope {
  addEventListener(type: 'error', listener: (e: { message: string }) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (e: { reason: unknown }) => void): void;
}
declare const self: WorkerScope;
const port = self as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(port), new BrowserMessageWriter(port));
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
self.addEventListener('error', (e) => connection.console.error(`Uncaught exception: ${e.message}`));
self.addEventListener('unhandledrejection', (e) => connection.console.error(`Unhandled promise rejection: ${e.reason instanceof Error ? (e.reason.stack ?? e.reason.message) : String(e.reason)}`));

let asked = 0;
const wanted = new Set<string>();
/** Settles when the files asked for have been answered (undefined when none are awaited). */
let arriving: Promise<void> | undefined;
const files = new EditorFiles((path) => {
  if (asked >= MAX_FILES_ASKED) return;
  asked++;
  wanted.add(path);
  // Asked together once the current check ends, then checked again with what came back.
  if (wanted.size === 1) {
    const batch: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(askForWanted).finally(() => {
      if (arriving === batch) arriving = undefined;
    });
    arriving = batch;
  }
});
const paths = (list: readonly EditorFile[]) =>
  list.flatMap((f) => {
    const path = pathOf(f.uri);
    return path === undefined ? [] : [{ path, text: f.text }];
  });

async function askForWanted(): Promise<void> {
  const asking = [...wanted];
  wanted.clear();
  try {
    const answer = await connection.sendRequest<EditorFile[]>(READ_FILES_REQUEST, { uris: asking.map(uriOf) });
    const got = paths(Array.isArray(answer) ? answer : []);
    // Whatever the editor did not answer counts as unreadable: it is not asked again.
    const answered = new Set(got.map((f) => f.path));
    for (const path of asking) if (!answered.has(path)) got.push({ path, text: null });
    files.update(got, false);
    if (got.some((f) => f.text !== null)) server.filesChanged();
  } catch (e) {
    connection.console.warn(`Reading ${asking.length} file(s) through the editor failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const server = startLanguageServer(connection, {
  host: files.host,
  readFileHead: () => undefined,
  outputFlushed: async () => {},
  filesArriving: async (maxMs) => {
    if (!arriving) return false;
    await Promise.race([arriving, new Promise((resolve) => setTimeout(resolve, maxMs))]);
    return true;
  },
});

connection.onNotification(FILES_NOTIFICATION, (params: { files?: EditorFile[]; complete?: boolean }) => {
  files.update(paths(Array.isArray(params?.files) ? params.files : []), params?.complete === true);
  server.filesChanged();
});
connection.listen();
