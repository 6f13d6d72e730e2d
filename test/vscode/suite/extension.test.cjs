// The extension inside a real VS Code extension host, through the `vscode` API: activation,
// diagnostics with codes, completion, hover, the check command, live settings, a typed `>` closed
// and checked once, and included files of any name opened as PowerMTA.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'powermta-tools.powermta-language-tools';
/** The sample's deliberate typo and its correction. */
const TYPO = 'max-msg-per-conection';
const FIXED = 'max-msg-per-connection';
const ROOT = path.join(__dirname, '..', '..', '..');
const catalogue = JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'src', 'catalog', 'directives.json'), 'utf8'));

/** Polls `probe` until it returns a truthy value (bounded; no fixed sleeps in the assertions). */
async function eventually(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function positionOf(document, text, offset = 0) {
  const at = document.getText().indexOf(text);
  assert.ok(at >= 0, `"${text}" is not in ${document.uri.fsPath}`);
  return document.positionAt(at + offset);
}

/** Every process's command line, its arguments joined by spaces (/proc where there is one, else ps). */
function commandLines() {
  if (!fs.existsSync('/proc/self/cmdline')) return require('node:child_process').execFileSync('ps', ['-A', '-o', 'args='], { encoding: 'utf8' }).split('\n');
  return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
    try {
      return [fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')];
    } catch {
      return []; // the process ended meanwhile
    }
  });
}

const codes = (uri) => vscode.languages.getDiagnostics(uri).map((d) => (typeof d.code === 'object' ? d.code.value : d.code));

