import type { Catalog, DirectiveEntry } from '../catalog/catalog';
import { pushAll } from '../arrays';
import type { BlockNode } from '../syntax/blocks';
import type { Analysis } from './analyzer';

/**
 * Effective settings of a queue (a domain, optionally in one virtual MTA), computed by PowerMTA's
 * inheritance rules (LANGUAGE.md §4):
 *  - top-level `<domain>` blocks first, then those of the virtual MTA's pool, then those inside
 *    the virtual MTA itself;
 *  - within each level, general patterns before specific ones: `*`, then `[*.]name` (shorter
 *    suffixes first), then `*.name`, then the exact name — names produced by a `$macro` rank just
 *    below names written out;
 *  - a later block overrides an earlier one; what no block sets is the catalogue default.
 */

export interface SourceRef {
  uri?: string;
  line: number;
}

export interface AppliedBlock {
  pattern: string;
  /** Where the block sits: top level, a pool, or the virtual MTA. */
  level: 'global' | 'pool' | 'virtual-mta';
  owner?: string;
  at: SourceRef;
}

export interface EffectiveValue {
  name: string;
  value: string;
  /** The line that sets it, or undefined when the value is the catalogue default. */
  from?: SourceRef & { pattern: string };
  entry: DirectiveEntry;
}

export interface EffectiveSettings {
  domain: string;
  vmta?: string;
  /** The blocks that apply, in the order they are merged. */
  blocks: AppliedBlock[];
  /** Every `<domain>` directive: set ones first (in catalogue order), then defaults. */
  values: EffectiveValue[];
  /** Problems understanding the request (unknown vMTA, several pools…). */
  notes: string[];
}

interface Candidate {
  block: BlockNode;
  analysis: Analysis;
  rank: number[];
  applied: AppliedBlock;
}

/** How specifically a `<domain>` pattern matches a domain, or undefined when it does not match. */
export function matchRank(pattern: string, domain: string, macros: ReadonlyMap<string, string[]>): number[] | undefined {
  const p = pattern.toLowerCase();
  const d = domain.toLowerCase();
  if (p === '*') return [0, 0, 1];
  if (p.startsWith('[*.]')) {
    const base = p.slice(4);
    return d === base || d.endsWith('.' + base) ? [1, base.length, 1] : undefined;
  }
  if (p.startsWith('*.')) {
    const base = p.slice(2);
    return d.endsWith('.' + base) && d !== base ? [2, base.length, 1] : undefined;
  }
  if (p.includes('$')) {
    return expandMacroPattern(p, macros).some((name) => name === d) ? [3, d.length, 0] : undefined;
  }
  return p === d ? [3, d.length, 1] : undefined;
}

/** `yahoo.$tld` with tld = com, fr → yahoo.com, yahoo.fr (macros may use other macros). */
export function expandMacroPattern(pattern: string, macros: ReadonlyMap<string, string[]>, depth = 0): string[] {
  const m = /\$([A-Za-z0-9_]+)/.exec(pattern);
  if (!m || depth > 10) return [pattern];
  const values = macros.get(m[1]) ?? macros.get(m[1].toLowerCase()) ?? [];
  const out: string[] = [];
  for (const v of values) {
    for (const expanded of expandMacroPattern(v, macros, depth + 1)) pushAll(out, expandMacroPattern(pattern.replace(m[0], expanded), macros, depth + 1));
  }
  return out.map((s) => s.toLowerCase());
}

/** Macro name → values, from every `domain-macro` line of the analysed files. */
export function macroTable(analyses: readonly Analysis[]): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const a of analyses) {
    for (const d of a.symbols.defs) {
      if (d.kind !== 'macro' || (d.uri !== undefined && d.uri !== a.uri)) continue;
      const args = a.facts(d.line).args ?? [];
      const values = args
        .slice(1)
        .flatMap((x) => x.text.split(','))
        .map((s) => s.trim())
        .filter(Boolean);
      table.set(d.name, values);
    }
  }
  return table;
}

export function effectiveSettings(analyses: readonly Analysis[], catalog: Catalog, domain: string, vmta?: string): EffectiveSettings {
  const macros = macroTable(analyses);
  const notes: string[] = [];
  const pools = vmta ? poolsOf(analyses, vmta) : [];
  if (vmta && !analyses.some((a) => a.structure.blocks.some((b) => b.tag === 'virtual-mta' && b.arg === vmta)) && vmta !== '{default}') {
    notes.push(`No <virtual-mta ${vmta}> is defined; only the top-level settings apply.`);
  }
  if (pools.length > 1) notes.push(`${vmta} belongs to several pools (${pools.join(', ')}); PowerMTA treats domain blocks in more than one of them as a configuration error.`);
  const candidates: Candidate[] = [];
  for (const analysis of analyses) {
    for (const block of analysis.structure.blocks) {
      if (block.tag !== 'domain' || block.arg === undefined) continue;
      const owner = block.parent;
      let level: AppliedBlock['level'];
      let levelRank: number;
      if (!owner || owner.tag === 'global') {
        level = 'global';
        levelRank = 0;
      } else if (owner.tag === 'virtual-mta-pool' && owner.arg !== undefined && pools.includes(owner.arg)) {
        level = 'pool';
        levelRank = 1;
      } else if (owner.tag === 'virtual-mta' && vmta !== undefined && owner.arg === vmta) {
        level = 'virtual-mta';
        levelRank = 2;
      } else continue;
      const rank = matchRank(block.arg, domain, macros);
      if (!rank) continue;
      candidates.push({
        block,
        analysis,
        rank: [levelRank, ...rank],
        applied: { pattern: block.arg, level, owner: level === 'global' ? undefined : owner?.arg, at: { uri: analysis.uri, line: block.openLine } },
      });
    }
  }
  candidates.sort((a, b) => compare(a.rank, b.rank));
  const set = new Map<string, EffectiveValue>();
  for (const c of candidates) {
    for (const line of c.block.lines) {
      const facts = c.analysis.facts(line);
      const entry = facts.entry;
      if (!entry || !entry.scopes.includes('domain')) continue;
      const info = c.analysis.doc.info(line);
      const first = info.words[0];
      const value = first ? info.text.slice(first.start, info.contentEnd) : '';
      const prior = set.get(entry.name);
      const combined = entry.repeatable && prior?.from ? `${prior.value}; ${value}` : value;
      set.set(entry.name, { name: entry.name, value: combined, from: { uri: c.analysis.uri, line, pattern: c.block.arg! }, entry });
    }
  }
  const values: EffectiveValue[] = [];
  const domainDirectives = catalog.directivesIn('domain').filter((d) => d.provenance === 'guide' && !d.deprecated);
  for (const d of domainDirectives) if (set.has(d.name)) values.push(set.get(d.name)!);
  for (const [name, v] of set) if (!domainDirectives.some((d) => d.name === name)) values.push(v);
  for (const d of domainDirectives) if (!set.has(d.name) && d.default !== undefined) values.push({ name: d.name, value: d.default, entry: d });
  return { domain, vmta, blocks: candidates.map((c) => c.applied), values, notes };
}

/** Pools that list this virtual MTA. */
function poolsOf(analyses: readonly Analysis[], vmta: string): string[] {
  const out: string[] = [];
  for (const a of analyses) {
    for (const block of a.structure.blocks) {
      if (block.tag !== 'virtual-mta-pool' || !block.arg) continue;
      if (block.lines.some((l) => a.facts(l).entry?.name === 'virtual-mta' && a.facts(l).args?.[0]?.text === vmta)) out.push(block.arg);
    }
  }
  return out;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
