import { type ExtensionContext, commands, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerAutoCloseTag } from './autoCloseTag';
import { type CheckSummary, checkConfiguration } from './checkConfiguration';
import { registerCopyDkimRecord } from './commands/copyDkimRecord';
import { registerEffectiveSettings } from './effectiveSettings';
import { registerIncludedFiles } from './includedFiles';
import { createLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

/** What `activate` returns: used by the in-editor tests (test/vscode) to reach the client. */
export interface PowerMtaApi {
  readonly client: LanguageClient;
  /** Resolves once the server has answered `initialize`. */
  readonly ready: Promise<void>;
}

export async function activate(context: ExtensionContext): Promise<PowerMtaApi> {
  const output = window.createOutputChannel('PowerMTA', { log: true });
  const languageClient = createLanguageClient(context, output);
  client = languageClient;
  context.subscriptions.push(
    output,
    registerAutoCloseTag(),
    commands.registerCommand('powermta.checkConfiguration', (): Promise<CheckSummary> => checkConfiguration(languageClient, output)),
    commands.registerCommand('powermta.restartServer', async () => {
      output.info('Restarting the PowerMTA language server…');
      await languageClient.restart();
      output.info('PowerMTA language server restarted.');
    }),
    commands.registerCommand('powermta.showOutput', () => output.show(true)),
    registerCopyDkimRecord(),
    ...registerEffectiveSettings(languageClient),
  );
  const ready = languageClient.start().catch((err: unknown) => {
    output.error(`The PowerMTA language server did not start: ${err instanceof Error ? err.message : String(err)}`);
    output.show(true);
    throw err;
  });
  ready.catch(() => {}); // reported above; callers that await `ready` still see the failure
  context.subscriptions.push(registerIncludedFiles(languageClient, ready));
  return { client: languageClient, ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
