import { groupBy, lowerBound } from '../arrays';
import type { SymbolKind } from '../catalog/types';
import type { SymbolDef, SymbolRef } from './types';

/** Virtual MTAs and pools share one namespace (a pool may not take a VMTA's name). */
export function namespaceOf(kind: SymbolKind): string {
  return kind === 'virtual-mta-pool' ? 'virtual-mta' : kind;
}

/** Names PowerMTA itself provides: they resolve without a definition. */
const BUILT_IN: Partial<Record<SymbolKind, readonly string[]>> = {
  'virtual-mta': ['{default}'],
  source: ['{auth}', '{pickup}', '{transmissions-api}'],
};

/**
 * A name in braces is PowerMTA's own (the built-in ones above, a pickup folder's
 * `{/var/spool/pmta/pickup}`): PowerMTA asks for it itself, also where a file has a block of it.
 */
export function isPowerMtaName(name: string): boolean {
  return name.startsWith('{');
}

export function isBuiltIn(kinds: readonly SymbolKind[], name: string): boolean {
  return kinds.some((k) => BUILT_IN[k]?.includes(name));
}

/** What a `$macro` use can name: PowerMTA reads letters, digits and `_` after the `$`. */
export const MACRO_NAME = /^[A-Za-z0-9_]+$/;

/** Definitions and references of one analysed configuration, with look-ups both ways. */
export class SymbolIndex {
  /** namespace -> name -> definitions (nested maps: no key strings to build per look-up). */
  private readonly byName = new Map<string, Map<string, SymbolDef[]>>();
  /** The same by lower-cased name, built on first use (only unresolved references need it). */
  private byLowerName: Map<string, Map<string, SymbolDef[]>> | undefined;
  /** Definitions by kind, built on first use. */
  private byKind: Map<SymbolKind, SymbolDef[]> | undefined;
  /** Where each file's definitions and references sit in `defs` and `refs` (one run per file, in line order). */
  private spans: { defs: Map<string | undefined, Span>; refs: Map<string | undefined, Span> } | undefined;
  /** References by name, built on first use (navigation asks per name; a 100k-line file has ~14k references). */
  private refsByName: Map<string, SymbolRef[]> | undefined;
  private refsByLowerName: Map<string, SymbolRef[]> | undefined;

  constructor(
    readonly defs: readonly SymbolDef[],
    readonly refs: readonly SymbolRef[],
  ) {
    for (const d of defs) push(this.byName, namespaceOf(d.kind), d.name, d);
  }

  /** Definitions a reference of these kinds and this exact name resolves to. */
  lookup(kinds: readonly SymbolKind[], name: string): SymbolDef[] {
    return collect(this.byName, kinds, name);
  }

  /** Definitions matching when case is ignored (for the case-mismatch hint). */
  lookupIgnoringCase(kinds: readonly SymbolKind[], name: string): SymbolDef[] {
    if (!this.byLowerName) {
      this.byLowerName = new Map();
      for (const d of this.defs) push(this.byLowerName, namespaceOf(d.kind), d.name.toLowerCase(), d);
    }
    return collect(this.byLowerName, kinds, name.toLowerCase());
  }

  /** Every definition with this name in the namespace of `kind` (duplicates included). */
  definitionsOf(kind: SymbolKind, name: string): SymbolDef[] {
    return this.byName.get(namespaceOf(kind))?.get(name) ?? [];
  }

  /** References that resolve to the symbol `def` names. */
  referencesTo(def: SymbolDef): SymbolRef[] {
    return this.referencesNamed(def.name).filter((r) => r.kinds.includes(def.kind));
  }

  /** Every reference with exactly this name, in document order. */
  referencesNamed(name: string): readonly SymbolRef[] {
    this.refsByName ??= groupBy(this.refs, (r) => r.name);
    return this.refsByName.get(name) ?? [];
  }

