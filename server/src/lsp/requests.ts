/**
 * Requests of this server beyond LSP, shared with the VS Code client (which imports this file).
 * `powermta/includedBy` { textDocument: { uri } } → the URI of a main file whose configuration
 * reads that file, or null.
 */
export const INCLUDED_BY_REQUEST = 'powermta/includedBy';

/**
 * The web build's files (browser/editorFiles.ts). The extension sends `powermta/files`
 * { files: { uri, text | null }[], complete } with the workspace's configuration files when it
 * starts (complete: true) and a file again when it changes; the server asks `powermta/readFiles`
 * { uris } → { uri, text | null }[] for a file it needs that was not sent.
 */
export const FILES_NOTIFICATION = 'powermta/files';
export const READ_FILES_REQUEST = 'powermta/readFiles';
/** How many files the server asks for in a session at most (and the extension reads for one request). */
export const MAX_FILES_ASKED = 500;

export interface EditorFile {
  uri: string;
  text: string | null;
}
