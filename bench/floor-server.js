#!/usr/bin/env node
// The benchmark's floor: a language server that does nothing useful. It speaks the same protocol
// through the same library as the real server (vscode-languageserver over stdio), keeps each
// document as an array of lines (incremental edits applied the same way), and publishes empty
// diagnostics on the next turn of the event loop. Whatever the real server costs above this is the
// cost of understanding PowerMTA.
const { createConnection, ProposedFeatures, TextDocumentSyncKind } = require('vscode-languageserver/node');

const connection = createConnection(ProposedFeatures.all);
const docs = new Map();
const LINE_BREAK = /\r\n|\r|\n/;

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
  serverInfo: { name: 'floor-server', version: '0' },
}));

function publish(uri) {
  setImmediate(() => {
    const d = docs.get(uri);
    if (d) void connection.sendDiagnostics({ uri, version: d.version, diagnostics: [] });
  });
}

connection.onDidOpenTextDocument(({ textDocument }) => {
  docs.set(textDocument.uri, { version: textDocument.version, lines: textDocument.text.split(LINE_BREAK) });
  publish(textDocument.uri);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const d = docs.get(textDocument.uri);
  if (!d) return;
  for (const c of contentChanges) {
    if (!c.range) {
      d.lines = c.text.split(LINE_BREAK);
      continue;
    }
    const { start, end } = c.range;
    const inserted = c.text.split(LINE_BREAK);
    inserted[0] = d.lines[start.line].slice(0, start.character) + inserted[0];
    inserted[inserted.length - 1] += d.lines[end.line].slice(end.character);
    d.lines.splice(start.line, end.line - start.line + 1, ...inserted);
  }
  d.version = textDocument.version;
  publish(textDocument.uri);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  docs.delete(textDocument.uri);
  void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
});

connection.listen();
