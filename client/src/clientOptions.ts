import { type LogOutputChannel, workspace } from 'vscode';
import type { DocumentSelector, LanguageClientOptions } from 'vscode-languageclient';
import { SECTION, serverSettings } from './settings';

export const LANGUAGE_ID = 'powermta';

/**
 * The client options both builds share: `powermta.*` settings go along as initializationOptions
 * and, on every change, as didChangeConfiguration (the server then pulls them with
 * workspace/configuration). With `watchFiles`, the server hears when included files change on
 * disk and links the configuration again (the web build sends the changed files themselves instead).
 */
export function sharedClientOptions(output: LogOutputChannel, documentSelector: DocumentSelector, watchFiles: boolean): LanguageClientOptions {
  return {
    documentSelector,
    synchronize: { configurationSection: SECTION, ...(watchFiles ? { fileEvents: workspace.createFileSystemWatcher(WATCHED_FILES) } : {}) },
    initializationOptions: serverSettings(),
    outputChannel: output,
  };
}

/** The files whose changes the server hears of (main files and what they usually include). */
const WATCHED_FILES = '**/{pmta/**,*.pmta,config.dat}';
