/**
 * Small helpers shared by the editor features: LSP ranges, the block a line sits in, what lies
 * under a position, and the symbol (definition or reference) under a position with all its
 * occurrences.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { type SymbolIndex, isBuiltIn, namespaceOf } from '../analysis/symbols';
import type { SymbolDef, SymbolRef } from '../analysis/types';
import { GLOBAL } from '../catalog/catalog';
import type { SymbolKind } from '../catalog/types';
import type { BlockNode } from '../syntax/blocks';
import type { PmtaDocument } from '../syntax/document';
import type { Span } from '../syntax/scanner';

export function range(line: number, start: number, end: number, endLine = line): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

export function contains(span: Span, character: number): boolean {
  return character >= span.start && character <= span.end;
}

/** The innermost open block before `line` (`global` at the top level). */
export function scopeAt(doc: PmtaDocument, line: number): string {
  return doc.stateBefore(line).frame?.tag ?? GLOBAL;
}

/** Clamps a position to the document (clients may send positions past the end). */
export function clampPosition(doc: PmtaDocument, pos: Position): { line: number; character: number } | undefined {
  if (pos.line < 0 || pos.line >= doc.lineCount) return undefined;
  return { line: pos.line, character: Math.max(0, Math.min(pos.character, doc.line(pos.line).length)) };
}

const blockIndex = new WeakMap<Analysis, Map<number, BlockNode>>();

/** The block whose open tag (or nested-list rule) is on `line`. */
export function blockOpenedAt(analysis: Analysis, line: number): BlockNode | undefined {
  let map = blockIndex.get(analysis);
  if (!map) {
    map = new Map();
    for (const b of analysis.structure.blocks) if (!map.has(b.openLine)) map.set(b.openLine, b);
    blockIndex.set(analysis, map);
  }
  return map.get(line);
}

/** How to talk about a kind of named block in messages and hovers. */
export const KIND_WORDS: Record<SymbolKind, string> = {
  'virtual-mta': 'virtual MTA',
  'virtual-mta-pool': 'virtual MTA pool',
  'smtp-pattern-list': 'SMTP pattern list',
  'pattern-list': 'pattern list',
  source: 'named source',
  'source-group': 'source group',
  'rewrite-list': 'rewrite list',
  proxy: 'proxy',
  'address-list': 'address list',
  'domain-key-list': 'domain key list',
  'smtp-user': 'SMTP user',
  macro: 'domain macro',
};

/** A name under the cursor, with every place it is defined or used in the document. */
export interface SymbolOccurrences {
  name: string;
  /** The kinds the name can be (one for a definition; the reference's accepted kinds otherwise). */
  kinds: readonly SymbolKind[];
  /** Where the cursor is. */
  at: { line: number; start: number; end: number };
  defs: SymbolDef[];
  refs: SymbolRef[];
}

function sharesNamespace(a: readonly SymbolKind[], b: readonly SymbolKind[]): boolean {
  const spaces = new Set(a.map(namespaceOf));
  return b.some((k) => spaces.has(namespaceOf(k)));
}

/** True when a symbol occurrence lies in the analysed file (not in another file of its configuration). */
export function inFile(analysis: Analysis, s: { uri?: string }): boolean {
  return s.uri === analysis.uri;
}

/**
 * The definition or reference under `pos`, and all occurrences of the same symbol (in every file of
 * the configuration). A reference that resolves to nothing but differs only in case from a
 * definition (`reference-case-mismatch`) counts as an occurrence of that definition: go to
 * definition finds it, and a rename carries it along instead of leaving it undefined.
 */
export function symbolAt(analysis: Analysis, line: number, character: number): SymbolOccurrences | undefined {
  const hit = analysis.symbols.at(line, character, analysis.uri);
  if (!hit) return undefined;
  const { symbols } = analysis;
  if (hit.def) return occurrencesOf(symbols, hit.def, hit.def);
  const r = hit.ref!;
  const defs = symbols.lookup(r.kinds, r.name);
  if (defs.length === 0) {
    const meant = caseMismatchTarget(symbols, r);
    if (meant) return occurrencesOf(symbols, meant, r);
  }
  const kinds = defs.length ? [...new Set(defs.map((d) => d.kind))] : r.kinds;
  const refs = symbols.referencesNamed(r.name).filter((x) => sharesNamespace(x.kinds, kinds));
  return { name: r.name, kinds, at: r, defs, refs: defs.length ? withCaseVariants(symbols, defs[0], refs) : refs };
}

function occurrencesOf(symbols: SymbolIndex, d: SymbolDef, at: SymbolDef | SymbolRef): SymbolOccurrences {
  const defs = symbols.definitionsOf(d.kind, d.name).filter((x) => sharesNamespace([x.kind], [d.kind]));
  const refs = symbols.referencesNamed(d.name).filter((r) => sharesNamespace(r.kinds, [d.kind]));
  return { name: d.name, kinds: [d.kind], at, defs, refs: withCaseVariants(symbols, d, refs) };
}

/** The definition a reference that resolves to nothing differs from only in case, as `reference-case-mismatch` names it. */
function caseMismatchTarget(symbols: SymbolIndex, r: SymbolRef): SymbolDef | undefined {
  if (isBuiltIn(r.kinds, r.name) || symbols.lookup(r.kinds, r.name).length > 0) return undefined;
  return symbols.lookupIgnoringCase(r.kinds, r.name)[0];
}

/** `refs` of `d`, with the references that mean it but differ in case, in the order of the index. */
function withCaseVariants(symbols: SymbolIndex, d: SymbolDef, refs: SymbolRef[]): SymbolRef[] {
  const variants = symbols.referencesNamedIgnoringCase(d.name).filter((r) => r.name !== d.name && caseMismatchTarget(symbols, r)?.name === d.name && sharesNamespace(r.kinds, [d.kind]));
  if (variants.length === 0) return refs;
  const order = new Map(symbols.refs.map((r, i) => [r, i]));
  return [...refs, ...variants].sort((a, b) => order.get(a)! - order.get(b)!);
}
