import type { ExtensionContext, LogOutputChannel } from 'vscode';
import { LanguageClient, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import launch from '../../server/src/lsp/launch.json';
import { LANGUAGE_ID, sharedClientOptions } from './clientOptions';

/**
 * The desktop language client: the bundled server (server/out/server.js) runs in a Node process of
 * its own and talks LSP over IPC. The Node flags come from server/src/lsp/launch.json, which the
 * bench reads too, so the server measured there is the server started here.
 */
export function createLanguageClient(context: ExtensionContext, output: LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: launch.nodeArgs } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...launch.nodeArgs, '--nolazy', '--inspect=6009'] } },
  };
  const options = sharedClientOptions(output, [
    { language: LANGUAGE_ID, scheme: 'file' },
    { language: LANGUAGE_ID, scheme: 'untitled' },
  ], true);
  // The id `powermta` makes the client honour the `powermta.trace.server` setting.
  return new LanguageClient(LANGUAGE_ID, 'PowerMTA Language Server', serverOptions, options);
}
