import { type Disposable, commands, env, window } from 'vscode';

/** The command the server's "Copy DKIM DNS record" code action runs (server/src/lsp/dkim.ts). */
export const COPY_DKIM_RECORD_COMMAND = 'powermta.copyDkimRecord';

/** Its argument, as the server sends it. */
interface CopyDkimRecordArgs {
  name: string;
  type: 'TXT';
  value: string;
  strings: string[];
  zoneLine: string;
}

/** Puts the record's zone-file line on the clipboard and says what was copied. */
export function registerCopyDkimRecord(): Disposable {
  return commands.registerCommand(COPY_DKIM_RECORD_COMMAND, async (args?: CopyDkimRecordArgs) => {
    if (!args || typeof args.zoneLine !== 'string') {
      void window.showWarningMessage('PowerMTA: no DKIM record to copy; run this from the code action on a domain-key line.');
      return;
    }
    await env.clipboard.writeText(args.zoneLine);
    const split = args.strings.length > 1 ? ` (${args.strings.length} strings of at most 255 characters)` : '';
    void window.showInformationMessage(`PowerMTA: copied the TXT record for ${args.name}${split}.`);
  });
}
