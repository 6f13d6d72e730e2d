import { type Disposable, FileType, type LogOutputChannel, type Uri, workspace } from 'vscode';
import { type BaseLanguageClient, State } from 'vscode-languageclient';
import { type EditorFile, FILES_NOTIFICATION, MAX_FILES_ASKED, READ_FILES_REQUEST } from '../../server/src/lsp/requests';

/** Files that may be PowerMTA configuration: main files and what they usually include. */
export const CONFIG_FILES = '**/{pmta/**,*.pmta,config,config.dat,*.conf,*.cfg}';
const EXCLUDED = '**/{node_modules,.git}/**';
const MAX_FILES = 500;
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * The web build's server has no disk: the extension reads the workspace's configuration files
 * (through VS Code's file system, so a github.dev repository works too) and sends them each time
 * the server starts and when one changes (`powermta/files`), and reads any other file the server asks
 * for (`powermta/readFiles`: a file an include names). See server/src/browser/editorFiles.ts.
 */
export function sendWorkspaceFiles(client: BaseLanguageClient, ready: Promise<void>, output: LogOutputChannel): Disposable[] {
  const read = async (uri: Uri): Promise<EditorFile> => {
    const file = { uri: client.code2ProtocolConverter.asUri(uri), text: null };
    try {
      const stat = await workspace.fs.stat(uri);
      if (!(stat.type & FileType.File) || stat.size > MAX_BYTES) return file;
      return { ...file, text: new TextDecoder().decode(await workspace.fs.readFile(uri)) };
    } catch {
      return file;
    }
  };
  const send = (files: EditorFile[], complete: boolean) => client.sendNotification(FILES_NOTIFICATION, { files, complete });
  const sendAll = async () => {
    const uris = await workspace.findFiles(CONFIG_FILES, EXCLUDED, MAX_FILES);
    const files = await Promise.all(uris.map(read));
    await send(files, true);
    output.info(`Sent ${files.filter((f) => f.text !== null).length} configuration file(s) of the workspace to the language server.`);
  };
  // Each start of the server (the first, and after "Restart language server") gets the whole list.
  const sendOnStart = client.onDidChangeState((e) => {
    if (e.newState !== State.Running) return;
    sendAll().catch((err: unknown) => output.error(`Reading the workspace's configuration files failed: ${err instanceof Error ? err.message : String(err)}`));
  });
  const watcher = workspace.createFileSystemWatcher(CONFIG_FILES);
  const resend = (uri: Uri) => void ready.then(async () => send([await read(uri)], false)).catch(() => undefined);
  return [
    client.onRequest(READ_FILES_REQUEST, async (params: { uris?: unknown }) => {
      const uris = Array.isArray(params?.uris) ? params.uris.filter((u): u is string => typeof u === 'string').slice(0, MAX_FILES_ASKED) : [];
      return Promise.all(uris.map((u) => read(client.protocol2CodeConverter.asUri(u))));
    }),
    sendOnStart,
    watcher,
    watcher.onDidCreate(resend),
    watcher.onDidChange(resend),
    watcher.onDidDelete(resend),
  ];
}
