import type { Analysis } from '../analyzer';

const MACRO = /\$([A-Za-z0-9_]+)/;
const MAX_DEPTH = 8;
const MAX_NAMES = 200;

export interface Expansion {
  /** Concrete domain names (lower case, no duplicates). */
  domains: string[];
  /** Macros that are defined nowhere in this document (they may live in an included file). */
  unresolved: string[];
}

/**
 * Expands a domain expression such as `example.com`, `$brands` or `mail.$brand.$tld` into domain
 * names through `domain-macro` definitions (a macro may use other macros; a prefix or suffix
 * multiplies out over the list). Loops and very large products are cut off.
 */
export function expandDomains(analysis: Analysis, expr: string): Expansion {
  const unresolved = new Set<string>();
  const values = (name: string): string[] | undefined => {
    const def = analysis.symbols.lookup(['macro'], name)[0];
    if (!def) return undefined;
    const args = analysis.facts(def.line).args ?? [];
    return args
      .slice(1)
      .flatMap((a) => a.text.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
  };
  const expand = (text: string, depth: number): string[] => {
    const m = MACRO.exec(text);
    if (!m) return [text];
    if (depth >= MAX_DEPTH) return [];
    const list = values(m[1]);
    if (!list) {
      unresolved.add(m[1]);
      return [];
    }
    const out: string[] = [];
    for (const v of list) {
      for (const e of expand(text.slice(0, m.index) + v + text.slice(m.index + m[0].length), depth + 1)) {
        out.push(e);
        if (out.length >= MAX_NAMES) return out;
      }
    }
    return out;
  };
  const domains = [...new Set(expand(expr.trim(), 0).map((d) => d.toLowerCase().replace(/\.$/, '')))];
  return { domains, unresolved: [...unresolved] };
}
