/**
 * Document symbols (outline and breadcrumbs): the block tree with the directives inside each
 * block. Workspace symbols: the named blocks and macros of every open document.
 */
import { type DocumentSymbol, SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import type { BlockNode } from '../syntax/blocks';
import { LineKind } from '../syntax/scanner';
import { range } from './common';
import { statementWords } from '../analysis/statement';
import { type Slices, drain, drainInSlices } from '../steps';

/** How each block shows up in an outline. Presentation only; unknown tags are structs. */
const TAG_KINDS: Record<string, SymbolKind> = {
  'virtual-mta': SymbolKind.Class,
  'virtual-mta-pool': SymbolKind.Array,
  domain: SymbolKind.Namespace,
  source: SymbolKind.Interface,
  'source-group': SymbolKind.Interface,
  'smtp-user': SymbolKind.Object,
  'smtp-pattern-list': SymbolKind.Enum,
  'pattern-list': SymbolKind.Enum,
  'bounce-category-patterns': SymbolKind.Enum,
  'rewrite-list': SymbolKind.Enum,
  'address-list': SymbolKind.Enum,
  'domain-key-list': SymbolKind.Enum,
  'mx-rollup-list': SymbolKind.Enum,
  'acct-file': SymbolKind.File,
  spool: SymbolKind.Package,
  'smtp-listener': SymbolKind.Event,
  'transmissions-api-listener': SymbolKind.Event,
};

const MAX_DETAIL = 80;

function tagKind(tag: string): SymbolKind {
  return TAG_KINDS[tag] ?? SymbolKind.Struct;
}

function lineEnd(analysis: Analysis, line: number): number {
  return analysis.doc.line(line).length;
}

/**
 * Most items an outline lists, as vscode-yaml's `maxItemsComputed` (5,000): a 100k-line file has
 * ~100k settings, and listing them all took half a second and 17 MB of JSON for an outline nobody
 * can scroll. Over the limit the outline keeps the blocks and top-level directives and leaves out
 * the settings inside blocks; if the blocks alone are too many, it lists the first ones.
 */
export const MAX_OUTLINE_ITEMS = 5000;

/** What `outline` built and what it left out. */
export interface Outline {
  symbols: DocumentSymbol[];
  /** Settings inside blocks left out (the outline lists blocks only). */
  settingsLeftOut: number;
  /** Items (blocks or top-level directives, with what they hold) left out once the limit was reached. */
  itemsLeftOut: number;
}

interface Budget {
  /** Settings inside blocks are listed. */
  settings: boolean;
  /** Items that may still be listed. */
  left: number;
  itemsLeftOut: number;
  /** Items made so far (a pause every OUTLINE_STEP). */
  made: number;
}

/** Items made between two pauses of `outlineSteps` (5,000 items took 20-80 ms at once). */
const OUTLINE_STEP = 256;

/** Whether one more item fits; counts it either way. */
function admit(budget: Budget): boolean {
  if (budget.left <= 0) {
    budget.itemsLeftOut++;
    return false;
  }
  budget.left--;
  return true;
}

function* blockSymbol(analysis: Analysis, node: BlockNode, depth: number, budget: Budget): Generator<void, DocumentSymbol> {
  const info = analysis.doc.info(node.openLine);
  const tag = info.tag!;
  const selEnd = node.argSpan ? node.argSpan.end : tag.end;
  const children = yield* childrenSteps(analysis, node, depth + 1, budget);
  return {
    name: `<${tag.text}${node.arg ? ' ' + node.arg : ''}>`,
    kind: tagKind(node.tag),
    range: range(node.openLine, 0, lineEnd(analysis, node.endLine), node.endLine),
    selectionRange: range(node.openLine, tag.start, selEnd),
    children,
  };
}

function* directiveSymbol(analysis: Analysis, line: number, nested: BlockNode | undefined, depth: number, budget: Budget): Generator<void, DocumentSymbol> {
  const doc = analysis.doc;
  const info = doc.info(line);
  const name = info.name!;
  const words = statementWords(doc, line);
  const last = nested ? nested.endLine : words.length ? words[words.length - 1].line : line;
  let detail = words.map((w) => w.w.text).join(' ');
  if (detail.length > MAX_DETAIL) detail = detail.slice(0, MAX_DETAIL - 1) + '…';
  const isMacro = analysis.entry(line)?.name === 'domain-macro';
  const children = nested ? yield* childrenSteps(analysis, nested, depth + 1, budget) : undefined;
  return {
    name: name.text.length > MAX_DETAIL ? name.text.slice(0, MAX_DETAIL - 1) + '…' : name.text,
    detail,
    kind: isMacro ? SymbolKind.Constant : name.regex ? SymbolKind.EnumMember : SymbolKind.Property,
    range: range(line, 0, lineEnd(analysis, last), last),
    selectionRange: range(line, name.start, name.end),
    children,
  };
}

/**
 * Outline levels shown: PowerMTA nests three or four deep; a hostile 10k-deep file would overflow
 * the stack here and in JSON serialisation, so deeper blocks are left out of the outline.
 */
const MAX_OUTLINE_DEPTH = 64;

function* childrenSteps(analysis: Analysis, node: BlockNode, depth: number, budget: Budget): Generator<void, DocumentSymbol[]> {
  if (depth > MAX_OUTLINE_DEPTH) return [];
  let nestedAt: Map<number, BlockNode> | undefined;
  for (const c of node.children) if (c.nested) (nestedAt ??= new Map()).set(c.openLine, c);
  // Top-level directives are listed even in a long outline; settings inside blocks only when all fit.
  const listSettings = budget.settings || depth === 0;
  const out: DocumentSymbol[] = [];
  // node.lines and node.children are both in line order: merge them.
  const { lines, children } = node;
  let c = 0;
  for (let i = 0; i <= lines.length; i++) {
    const l = i < lines.length ? lines[i] : Infinity;
    for (; c < children.length && children[c].openLine < l; c++) {
      const child = children[c];
      if (child.nested || !admit(budget)) continue;
      out.push(yield* blockSymbol(analysis, child, depth, budget));
      if (++budget.made % OUTLINE_STEP === 0) yield;
    }
    if (l === Infinity) break;
    const nested = nestedAt?.get(l);
    if (!listSettings && !nested) continue;
    const info = analysis.doc.info(l);
    if (info.kind !== LineKind.Directive || !info.name || !admit(budget)) continue;
    out.push(yield* directiveSymbol(analysis, l, nested, depth, budget));
    if (++budget.made % OUTLINE_STEP === 0) yield;
  }
  return out;
}

/** The outline of a document, within MAX_OUTLINE_ITEMS (or `limit`) items. */
export function outline(analysis: Analysis, limit = MAX_OUTLINE_ITEMS): Outline {
  return drain(outlineSteps(analysis, limit));
}

/**
 * outline() with a pause every `sliceMs`. Undefined when the document changed during a pause (the
 * block tree may have moved under it) or `stop()` said so.
 */
export function outlineInSlices(analysis: Analysis, slices: Slices, limit = MAX_OUTLINE_ITEMS): Promise<Outline | undefined> {
  const doc = analysis.doc;
  return drainInSlices(outlineSteps(analysis, limit), slices.sliceMs, slices.pause, () => doc.revision === analysis.revision && !slices.stop?.());
}

/** outline() as a generator that yields every OUTLINE_STEP items. */
function* outlineSteps(analysis: Analysis, limit: number): Generator<void, Outline> {
  const { root, blocks } = analysis.structure;
  let settings = 0;
  for (const b of blocks) {
    settings += b.lines.length;
    // The directive a nested pattern list hangs on is listed with it.
    if (b.nested && b.parent !== root) settings--;
  }
  const all = root.lines.length + blocks.length + settings;
  const budget: Budget = { settings: all <= limit, left: limit, itemsLeftOut: 0, made: 0 };
  const symbols = yield* childrenSteps(analysis, root, 0, budget);
  return { symbols, settingsLeftOut: budget.settings ? 0 : settings, itemsLeftOut: budget.itemsLeftOut };
}

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  return outline(analysis).symbols;
}

