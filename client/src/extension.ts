import { type ExtensionContext, commands } from 'vscode';
import { createLanguageClient } from './languageClient';
import { type PowerMtaApi, startExtension, stopExtension } from './startExtension';

export type { PowerMtaApi };

/** The desktop (and remote) extension: the server runs in a Node process of its own. */
export async function activate(context: ExtensionContext): Promise<PowerMtaApi> {
  // "Check DNS" is listed in the palette where the server can ask DNS: here, not in the web build.
  void commands.executeCommand('setContext', 'powermta.dnsChecks', true);
  return startExtension(context, {
    createClient: (output) => createLanguageClient(context, output),
    handles: (uri) => uri.scheme === 'file',
  });
}

export const deactivate = stopExtension;