  /** Every reference whose name equals `name` when case is ignored, in document order. */
  referencesNamedIgnoringCase(name: string): readonly SymbolRef[] {
    this.refsByLowerName ??= groupBy(this.refs, (r) => r.name.toLowerCase());
    return this.refsByLowerName.get(name.toLowerCase()) ?? [];
  }

  /** All definitions of a kind, in document order. */
  all(kind: SymbolKind): SymbolDef[] {
    this.byKind ??= groupBy(this.defs, (d) => d.kind);
    return this.byKind.get(kind)?.slice() ?? [];
  }

  /** The definition or reference under a position of file `uri` (undefined: a file analysed alone), if any. */
  at(line: number, character: number, uri?: string): { def?: SymbolDef; ref?: SymbolRef } | undefined {
    this.spans ??= { defs: spansByFile(this.defs), refs: spansByFile(this.refs) };
    // Definitions first: where a definition and a reference overlap, the definition wins. Searched
    // by line in each file's run (no index by line to build, nor to keep right when lines move).
    const def = findOn(this.defs, this.spans.defs.get(uri), line, character);
    if (def) return { def };
    const ref = findOn(this.refs, this.spans.refs.get(uri), line, character);
    return ref ? { ref } : undefined;
  }
}

/** A file's run in a list of symbols; `order` lists the run's positions by line when the run itself is not in line order. */
interface Span {
  from: number;
  to: number;
  order?: number[];
}

/** The run of each file in a list of symbols (a file's symbols are together, normally in line order). */
function spansByFile(items: readonly { uri?: string; line: number }[]): Map<string | undefined, Span> {
  const out = new Map<string | undefined, Span>();
  let from = 0;
  for (let i = 1; i <= items.length; i++) {
    if (i < items.length && items[i].uri === items[from].uri) continue;
    if (i > from) out.set(items[from].uri, runOf(items, from, i));
    from = i;
  }
  return out;
}

function runOf(items: readonly { line: number }[], from: number, to: number): Span {
  for (let i = from + 1; i < to; i++) {
    if (items[i].line >= items[i - 1].line) continue;
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => items[a].line - items[b].line || a - b);
    return { from, to, order };
  }
  return { from, to };
}

/** The first symbol of a file's run on `line` whose span holds `character` (binary search by line). */
function findOn<T extends { line: number; start: number; end: number }>(items: readonly T[], span: Span | undefined, line: number, character: number): T | undefined {
  if (!span) return undefined;
  const n = span.to - span.from;
  const at = (k: number) => items[span.order ? span.order[k] : span.from + k];
  for (let k = lowerBound(n, (i) => at(i).line < line); k < n && at(k).line === line; k++) {
    const item = at(k);
    if (character >= item.start && character <= item.end) return item;
  }
  return undefined;
}

function push(map: Map<string, Map<string, SymbolDef[]>>, namespace: string, name: string, d: SymbolDef): void {
  let names = map.get(namespace);
  if (!names) map.set(namespace, (names = new Map()));
  const list = names.get(name);
  if (list) list.push(d);
  else names.set(name, [d]);
}

/** Definitions of `name` whose kind is one of `kinds` (kinds may share a namespace), in document order. */
function collect(map: Map<string, Map<string, SymbolDef[]>>, kinds: readonly SymbolKind[], name: string): SymbolDef[] {
  if (kinds.length === 1) {
    const list = map.get(namespaceOf(kinds[0]))?.get(name);
    if (!list) return [];
    return list.every((d) => d.kind === kinds[0]) ? list.slice() : list.filter((d) => d.kind === kinds[0]);
  }
  const out: SymbolDef[] = [];
  const seen: string[] = [];
  for (const kind of kinds) {
    const ns = namespaceOf(kind);
    if (seen.includes(ns)) continue;
    seen.push(ns);
    for (const d of map.get(ns)?.get(name) ?? []) if (kinds.includes(d.kind)) out.push(d);
  }
  return out;
}
