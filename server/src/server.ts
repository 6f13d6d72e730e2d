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
import { nodeHost } from './nodeHost';
import { Workspace } from './workspace';
import { COMMANDS, executeCommand } from './lsp/commands';
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
const workspace = new Workspace(store, nodeHost, store.analyzer);
let settings: ServerSettings = DEFAULT_SETTINGS;
let hasConfigurationCapability = false;
let usePullDiagnostics = false;
let folderUris: string[] = [];
/** Closed files (included by an open one) whose diagnostics were pushed. */
const pushedClosed = new Set<string>();
const features = registerFeatures(connection, store, () => settings, (uri) => workspace.analysis(uri));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  hasConfigurationCapability = !!caps.workspace?.configuration;
  usePullDiagnostics = !!caps.textDocument?.diagnostic;
  settings = parseSettings(params.initializationOptions);
  folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspace.setFolders(folderUris);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false },
      executeCommandProvider: { commands: Object.values(COMMANDS) },
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
  workspace.invalidate(textDocument.uri);
  // In pull mode the editor asks for an open file's diagnostics; drop any pushed while it was closed.
  if (usePullDiagnostics && pushedClosed.delete(textDocument.uri)) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  schedule(textDocument.uri);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  store.change(textDocument.uri, contentChanges, textDocument.version);
  workspace.invalidate(textDocument.uri);
  schedule(textDocument.uri);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  const siblings = workspace.siblings(textDocument.uri);
  store.close(textDocument.uri);
  workspace.invalidate(textDocument.uri);
  cancelScheduled(textDocument.uri);
  if (!usePullDiagnostics || siblings.length <= 1) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  // The closed file's own set still has open members: their view of it is now the file on disk.
  for (const u of siblings) if (u !== textDocument.uri && store.get(u)) schedule(u);
});

connection.onDidChangeWatchedFiles(() => {
  workspace.reset();
  workspace.setFolders(folderUris);
  for (const d of store.all()) schedule(d.uri);
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
  if (scheduled.has(uri)) return;
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

/** Publishes the document's diagnostics and those of the other files of its configuration. */
function publish(uri: string): void {
  const entry = store.get(uri);
  if (!entry) return;
  lastPublished.set(uri, Date.now());
  for (const u of workspace.siblings(uri)) {
    const open = store.get(u);
    if (open) {
      if (usePullDiagnostics) continue;
      void connection.sendDiagnostics({ uri: u, version: open.version, diagnostics: currentDiagnostics(u) });
    } else {
      const a = workspace.analysisOfFile(u);
      if (!a) continue;
      pushedClosed.add(u);
      void connection.sendDiagnostics({ uri: u, diagnostics: diagnosticsOf(a, settings.severity) });
    }
  }
}

function currentDiagnostics(uri: string) {
  const analysis = workspace.analysis(uri);
  return analysis ? diagnosticsOf(analysis, settings.severity) : [];
}

connection.languages.diagnostics.on((params): DocumentDiagnosticReport => {
  return { kind: DocumentDiagnosticReportKind.Full, items: currentDiagnostics(params.textDocument.uri) };
});

// ---- commands ---------------------------------------------------------------------------

connection.onExecuteCommand((params) =>
  executeCommand(
    {
      catalog: store.catalog,
      configurationOf: (uri) => workspace.configuration(uri),
      shortName: (u, current) => workspace.shortName(u, current),
    },
    params.command,
    params.arguments ?? [],
  ),
);

connection.listen();
