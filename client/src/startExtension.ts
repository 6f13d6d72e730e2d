import { type Disposable, type ExtensionContext, type LogOutputChannel, type Uri, commands, window } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { registerAutoCloseTag } from './autoCloseTag';
import { type CheckSummary, checkConfiguration } from './checkConfiguration';
import { registerCopyDkimRecord } from './commands/copyDkimRecord';
import { registerEffectiveSettings } from './effectiveSettings';
import { registerIncludedFiles } from './includedFiles';

/** What `activate` returns: used by the in-editor tests (test/vscode) to reach the client. */
export interface PowerMtaApi {
  readonly client: BaseLanguageClient;
  /** Resolves once the server has answered `initialize`. */
  readonly ready: Promise<void>;
}

/** What differs between the desktop extension (extension.ts) and the web one (browserExtension.ts). */
export interface ExtensionPlatform {
  createClient(output: LogOutputChannel): BaseLanguageClient;
  /** Whether the server can be told about a document at this URI. */
  handles(uri: Uri): boolean;
  /** More to run once the client is made (the web build sends the workspace's files). */
  started?(client: BaseLanguageClient, ready: Promise<void>, output: LogOutputChannel): Disposable[];
}

let running: BaseLanguageClient | undefined;

/** The activation both builds share: output channel, commands, the language client. */
export function startExtension(context: ExtensionContext, platform: ExtensionPlatform): PowerMtaApi {
  const output = window.createOutputChannel('PowerMTA', { log: true });
  const languageClient = platform.createClient(output);
  running = languageClient;
  context.subscriptions.push(
    output,
    registerAutoCloseTag(),
    commands.registerCommand('powermta.checkConfiguration', (): Promise<CheckSummary> => checkConfiguration(languageClient, output)),
    commands.registerCommand('powermta.restartServer', async () => {
      output.info('Restarting the PowerMTA language server…');
      // Stop and start (what the Node client's restart() does): the web build's server is a new worker each time.
      await languageClient.stop();
      await languageClient.start();
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
  context.subscriptions.push(registerIncludedFiles(languageClient, ready, platform.handles), ...(platform.started?.(languageClient, ready, output) ?? []));
  return { client: languageClient, ready };
}

export async function stopExtension(): Promise<void> {
  await running?.stop();
}