/** LSP's advice for workspace symbol queries: case-insensitive, the query's characters in order. */
function matches(query: string, name: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (let j = 0; j < n.length && i < q.length; j++) if (n[j] === q[i]) i++;
  return i === q.length;
}

const MAX_WORKSPACE_SYMBOLS = 5000;

/** Named blocks (vMTAs, pools, domains, sources, lists…) and macros of the open documents. */
export function workspaceSymbols(documents: Iterable<{ uri: string; analysis: Analysis }>, query: string): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  for (const { uri, analysis } of documents) {
    for (const b of analysis.structure.blocks) {
      if (!b.arg || !b.argSpan || !matches(query, b.arg)) continue;
      out.push({ name: b.arg, kind: tagKind(b.tag), containerName: `<${b.tag}>`, location: { uri, range: range(b.openLine, b.argSpan.start, b.argSpan.end) } });
      if (out.length >= MAX_WORKSPACE_SYMBOLS) return out;
    }
    for (const d of analysis.symbols.all('macro')) {
      if (d.uri !== analysis.uri || !matches(query, d.name)) continue;
      out.push({ name: d.name, kind: SymbolKind.Constant, containerName: 'domain-macro', location: { uri, range: range(d.line, d.start, d.end) } });
    }
  }
  return out;
}
