/**
 * LSP glue only: capabilities, document sync, settings, diagnostics scheduling and routing of
 * requests to the pure features. Transport comes from the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`), so the same bundle serves VS Code, Neovim, Helix, Emacs and Sublime.
 */
import {
  type Connection,
  DidChangeConfigurationNotification,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  type InitializeParams,
  type InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
  createConnection,
} from 'vscode-languageserver/node';
import { DocumentStore } from './documentStore';
import { diagnosticsOf } from './lsp/diagnostics';
import { registerFeatures } from './lsp/features';
import { DEFAULT_SETTINGS, type ServerSettings, parseSettings } from './lsp/settings';

export const SERVER_NAME = 'powermta-language-server';
declare const __VERSION__: string;
export const SERVER_VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

if (process.argv.includes('--version')) {
  process.stdout.write(`${SERVER_NAME} ${SERVER_VERSION}\n`);
  process.exit(0);
}
if (process.argv.includes('--help')) {
  process.stdout.write(
    `Usage: ${SERVER_NAME} --stdio | --node-ipc | --socket=PORT\n\nA language server for PowerMTA configuration files (diagnostics, completion, hover, navigation, formatting).\n`,
  );
  process.exit(0);
}
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  // Default to stdio so `powermta-language-server` works without flags in editors that omit them.
  process.argv.push('--stdio');
}

const connection: Connection = createConnection(ProposedFeatures.all);
// Anything printed by mistake must not corrupt the stdio protocol stream.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

const store = new DocumentStore();
let settings: ServerSettings = DEFAULT_SETTINGS;
let hasConfigurationCapability = false;
let usePullDiagnostics = false;
const features = registerFeatures(connection, store, () => settings);

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  hasConfigurationCapability = !!caps.workspace?.configuration;
  usePullDiagnostics = !!caps.textDocument?.diagnostic;
  settings = parseSettings(params.initializationOptions);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
      ...features.capabilities(params),
    },
    serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
  };
});

connection.onInitialized(async () => {
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'powermta' });
    await refreshSettings();
  }
});

async function refreshSettings(): Promise<void> {
  if (!hasConfigurationCapability) return;
  try {
    const raw = await connection.workspace.getConfiguration('powermta');
    settings = parseSettings(raw);
  } catch {
    // Clients without a `powermta` section keep the defaults.
  }
}

connection.onDidChangeConfiguration(async (change) => {
  if (hasConfigurationCapability) await refreshSettings();
  else settings = parseSettings((change.settings as Record<string, unknown> | undefined)?.powermta);
  if (usePullDiagnostics) void connection.languages.diagnostics.refresh();
  else for (const d of store.all()) schedule(d.uri);
});

// ---- documents --------------------------------------------------------------------------

connection.onDidOpenTextDocument(({ textDocument }) => {
  store.open(textDocument.uri, textDocument.text, textDocument.version);
  schedule(textDocument.uri);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  store.change(textDocument.uri, contentChanges, textDocument.version);
  schedule(textDocument.uri);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  store.close(textDocument.uri);
  cancelScheduled(textDocument.uri);
  if (!usePullDiagnostics) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
});

// ---- diagnostics: push with a leading-edge debounce, and LSP 3.17 pull -------------------

const lastPublished = new Map<string, number>();
const scheduled = new Map<string, NodeJS.Timeout | NodeJS.Immediate>();

/**
 * Publishes at once (next turn of the event loop, so a burst of changes arriving together is
 * coalesced) when nothing was published for this document within the debounce window;
 * otherwise once, at the end of the window.
 */
function schedule(uri: string): void {
  if (usePullDiagnostics || scheduled.has(uri)) return;
  const since = Date.now() - (lastPublished.get(uri) ?? 0);
  const run = () => {
    scheduled.delete(uri);
    publish(uri);
  };
  scheduled.set(uri, since >= settings.debounceMs ? setImmediate(run) : setTimeout(run, settings.debounceMs - since));
}

function cancelScheduled(uri: string): void {
  const t = scheduled.get(uri);
  if (t) {
    clearTimeout(t as NodeJS.Timeout);
    clearImmediate(t as NodeJS.Immediate);
    scheduled.delete(uri);
  }
  lastPublished.delete(uri);
}

function publish(uri: string): void {
  const entry = store.get(uri);
  if (!entry) return;
  lastPublished.set(uri, Date.now());
  void connection.sendDiagnostics({ uri, version: entry.version, diagnostics: currentDiagnostics(uri) });
}

function currentDiagnostics(uri: string) {
  const analysis = store.analysis(uri);
  return analysis ? diagnosticsOf(analysis, settings.severity) : [];
}

connection.languages.diagnostics.on((params): DocumentDiagnosticReport => {
  return { kind: DocumentDiagnosticReportKind.Full, items: currentDiagnostics(params.textDocument.uri) };
});

connection.listen();
