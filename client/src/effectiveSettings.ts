import { type Disposable, EventEmitter, type TextDocumentContentProvider, Uri, commands, window, workspace } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';

/** Read-only documents showing a queue's effective settings: `powermta-effective:gmail.com.txt?…`. */
export const EFFECTIVE_SCHEME = 'powermta-effective';

class EffectiveSettingsDocuments implements TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

/**
 * "PowerMTA: Show effective settings…": pick (or type) a domain and optionally a virtual MTA of
 * the active configuration; the server merges the settings by PowerMTA's inheritance rules and
 * the result opens as a read-only document.
 */
export function registerEffectiveSettings(client: BaseLanguageClient): Disposable[] {
  const docs = new EffectiveSettingsDocuments();
  const command = commands.registerCommand('powermta.showEffectiveSettings', async (args?: { uri?: string; domain?: string; vmta?: string }) => {
    const active = window.activeTextEditor?.document.uri;
    const uri = args?.uri ?? (active && client.code2ProtocolConverter.asUri(active));
    if (!uri) {
      void window.showWarningMessage('PowerMTA: open a PowerMTA configuration first.');
      return undefined;
    }
    let domain = args?.domain;
    let vmta = args?.vmta;
    if (!domain) {
      const names = await client.sendRequest<{ domains: string[]; vmtas: string[] }>('workspace/executeCommand', {
        command: 'powermta.listQueueNames',
        arguments: [{ uri }],
      });
      domain = await pickOrType(names.domains.filter((d) => !d.includes('*') && !d.includes('$')), 'Domain (queue) whose settings to show, e.g. gmail.com');
      if (!domain) return undefined;
      if (names.vmtas.length > 0) {
        const choice = await window.showQuickPick(['(top level, no virtual MTA)', ...names.vmtas], { placeHolder: 'In which virtual MTA?' });
        if (choice === undefined) return undefined;
        vmta = choice.startsWith('(') ? undefined : choice;
      }
    }
    const text = await client.sendRequest<string>('workspace/executeCommand', {
      command: 'powermta.effectiveSettings',
      arguments: [{ uri, domain, vmta }],
    });
    const docUri = Uri.from({ scheme: EFFECTIVE_SCHEME, path: `/${domain}${vmta ? '@' + vmta : ''}.txt`, query: Date.now().toString() });
    docs.set(docUri, text);
    const doc = await workspace.openTextDocument(docUri);
    await window.showTextDocument(doc, { preview: true });
    return text;
  });
  return [workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, docs), command];
}

async function pickOrType(items: string[], prompt: string): Promise<string | undefined> {
  if (items.length === 0) return (await window.showInputBox({ prompt }))?.trim() || undefined;
  const typed = '$(edit) Type a domain…';
  const choice = await window.showQuickPick([...items, typed], { placeHolder: prompt });
  if (choice !== typed) return choice;
  return (await window.showInputBox({ prompt }))?.trim() || undefined;
}
