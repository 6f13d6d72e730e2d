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

export function isBuiltIn(kinds: readonly SymbolKind[], name: string): boolean {
  return kinds.some((k) => BUILT_IN[k]?.includes(name));
}

function key(kind: SymbolKind, name: string): string {
  return namespaceOf(kind) + '\u0000' + name;
}

/** Definitions and references of one analysed configuration, with look-ups both ways. */
export class SymbolIndex {
  private readonly byKey = new Map<string, SymbolDef[]>();
  private readonly byLowerKey = new Map<string, SymbolDef[]>();

  constructor(
    readonly defs: readonly SymbolDef[],
    readonly refs: readonly SymbolRef[],
  ) {
    for (const d of defs) {
      push(this.byKey, key(d.kind, d.name), d);
      push(this.byLowerKey, key(d.kind, d.name.toLowerCase()), d);
    }
  }

  /** Definitions a reference of these kinds and this exact name resolves to. */
  lookup(kinds: readonly SymbolKind[], name: string): SymbolDef[] {
    const out: SymbolDef[] = [];
    for (const k of new Set(kinds.map(namespaceOf))) {
      for (const d of this.byKey.get(k + '\u0000' + name) ?? []) if (kinds.includes(d.kind)) out.push(d);
    }
    return out;
  }

  /** Definitions matching when case is ignored (for the case-mismatch hint). */
  lookupIgnoringCase(kinds: readonly SymbolKind[], name: string): SymbolDef[] {
    const out: SymbolDef[] = [];
    for (const k of new Set(kinds.map(namespaceOf))) {
      for (const d of this.byLowerKey.get(k + '\u0000' + name.toLowerCase()) ?? []) if (kinds.includes(d.kind)) out.push(d);
    }
    return out;
  }

  /** Every definition with this name in the namespace of `kind` (duplicates included). */
  definitionsOf(kind: SymbolKind, name: string): SymbolDef[] {
    return this.byKey.get(key(kind, name)) ?? [];
  }

  /** References that resolve to the symbol `def` names. */
  referencesTo(def: SymbolDef): SymbolRef[] {
    return this.refs.filter((r) => r.name === def.name && r.kinds.includes(def.kind));
  }

  /** All definitions of a kind, in document order. */
  all(kind: SymbolKind): SymbolDef[] {
    return this.defs.filter((d) => d.kind === kind);
  }

  /** The definition or reference under a position of file `uri` (undefined: a file analysed alone), if any. */
  at(line: number, character: number, uri?: string): { def?: SymbolDef; ref?: SymbolRef } | undefined {
    for (const d of this.defs) if (d.line === line && d.uri === uri && character >= d.start && character <= d.end) return { def: d };
    for (const r of this.refs) if (r.line === line && r.uri === uri && character >= r.start && character <= r.end) return { ref: r };
    return undefined;
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
