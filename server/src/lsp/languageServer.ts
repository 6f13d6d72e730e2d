/**
 * The language server itself, whatever carries its messages: capabilities, document sync,
 * settings, diagnostics scheduling and routing of requests to the pure features. `server.ts` starts
 * it in Node (stdio, IPC or a socket, files on disk); `browserServer.ts` in a web worker (the files
 * the extension sends). What differs between the two is a `ServerPlatform`.
 */
import {
  type Connection,
  DidChangeConfigurationNotification,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  type InitializeParams,
  type InitializeResult,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { DocumentStore, PREPARE_SLICE_MS, yieldToEventLoop } from '../documentStore';
import { Workspace, shortName } from '../workspace';
import { COMMANDS, executeCommand } from './commands';
import { INCLUDED_BY_REQUEST } from './requests';
import { diagnosticsOf, diagnosticsOfFindings } from './diagnostics';
import { checkDocument, contentChangesProblem, openProblem } from './params';
import { CloseTagHolds, awaitsCloseTag } from './closeTagHold';
import type { Analysis } from '../analysis/analyzer';
import type { Finding } from '../analysis/types';
import { localConfigDir, mappedKeyPaths } from '../analysis/dkim/paths';
import { FileEncodingCheck } from './fileEncoding';
import { PMTA_CONFIG_DIR } from '../analysis/includes/resolve';
import { registerFeatures } from './features';
import { DEFAULT_SETTINGS, type ServerSettings, parseSettings } from './settings';
import { type CappedDocument, applyChanges, capDocument, countLines, tooLargeDiagnostic, tooLargeMessage } from './sizeCap';
import { type DnsChecks, type KeyChecks, NO_DNS_CHECKS, NO_KEY_CHECKS, type ServerPlatform } from './platform';

export const SERVER_NAME = 'powermta-language-server';
declare const __VERSION__: string;
export const SERVER_VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** What the caller can do once the server runs. */
export interface RunningServer {
  /** Files outside the open documents changed: link the configurations again and re-check. */
  filesChanged(): void;
}

/** Registers every handler on `connection`; the caller then calls `connection.listen()`. */
export function startLanguageServer(connection: Connection, platform: ServerPlatform): RunningServer {
  /** How long the first diagnostics wait at most for the workspace scan (they come again when it ends). */
  const SCAN_WAIT_MS = 1000;

  /** How long, and how many times in a row, a check waits for files asked of the editor. */
  const FILES_WAIT_MS = 3000;
  const FILE_ROUNDS = 3;

  /** How long a waiting request waits at most for the answers before it to leave over stdio. */
  const OUTPUT_WAIT_MS = 250;

  const store = new DocumentStore();
  const workspace = new Workspace(store, platform.host, store.analyzer);
  workspace.onNote = (message) => connection.console.info(message);
  workspace.onScanned = () => {
    if (usePullDiagnostics) void connection.languages.diagnostics.refresh();
    else for (const d of store.all()) schedule(d.uri);
  };
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let hasConfigurationCapability = false;
  let usePullDiagnostics = false;
  let folderUris: string[] = [];
  /** Per open document, the closed files of its configuration (included by it, or including it) whose diagnostics its last publish pushed. */
  const pushedFor = new Map<string, Set<string>>();

  /** The open document whose last publish pushed the diagnostics of closed file `u`, if any. */
  function pusherOf(u: string): string | undefined {
    for (const [open, held] of pushedFor) if (held.has(u)) return open;
    return undefined;
  }

  /**
   * Records the closed files an open document's publish pushed (`held`; undefined once it is closed),
   * and clears the diagnostics of those it pushed before that no open document pushes any more (the
   * include line deleted, the configuration's last open file closed): they described the file as part
   * of a configuration it is no longer checked in.
   */
  function holdClosed(uri: string, held: Set<string> | undefined): void {
    const before = pushedFor.get(uri);
    if (held) pushedFor.set(uri, held);
    else pushedFor.delete(uri);
    for (const u of before ?? []) {
      // Opened since: its diagnostics are its own now.
      if (held?.has(u) || pusherOf(u) !== undefined || store.get(u)) continue;
      void connection.sendDiagnostics({ uri: u, diagnostics: [] });
      dkim.forget(u);
    }
  }
  /** Open documents above `powermta.maxLines`: kept as lines, not analysed (see lsp/sizeCap.ts). */
  const capped = new Map<string, CappedDocument>();
  /** Sends diagnostics again after a background pass (key files) or a DNS check found something new. */
  function republish(uri: string): void {
    if (usePullDiagnostics) void connection.languages.diagnostics.refresh();
    if (store.get(uri)) {
      if (!usePullDiagnostics) publish(uri).catch((e) => publishFailed(uri, e));
      return;
    }
    // A closed file of a configuration: its diagnostics go out with those of the open file that pushed them.
    const open = pusherOf(uri);
    if (open) publish(open).catch((e) => publishFailed(open, e));
  }
  const dkim: KeyChecks = platform.keyChecks?.({
    host: platform.host,
    // Closed files of an open configuration too: their key problems are published with it.
    analysisOf: (uri) => workspace.analysis(uri) ?? workspace.analysisOfFile(uri),
    republish,
    // Key paths under /etc/pmta are also looked for in the local copy of that folder.
    candidates: (path, baseDir) => mappedKeyPaths(baseDir, baseDir && baseDir !== PMTA_CONFIG_DIR ? [{ from: PMTA_CONFIG_DIR, to: localConfigDir(baseDir) }] : [])(path),
  }) ?? NO_KEY_CHECKS;
  const encoding = new FileEncodingCheck(platform.readFileHead);
  const dns: DnsChecks = platform.dns?.create({
    analysisOf: (uri) => workspace.analysis(uri),
    openUris: () => [...store.all()].map((d) => d.uri),
    keyState: (uri, entry) => dkim.keyState(uri, entry),
    republish,
    defaultServer: () => settings.dnsServer,
    // A notification, not window/showMessageRequest: nothing waits for the user to dismiss it.
    notify: (level, message) =>
      void connection.sendNotification(ShowMessageNotification.type, { type: level === 'info' ? MessageType.Info : MessageType.Warning, message }),
  }) ?? NO_DNS_CHECKS;
  const features = registerFeatures(connection, store, () => settings, (uri) => workspace.analysis(uri), {
    hover: (uri, analysis, line, ch) => dkim.hover(uri, analysis, line, ch),
    codeActions: (uri, analysis, range) => dkim.codeActions(uri, analysis, range),
    outputFlushed: () => platform.outputFlushed(OUTPUT_WAIT_MS),
    prepare: (uri) => prepareDocument(uri),
    includeTargets: (uri) => workspace.includeTargets(uri),
    pathSource: (uri) => ({ folders: (written) => workspace.foldersFor(uri, written), list: (folder, max) => platform.host.listFolder?.(folder, max) }),
  });

  /**
   * Checks a document in slices: with the configuration it belongs to (the files it includes, or
   * that include it), or on its own when it has none (doing both ran every rule of the file twice).
   */
  async function prepareDocument(uri: string): Promise<void> {
    if (!(await workspace.prepare(uri, { sliceMs: PREPARE_SLICE_MS, pause: yieldToEventLoop }))) await store.prepare(uri);
  }

  /**
   * prepareDocument, and again once the files the check asked the editor for have come (the web
   * build: an include's target it was not sent), so that they are not published as missing.
   */
  async function prepareWithFiles(uri: string): Promise<void> {
    await prepareDocument(uri);
    if (!platform.filesArriving) return;
    for (let round = 0; round < FILE_ROUNDS && (await platform.filesArriving(FILES_WAIT_MS)); round++) await prepareDocument(uri);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    hasConfigurationCapability = !!caps.workspace?.configuration;
    usePullDiagnostics = !!caps.textDocument?.diagnostic;
    settings = parseSettings(params.initializationOptions);
    folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspace.setFolders(folderUris);
    return {
      capabilities: {
        // Saves are only looked at for the file's encoding on disk (lsp/fileEncoding.ts).
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false },
        executeCommandProvider: { commands: [...Object.values(COMMANDS), ...(platform.dns ? [platform.dns.command] : [])] },
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
    applySizeCap();
    if (usePullDiagnostics) void connection.languages.diagnostics.refresh();
    else for (const d of store.all()) schedule(d.uri);
  });

  // ---- documents --------------------------------------------------------------------------

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const problem = openProblem(textDocument);
    if (problem) return connection.console.error(`Ignored a didOpen: ${problem}.`);
    const lines = countLines(textDocument.text);
    if (lines > settings.maxLines) {
      capped.set(textDocument.uri, capDocument(textDocument.text, textDocument.version));
      noticeTooLarge(textDocument.uri);
      return;
    }
    encoding.check(textDocument.uri);
    store.open(textDocument.uri, textDocument.text, textDocument.version, workspace.adoptDiskModel(textDocument.uri, textDocument.text));
    workspace.invalidate(textDocument.uri);
    // In pull mode the editor asks for an open file's diagnostics; drop any pushed while it was closed.
    if (usePullDiagnostics && pusherOf(textDocument.uri) !== undefined) {
      for (const held of pushedFor.values()) held.delete(textDocument.uri);
      void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    }
    schedule(textDocument.uri);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const uri: unknown = (textDocument as { uri?: unknown } | undefined)?.uri;
    const problem = typeof uri !== 'string' ? 'textDocument has no uri' : contentChangesProblem(contentChanges);
    if (problem) {
      return connection.console.error(`Ignored a malformed change to ${String(uri)}: ${problem}. The server's copy may now differ from the editor's: close and reopen the file.`);
    }
    const big = capped.get(textDocument.uri);
    if (big) {
      applyChanges(big, contentChanges, textDocument.version);
      if (big.lines.length > settings.maxLines) return publishTooLarge(textDocument.uri);
      capped.delete(textDocument.uri);
      store.open(textDocument.uri, big.lines.join('\n'), big.version);
      workspace.invalidate(textDocument.uri);
      return schedule(textDocument.uri);
    }
    const entry = store.change(textDocument.uri, contentChanges, textDocument.version);
    if (entry && entry.doc.lineCount > settings.maxLines) {
      capped.set(textDocument.uri, { version: entry.version, lines: [...entry.doc.allLines()] });
      store.close(textDocument.uri);
      workspace.invalidate(textDocument.uri);
      cancelScheduled(textDocument.uri);
      noticeTooLarge(textDocument.uri);
      return;
    }
    workspace.invalidate(textDocument.uri);
    // A change that ends a wait does not wait itself, and with pushed diagnostics neither does one
    // that comes while a publish is set for the end of the debounce window (it is published then
    // anyway): so a run of such changes cannot put the diagnostics off for ever. Pulled diagnostics
    // wait in the pull, which the end of the wait lets go; a publish set meanwhile would only check
    // the text without its close tag, so it waits too.
    const ended = closeTagHolds.release(textDocument.uri);
    if (settings.autoCloseTags && entry && !ended && (usePullDiagnostics || !scheduled.has(textDocument.uri)) && awaitsCloseTag(entry.doc, contentChanges)) {
      unschedule(textDocument.uri);
      closeTagHolds.hold(textDocument.uri, settings.debounceMs);
      return;
    }
    schedule(textDocument.uri);
  });

  connection.onDidSaveTextDocument(({ textDocument }) => {
    const uri: unknown = textDocument?.uri;
    if (typeof uri === 'string' && store.get(uri) && encoding.check(uri)) republish(uri);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    if (typeof textDocument?.uri !== 'string') return;
    if (capped.delete(textDocument.uri)) {
      void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      return;
    }
    const siblings = workspace.siblings(textDocument.uri);
    store.close(textDocument.uri);
    features.forget(textDocument.uri);
    dkim.forget(textDocument.uri);
    dns.forget(textDocument.uri);
    encoding.forget(textDocument.uri);
    workspace.invalidate(textDocument.uri);
    workspace.closed(siblings);
    cancelScheduled(textDocument.uri);
    closeTagHolds.release(textDocument.uri);
    if (!usePullDiagnostics || siblings.length <= 1) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    holdClosed(textDocument.uri, undefined);
    publishedWith.delete(textDocument.uri);
    // The closed file's own set still has open members: their view of it is now the file on disk.
    for (const u of siblings) if (u !== textDocument.uri && store.get(u)) schedule(u);
  });

  function filesChanged(): void {
    workspace.reset();
    workspace.setFolders(folderUris);
    for (const d of store.all()) schedule(d.uri);
  }
  connection.onDidChangeWatchedFiles(filesChanged);

  // ---- size cap ---------------------------------------------------------------------------

  /** Tells the user once (a message) and keeps telling (a diagnostic on line 1) that a file is capped. */
  function noticeTooLarge(uri: string): void {
    const doc = capped.get(uri);
    if (!doc) return;
    void connection.sendNotification('window/showMessage', { type: MessageType.Info, message: `PowerMTA: ${tooLargeMessage(doc.lines.length, settings.maxLines)}` });
    publishTooLarge(uri);
  }

  function publishTooLarge(uri: string): void {
    const doc = capped.get(uri);
    if (!doc || usePullDiagnostics) return;
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [tooLargeDiagnostic(doc, settings.maxLines)] });
  }

  /** After a change of `powermta.maxLines`: cap or release the open documents. */
  function applySizeCap(): void {
    for (const [uri, doc] of [...capped]) {
      if (doc.lines.length > settings.maxLines) continue;
      capped.delete(uri);
      store.open(uri, doc.lines.join('\n'), doc.version);
      workspace.invalidate(uri);
    }
    for (const entry of [...store.all()]) {
      if (entry.doc.lineCount <= settings.maxLines) continue;
      capped.set(entry.uri, { version: entry.version, lines: [...entry.doc.allLines()] });
      store.close(entry.uri);
      workspace.invalidate(entry.uri);
      cancelScheduled(entry.uri);
      noticeTooLarge(entry.uri);
    }
  }

  // ---- diagnostics: push with a leading-edge debounce, and LSP 3.17 pull -------------------

  const lastPublished = new Map<string, number>();
  const scheduled = new Map<string, ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate>>();

  /**
   * Publishes at once (next turn of the event loop, so a burst of changes arriving together is
   * coalesced) when nothing was published for this document within the debounce window;
   * otherwise once, at the end of the window.
   */
  function schedule(uri: string): void {
    if (scheduled.has(uri) || closeTagHolds.has(uri)) return;
    const since = Date.now() - (lastPublished.get(uri) ?? 0);
    const run = () => {
      scheduled.delete(uri);
      publish(uri).catch((e) => publishFailed(uri, e));
    };
    scheduled.set(uri, since >= settings.debounceMs ? setImmediate(run) : setTimeout(run, settings.debounceMs - since));
  }

  /** After a typed `>` that the editor is about to close: its check waits for the close tag (lsp/closeTagHold.ts). */
  const closeTagHolds = new CloseTagHolds(schedule);

  function cancelScheduled(uri: string): void {
    unschedule(uri);
    lastPublished.delete(uri);
  }

  function unschedule(uri: string): void {
    const t = scheduled.get(uri);
    if (t) {
      clearTimeout(t as ReturnType<typeof setTimeout>);
      clearImmediate(t as ReturnType<typeof setImmediate>);
      scheduled.delete(uri);
    }
  }

  /**
   * Publishes the document's diagnostics and those of the other files of its configuration. The
   * line checks run first in slices (a huge file yields to other messages between them).
   */
  async function publish(uri: string): Promise<void> {
    if (capped.has(uri)) return publishTooLarge(uri);
    // Linked with the main file that includes it, once the workspace scan has found that file.
    await workspace.scanned(SCAN_WAIT_MS);
    if (capped.has(uri)) return publishTooLarge(uri);
    await prepareWithFiles(uri);
    const entry = store.get(uri);
    if (!entry) return;
    lastPublished.set(uri, Date.now());
    const held = new Set<string>();
    const openNow = new Set<string>();
    for (const u of workspace.siblings(uri)) {
      const open = store.get(u);
      if (open) {
        openNow.add(u);
        if (usePullDiagnostics) continue;
        void connection.sendDiagnostics({ uri: u, version: open.version, diagnostics: currentDiagnostics(u) });
      } else {
        const a = workspace.analysisOfFile(u);
        if (!a) continue;
        held.add(u);
        void connection.sendDiagnostics({ uri: u, diagnostics: diagnosticsWith(a, dkim.findings(u, a)) });
      }
    }
    holdClosed(uri, held);
    leftConfiguration(uri, openNow);
  }

  /** Each open document's configuration as last published: the open files published with it. */
  const publishedWith = new Map<string, Set<string>>();

  /**
   * An open file last published together with this document, and not now, has left its
   * configuration or lost this one (an include line deleted or changed): it is checked again, so that
   * findings only a main file gets (a missing `postmaster`) and those of the set it left come right.
   */
  function leftConfiguration(uri: string, openNow: Set<string>): void {
    for (const [u, withU] of publishedWith) if (withU.has(uri) && !openNow.has(u) && store.get(u)) schedule(u);
    for (const u of openNow) publishedWith.set(u, openNow);
  }

  /**
   * Checking a document threw (a bug): the log gets the stack and the editor one diagnostic saying
   * so, instead of the last diagnostics staying up as if they were current.
   */
  function publishFailed(uri: string, e: unknown): void {
    connection.console.error(`Checking ${uri} failed (a bug in the PowerMTA language server; please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    const entry = store.get(uri);
    const finding: Finding = { code: 'internal-error', line: 0, start: 0, end: 0, message: `Checking this file failed (${e instanceof Error ? e.message : String(e)}), so its problems are not shown. This is a bug in the PowerMTA tools: the server log has the details; please report it.` };
    void connection.sendDiagnostics({ uri, version: entry?.version, diagnostics: diagnosticsOfFindings([finding], settings.severity) });
  }

  function currentDiagnostics(uri: string) {
    const analysis = workspace.analysis(uri);
    if (!analysis) return [];
    return diagnosticsWith(analysis, [...encoding.findings(uri, analysis), ...dkim.findings(uri, analysis), ...dns.findings(uri, analysis)]);
  }

  /** The analysis's diagnostics with findings from outside it (key files, DNS). */
  function diagnosticsWith(analysis: Analysis, extra: Finding[]) {
    if (!extra.length) return diagnosticsOf(analysis, settings.severity, settings.maxProblems);
    return diagnosticsOfFindings([...analysis.findings, ...extra], settings.severity, settings.maxProblems);
  }

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const uri = checkDocument(params);
    const big = capped.get(uri);
    if (big) return { kind: DocumentDiagnosticReportKind.Full, items: [tooLargeDiagnostic(big, settings.maxLines)] };
    await closeTagHolds.settled(uri);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    await workspace.scanned(SCAN_WAIT_MS);
    await prepareWithFiles(uri);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    return { kind: DocumentDiagnosticReportKind.Full, items: currentDiagnostics(uri) };
  });

  /**
   * `powermta/includedBy` (lsp/requests.ts): the extension asks it of plain-text documents, so that
   * a file a configuration includes under any name (`dkimlist.txt`) opens as PowerMTA.
   */
  connection.onRequest(INCLUDED_BY_REQUEST, async (params: unknown) => {
    const uri = checkDocument(params);
    await workspace.scanned(SCAN_WAIT_MS);
    return workspace.mainIncluding(uri) ?? null;
  });

  // ---- commands ---------------------------------------------------------------------------

  connection.onExecuteCommand((params) =>
    platform.dns && params.command === platform.dns.command
      ? dns.execute(params.arguments ?? [])
      : executeCommand(
      {
        catalog: store.catalog,
        configurationOf: (uri) => workspace.configuration(uri),
        shortName,
      },
      params.command,
      params.arguments ?? [],
    ),
  );

  return { filesChanged };
}
