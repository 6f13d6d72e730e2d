import { type Disposable, type TextDocument, type Uri, languages, workspace } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { INCLUDED_BY_REQUEST } from '../../server/src/lsp/requests';
import { LANGUAGE_ID } from './clientOptions';

/**
 * A file that a PowerMTA configuration includes opens as PowerMTA whatever its name: real
 * configurations include `/etc/pmta/dkimlist.txt` or `virtualhost.txt`, which VS Code opens as
 * plain text (no checks, no hover). Each plain-text file document is asked about once, when it
 * opens (and those open already when the server starts); the server answers from the
 * configurations it knows, so an unrelated text file stays as it is.
 */
export function registerIncludedFiles(client: BaseLanguageClient, ready: Promise<void>, handles: (uri: Uri) => boolean): Disposable {
  const ask = async (doc: TextDocument) => {
    if (doc.languageId !== 'plaintext' || !handles(doc.uri)) return;
    await ready;
    const main = await client.sendRequest<string | null>(INCLUDED_BY_REQUEST, { textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) } });
    // The user may have picked a language meanwhile, or closed the file.
    if (main && !doc.isClosed && doc.languageId === 'plaintext') await languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  };
  const quietly = (doc: TextDocument) => void ask(doc).catch(() => undefined);
  workspace.textDocuments.forEach(quietly);
  return workspace.onDidOpenTextDocument(quietly);
}
