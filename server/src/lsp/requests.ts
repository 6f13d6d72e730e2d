/**
 * Requests of this server beyond LSP, shared with the VS Code client (which imports this file).
 * `powermta/includedBy` { textDocument: { uri } } → the URI of a main file whose configuration
 * reads that file, or null.
 */
export const INCLUDED_BY_REQUEST = 'powermta/includedBy';
