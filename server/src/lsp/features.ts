/**
 * LSP glue for the editor features: which capabilities the server announces, and one handler
 * per request, each calling a pure function of server/src/features/ on the document's current
 * analysis. server.ts calls registerFeatures once and merges `capabilities(params)` into its
 * InitializeResult.
 */
import type { CodeAction, Hover, Range } from 'vscode-languageserver-types';
import {
  type CancellationToken,
  CodeActionKind,
  ErrorCodes,
  type Connection,
  type InitializeParams,
  LSPErrorCodes,
  ResponseError,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { Analysis } from '../analysis/analyzer';
import { type DocumentStore, PREPARE_SLICE_MS, yieldToEventLoop } from '../documentStore';
import { codeActions } from '../features/codeActions';
import { TRIGGER_CHARACTERS, completion, resolveCompletion } from '../features/completion';
import { definition } from '../features/definition';
import { foldingRanges } from '../features/folding';
import { formatInSlices } from '../features/formatting';
import { documentHighlight } from '../features/highlight';
import { hover } from '../features/hover';
import { documentLinks } from '../features/links';
import { type PathSource, pathCompletion } from '../features/pathCompletion';
import { type IncludeTargets, includeDefinition, includeHover } from '../features/includeTargets';
import { references } from '../features/references';
import { RenameError, prepareRename, rename } from '../features/rename';
import { LEGEND, SemanticTokensStore, semanticTokensRange } from '../features/semanticTokens';
import type { Slices } from '../steps';
import { MAX_OUTLINE_ITEMS, outlineInSlices, workspaceSymbols } from '../features/symbols';
import type { ServerSettings } from './settings';
import { withItemDefaults } from './completionDefaults';
import { checkDocument, checkPositionParams, checkRange } from './params';
import { formatCount } from '../numbers';

/** Answers from other services (DKIM key files…) that come first or are added to the features' own. */
export interface FeatureExtras {
  hover?(uri: string, analysis: Analysis, line: number, character: number): Hover | null;
  codeActions?(uri: string, analysis: Analysis, range: Range): CodeAction[];
  /** Resolves once the answers already sent have left the process (see `stdoutFlushed`). */
  outputFlushed?(): Promise<void>;
  /** Checks the document in slices, with the configuration it belongs to if any (default: on its own). */
  prepare?(uri: string): Promise<void>;
  /** Where the folders written in a path value of the document are read from (path completion). */
  pathSource?(uri: string): PathSource;
  /** The files each `include` line of the document was resolved to, once it is checked with its configuration. */
  includeTargets?(uri: string): IncludeTargets | undefined;
}

export interface Features {
  /** The capabilities to announce, given what the client supports. */
  capabilities(params: InitializeParams): ServerCapabilities;
  /** Drops what the features keep for a document (its last semantic tokens, its outline note): it was closed. */
  forget(uri: string): void;
}

export function registerFeatures(
  connection: Connection,
  store: DocumentStore,
  settings: () => ServerSettings,
  /** The analysis to answer from: linked with the rest of the document's configuration. */
  analysis: (uri: string) => Analysis | undefined = (uri) => store.analysis(uri),
  extras: FeatureExtras = {},
): Features {
  let snippetSupport = false;
  let deferDocumentation = false;
  let itemDefaults: readonly string[] = [];
  let foldingLimit = Infinity;
  const tokens = new SemanticTokensStore();
  /** What each document's outline last left out (said once in the log per change). */
  const outlineNotes = new Map<string, string>();

  /**
   * The analysis to answer from, once the document's checking in slices is done: a request that
   * arrives while a huge file is first checked (VS Code asks for symbols, folding and semantic
   * tokens right after opening) waits for it instead of finishing it in one block of the event loop.
   */
  const ready = async (uri: string, token: CancellationToken): Promise<Analysis | undefined> => {
    const waits = store.preparing(uri);
    await (extras.prepare ? extras.prepare(uri) : store.prepare(uri));
    if (waits) {
      // Requests that waited for the same check would all go on in one turn of the event loop
      // when it ends (outline, folding, links, tokens: ~250 ms at 100k lines): one at a time
      // instead, with a pause before each, so the server keeps answering in between.
      // The pause also lets the last waiter's answer leave (a 1 MB outline) before the next one is built.
      const turn = waiters.then(yieldToEventLoop).then(() => extras.outputFlushed?.());
      waiters = turn;
      await turn;
      // The editor gave up on it while it waited (typing on moves hover and completion along): no
      // work for it (the protocol library would answer it as cancelled anyway).
      if (token.isCancellationRequested) throw cancelled();
    }
    return analysis(uri);
  };
  let waiters: Promise<void> = Promise.resolve();

  /** An answer computed in slices stopped: the editor cancelled it, or the document changed (it asks again: ContentModified). */
  const unfinished = (token: CancellationToken): never => {
    if (token.isCancellationRequested) throw cancelled();
    throw new ResponseError(LSPErrorCodes.ContentModified, 'The document changed while the answer was computed.');
  };
  const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
  const slicesFor = (token: CancellationToken): Slices => ({ sliceMs: PREPARE_SLICE_MS, pause: yieldToEventLoop, stop: () => token.isCancellationRequested });

  /** Rename refusals reach the user as the error message of the request. */
  const guarded = <T>(run: () => T): T => {
    try {
      return run();
    } catch (e) {
      if (e instanceof RenameError) throw new ResponseError(LSPErrorCodes.RequestFailed, e.message);
      throw e;
    }
  };

  connection.onCompletion(async (p, token) => {
    const { uri, position } = checkPositionParams(p);
    const a = await ready(uri, token);
    if (!a) return null;
    const paths = extras.pathSource ? pathCompletion(a, position, extras.pathSource(uri)) : undefined;
    if (paths) return { isIncomplete: false, items: paths };
    const list = completion(a, position, {
      snippetSupport,
      snippets: settings().completion.snippets,
      triggerCharacter: p.context?.triggerCharacter,
      deferDocumentation,
    });
    return withItemDefaults(list, itemDefaults);
  });
  connection.onCompletionResolve((item) => {
    if (typeof item !== 'object' || item === null) throw new ResponseError(ErrorCodes.InvalidParams, 'Invalid completion item: expected an object.');
    return resolveCompletion(item);
  });
  connection.onHover(async (p, token) => {
    const { uri, position } = checkPositionParams(p);
    const a = await ready(uri, token);
    if (!a) return null;
    const onIncludeLine = onInclude(a, position.line);
    return extras.hover?.(uri, a, position.line, position.character) ?? (onIncludeLine ? includeHover(a, extras.includeTargets?.(uri), position, uri) : null) ?? hover(a, position);
  });
  connection.onDefinition(async (p, token) => {
    const { uri, position } = checkPositionParams(p);
    const a = await ready(uri, token);
    if (!a) return null;
    const found = definition(a, uri, position);
    return found.length > 0 || !onInclude(a, position.line) ? found : includeDefinition(a, extras.includeTargets?.(uri), position.line);
  });
  connection.onReferences(async (p, token) => {
    const { uri, position } = checkPositionParams(p);
    const a = await ready(uri, token);
    return a ? references(a, uri, position, p.context?.includeDeclaration ?? true) : null;
  });
  connection.onPrepareRename(async (p, token) => {
    const { uri, position } = checkPositionParams(p);
    const a = await ready(uri, token);
    return a ? guarded(() => prepareRename(a, position)) : null;
  });
  connection.onRenameRequest(async (p, token) => {
    const { uri, position } = checkPositionParams(p);
    if (typeof p.newName !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'Invalid newName: expected a string.');
    const a = await ready(uri, token);
    return a ? guarded(() => rename(a, uri, position, p.newName)) : null;
  });
  connection.onDocumentHighlight(async (p, token) => {
    const { uri, position } = checkPositionParams(p);
    const a = await ready(uri, token);
    return a ? documentHighlight(a, position) : null;
  });
  connection.onDocumentSymbol(async (p, token) => {
    const a = await ready(checkDocument(p), token);
    if (!a) return null;
    const o = (await outlineInSlices(a, slicesFor(token))) ?? unfinished(token);
    for (const u of outlineNotes.keys()) if (!store.get(u)) outlineNotes.delete(u);
    if (o.settingsLeftOut || o.itemsLeftOut) {
      const key = `${o.settingsLeftOut}/${o.itemsLeftOut}`;
      if (outlineNotes.get(p.textDocument.uri) !== key) {
        outlineNotes.set(p.textDocument.uri, key);
        const what = [o.settingsLeftOut && `${formatCount(o.settingsLeftOut)} settings inside blocks`, o.itemsLeftOut && `${formatCount(o.itemsLeftOut)} blocks or top-level lines after the first ones`].filter(Boolean).join(' and ');
        connection.console.info(`Outline of ${p.textDocument.uri} is limited to ${formatCount(MAX_OUTLINE_ITEMS)} items: it leaves out ${what}.`);
      }
    }
    return o.symbols;
  });
  connection.onWorkspaceSymbol(async (p, token) => {
    const docs = [];
    for (const d of [...store.all()]) {
      const a = await ready(d.uri, token);
      if (a) docs.push({ uri: d.uri, analysis: a });
    }
    return workspaceSymbols(docs, typeof p.query === 'string' ? p.query : '');
  });
  connection.onFoldingRanges(async (p, token) => {
    const a = await ready(checkDocument(p), token);
    return a ? foldingRanges(a, foldingLimit) : null;
  });
  connection.onDocumentLinks(async (p, token) => {
    const a = await ready(checkDocument(p), token);
    return a ? documentLinks(a, p.textDocument.uri, undefined, extras.includeTargets?.(p.textDocument.uri)) : null;
  });
  connection.onCodeAction(async (p, token) => {
    const uri = checkDocument(p);
    const range = checkRange(p.range);
    const a = await ready(uri, token);
    if (!a) return null;
    const diagnostics = Array.isArray(p.context?.diagnostics) ? p.context.diagnostics : [];
    const own = codeActions(a, uri, diagnostics, { format: settings().format, only: p.context?.only });
    const more = extras.codeActions?.(uri, a, range) ?? [];
    return more.length ? [...more, ...own] : own;
  });
  connection.languages.semanticTokens.on(async (p, token) => {
    tokens.retain((uri) => store.get(uri) !== undefined);
    const a = await ready(checkDocument(p), token);
    if (!a) return { data: [] };
    return (await tokens.full(p.textDocument.uri, a, slicesFor(token))) ?? unfinished(token);
  });
  connection.languages.semanticTokens.onDelta(async (p, token) => {
    const a = await ready(checkDocument(p), token);
    if (!a) return { edits: [] };
    return (await tokens.delta(p.textDocument.uri, p.previousResultId, a, slicesFor(token))) ?? unfinished(token);
  });
  connection.languages.semanticTokens.onRange(async (p, token) => {
    const uri = checkDocument(p);
    const range = checkRange(p.range);
    const a = await ready(uri, token);
    return a ? semanticTokensRange(a, range) : { data: [] };
  });
  // Formatting reads the scanned lines only (no analysis), in slices: a whole unformatted file
  // can mean an edit on nearly every line.
  connection.onDocumentFormatting(async (p, token) => {
    const entry = store.get(checkDocument(p));
    if (!entry) return null;
    return (await formatInSlices(entry.doc, settings().format, slicesFor(token))) ?? unfinished(token);
  });
  connection.onDocumentRangeFormatting(async (p, token) => {
    const uri = checkDocument(p);
    const range = checkRange(p.range);
    const entry = store.get(uri);
    if (!entry) return null;
    return (await formatInSlices(entry.doc, settings().format, slicesFor(token), range)) ?? unfinished(token);
  });

  return {
    forget(uri) {
      tokens.forget(uri);
      outlineNotes.delete(uri);
    },
    capabilities(params) {
      const caps = params.capabilities.textDocument;
      snippetSupport = !!caps?.completion?.completionItem?.snippetSupport;
      deferDocumentation = !!caps?.completion?.completionItem?.resolveSupport?.properties.includes('documentation');
      itemDefaults = caps?.completion?.completionList?.itemDefaults ?? [];
      foldingLimit = caps?.foldingRange?.rangeLimit ?? Infinity;
      return {
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: caps?.rename?.prepareSupport ? { prepareProvider: true } : true,
        documentHighlightProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: caps?.codeAction?.codeActionLiteralSupport ? { codeActionKinds: [CodeActionKind.QuickFix] } : true,
        semanticTokensProvider: { legend: LEGEND, full: { delta: true }, range: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      };
    },
  };
}

/** Whether a line is an `include` directive (the only lines that ask for the configuration's include targets). */
function onInclude(a: Analysis, line: number): boolean {
  return line >= 0 && line < a.doc.lineCount && a.entry(line)?.name === 'include';
}
