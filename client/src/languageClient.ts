import { type ExtensionContext, type LogOutputChannel, workspace } from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import launch from '../../server/src/lsp/launch.json';
import { SECTION, serverSettings } from './settings';

export const LANGUAGE_ID = 'powermta';

/**
 * The language client: the bundled server (server/out/server.js) runs in a Node process of its
 * own and talks LSP over IPC. `powermta.*` settings go along as initializationOptions and, on every
 * change, as didChangeConfiguration (the server then pulls them with workspace/configuration).
 * The Node flags come from server/src/lsp/launch.json, which the bench reads too, so the server
 * measured there is the server started here.
 */
export function createLanguageClient(context: ExtensionContext, output: LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: launch.nodeArgs } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...launch.nodeArgs, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_ID, scheme: 'file' },
      { language: LANGUAGE_ID, scheme: 'untitled' },
    ],
    // Included files change on disk too: the server re-links the configuration when they do.
    synchronize: { configurationSection: SECTION, fileEvents: workspace.createFileSystemWatcher('**/{pmta/**,*.pmta,config.dat}') },
    initializationOptions: serverSettings(),
    outputChannel: output,
  };
  // The id `powermta` makes the client honour the `powermta.trace.server` setting.
  return new LanguageClient(LANGUAGE_ID, 'PowerMTA Language Server', serverOptions, clientOptions);
}