describe('PowerMTA extension in VS Code', function () {
  let document;

  before(async function () {
    const [file] = await vscode.workspace.findFiles('pmta/config');
    assert.ok(file, 'the test workspace has pmta/config');
    document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
  });

  it('gives pmta/config the PowerMTA language and activates on it', async function () {
    assert.equal(document.languageId, 'powermta');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await eventually('activation', () => extension.isActive);
    await extension.exports.ready;
  });

  it('starts the server with the Node flags of server/src/lsp/launch.json', async function () {
    const { nodeArgs } = JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'src', 'lsp', 'launch.json'), 'utf8'));
    assert.ok(nodeArgs.length > 0);
    const serverJs = path.join(vscode.extensions.getExtension(EXTENSION_ID).extensionPath, 'server', 'out', 'server.js');
    // The server is a child of this extension host; its command line shows how it was started.
    const server = await eventually('the server process', () => commandLines().find((line) => line.includes(serverJs)));
    const flags = server.slice(0, server.indexOf(serverJs));
    for (const flag of nodeArgs) assert.ok(flags.includes(` ${flag} `), `${flag} among the Node flags in ${server}`);
  });

  it('publishes diagnostics with their codes and source', async function () {
    const found = await eventually('diagnostics', () => {
      const all = vscode.languages.getDiagnostics(document.uri);
      return all.some((d) => d.source === 'powermta') && all;
    });
    const typo = found.find((d) => (d.code?.value ?? d.code) === 'unknown-directive');
    assert.ok(typo, `an unknown-directive diagnostic among ${codes(document.uri).join(', ')}`);
    assert.equal(typo.range.start.line, positionOf(document, `${TYPO} `).line);
    assert.ok(codes(document.uri).includes('undefined-reference'));
    assert.ok(codes(document.uri).includes('invalid-value'));
  });

  it('updates diagnostics as the text changes', async function () {
    const typo = positionOf(document, `${TYPO} `);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(typo, typo.translate(0, TYPO.length)), FIXED);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await eventually('unknown-directive to go away', () => !codes(document.uri).includes('unknown-directive'));
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.replace(document.uri, new vscode.Range(typo, typo.translate(0, FIXED.length)), TYPO);
      assert.ok(await vscode.workspace.applyEdit(back));
    }
    await eventually('unknown-directive to come back', () => codes(document.uri).includes('unknown-directive'));
  });

  it('completes max-smtp-out inside a <domain> block', async function () {
    const after = positionOf(document, 'backoff-retry-after 20m', 'backoff-retry-after 20m'.length);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, after, '\n    max-smtp');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const at = new vscode.Position(after.line + 1, '    max-smtp'.length);
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, at);
      // Word-based suggestions (kind Text) would offer any word of the file; only the server's count.
      const fromServer = list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text);
      const labels = fromServer.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('max-smtp-out'), `the server offers max-smtp-out: ${labels.slice(0, 20).join(', ')}`);
    } finally {
      const undo = new vscode.WorkspaceEdit();
      undo.delete(document.uri, new vscode.Range(after, new vscode.Position(after.line + 1, '    max-smtp'.length)));
      assert.ok(await vscode.workspace.applyEdit(undo));
    }
  });

  it('shows the catalogue documentation on hover', async function () {
    const doc = catalogue.directives.find((d) => d.name === 'max-smtp-out').doc;
    const words = doc.split(/\s+/).slice(0, 6).join(' ');
    const at = positionOf(document, 'max-smtp-out 20', 3);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, at);
    // Markdown source: `\<` is an escaped `<`.
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/\\</g, '<');
    assert.ok(text.replace(/\s+/g, ' ').includes(words), `hover mentions "${words}": ${text.slice(0, 200)}`);
  });

  it('"PowerMTA: Check configuration" counts what the Problems panel shows', async function () {
    await vscode.window.showTextDocument(document);
    const summary = await vscode.commands.executeCommand('powermta.checkConfiguration');
    const shown = vscode.languages.getDiagnostics(document.uri);
    assert.equal(summary.files, 1);
    assert.equal(summary.errors, shown.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length);
    assert.equal(summary.warnings, shown.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length);
    assert.equal(summary.codes['undefined-reference'], 1);
  });

  it('applies powermta.diagnostics.severity live', async function () {
    const config = vscode.workspace.getConfiguration('powermta');
    await config.update('diagnostics.severity', { 'undefined-reference': 'off', 'unknown-directive': 'error' }, vscode.ConfigurationTarget.Global);
    try {
      await eventually('undefined-reference off and unknown-directive raised to error', () => {
        const all = vscode.languages.getDiagnostics(document.uri);
        const typo = all.find((d) => (d.code?.value ?? d.code) === 'unknown-directive');
        return !codes(document.uri).includes('undefined-reference') && typo?.severity === vscode.DiagnosticSeverity.Error;
      });
    } finally {
      await config.update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Global);
    }
    await eventually('undefined-reference to come back', () => codes(document.uri).includes('undefined-reference'));
  });

  it('closes a tag whose > is typed, and the server checks the new block only with its close tag', async function () {
    const config = vscode.workspace.getConfiguration('powermta');
    // A long wait for the close tag, so that a slow machine cannot end it before the tag comes.
    await config.update('diagnostics.debounceMs', 3000, vscode.ConfigurationTarget.Global);
    const editor = await vscode.window.showTextDocument(document);
    const line = positionOf(document, '<domain gmail.com>').line;
    const typed = '<domain typed.example';
    const seen = [];
    let listening;
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(line, 0), `${typed}\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await eventually('the unfinished tag reported', () => codes(document.uri).includes('malformed-tag'));
      listening = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === document.uri.toString())) seen.push(codes(document.uri));
      });
      editor.selection = new vscode.Selection(line, typed.length, line, typed.length);
      await vscode.commands.executeCommand('type', { text: '>' });
      await eventually('the close tag the extension inserts', () => document.lineAt(line + 2).text.trim() === '</domain>');
      await eventually('the diagnostics of the closed block', () => seen.length > 0 && !codes(document.uri).includes('malformed-tag'));
      assert.deepEqual(seen.filter((c) => c.includes('unclosed-block')), [], 'no diagnostics of the block without its close tag');
    } finally {
      listening?.dispose();
      await config.update('diagnostics.debounceMs', undefined, vscode.ConfigurationTarget.Global);
      if (document.lineAt(line).text.startsWith(typed)) {
        const end = document.lineAt(line + 2).text.trim() === '</domain>' ? line + 3 : line + 1;
        const undo = new vscode.WorkspaceEdit();
        undo.delete(document.uri, new vscode.Range(new vscode.Position(line, 0), new vscode.Position(end, 0)));
        assert.ok(await vscode.workspace.applyEdit(undo));
      }
    }
    await eventually('the diagnostics of the file as it was', () => !codes(document.uri).includes('malformed-tag') && codes(document.uri).includes('unknown-directive'));
  });

  it('"PowerMTA: Show effective settings…" opens the merged settings of a queue', async function () {
    const text = await vscode.commands.executeCommand('powermta.showEffectiveSettings', {
      uri: document.uri.toString(),
      domain: 'yahoo.com',
      vmta: 'vmta-transactional',
    });
    assert.match(text, /Effective settings for yahoo\.com in virtual MTA vmta-transactional/);
    const shown = await eventually('the read-only document', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'powermta-effective'),
    );
    assert.equal(shown.document.getText(), text);
    await vscode.window.showTextDocument(document);
  });

  it('opens a file the configuration includes as PowerMTA, whatever its name, and leaves other text files alone', async function () {
    const folder = path.dirname(document.uri.fsPath);
    const list = path.join(folder, 'dkimlist.txt');
    const notes = path.join(folder, 'notes.txt');
    fs.writeFileSync(list, 'domain-key s1,example.com,/etc/pmta/dkim/example.com.pem\n');
    fs.writeFileSync(notes, 'domain-key s1,example.com,/etc/pmta/dkim/example.com.pem\n');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), 'include /etc/pmta/dkimlist.txt\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const opened = await vscode.workspace.openTextDocument(list);
      assert.equal(opened.languageId, 'plaintext', 'VS Code opens a .txt file as plain text');
      await eventually('dkimlist.txt to become PowerMTA', () => vscode.workspace.textDocuments.some((d) => d.uri.fsPath === list && d.languageId === 'powermta'));
      const other = await vscode.workspace.openTextDocument(notes);
      const { client } = vscode.extensions.getExtension(EXTENSION_ID).exports;
      assert.equal(await client.sendRequest('powermta/includedBy', { textDocument: { uri: other.uri.toString() } }), null);
      assert.equal(vscode.workspace.textDocuments.find((d) => d.uri.fsPath === notes).languageId, 'plaintext');
    } finally {
      const undo = new vscode.WorkspaceEdit();
      undo.delete(document.uri, new vscode.Range(new vscode.Position(0, 0), new vscode.Position(1, 0)));
      assert.ok(await vscode.workspace.applyEdit(undo));
      fs.rmSync(list);
      fs.rmSync(notes);
    }
  });
});
