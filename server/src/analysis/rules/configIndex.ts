import type { BlockNode } from '../../syntax/blocks';
import type { RuleContext, Setting } from './context';

/** A setting together with the block it sits in. */
export interface Placed extends Setting {
  block: BlockNode;
}

/**
 * A setting whose arguments are read from its facts only when a rule asks: building them for
 * every directive line on every analysis was most of the cost of an edit in a large file.
 */
class PlacedSetting implements Placed {
  constructor(
    readonly name: string,
    readonly line: number,
    readonly facts: Setting['facts'],
    readonly block: BlockNode,
  ) {}

  get args(): Setting['args'] {
    return this.facts.args ?? [];
  }
}

/** The settings of one block, in order, with the last occurrence of each name. */
export interface BlockSettings {
  readonly list: readonly Placed[];
  readonly last: ReadonlyMap<string, Placed>;
}

/** Builds the name → last setting map only when a rule asks for it (most blocks are never asked). */
class LazySettings implements BlockSettings {
  private map?: Map<string, Placed>;
  constructor(readonly list: Placed[]) {}
  get last(): ReadonlyMap<string, Placed> {
    if (!this.map) {
      this.map = new Map();
      for (const s of this.list) this.map.set(s.name, s);
    }
    return this.map;
  }
}

const EMPTY: BlockSettings = new LazySettings([]);

/**
 * Top-level directives that only a main configuration sets (process-wide switches). A file with
 * none of them is treated as an include fragment by the "required settings" rules.
 */
export const MAIN_MARKERS = ['smtp-listener', 'spool', 'http-mgmt-port', 'http-access', 'run-as-root', 'total-max-smtp-out', 'log-file', 'postmaster'];
export const MAIN_BLOCKS = ['spool', 'smtp-listener'];

/**
 * Facts the operator rules share, computed once per analysis in one pass over the block tree:
 * each block's settings, every occurrence of a directive, blocks by tag, top-level `<domain>`
 * blocks by name, macros, VMTA→pool membership. Rules then look things up instead of rescanning
 * the document, so adding a rule costs a walk over what it needs, not over the whole file.
 */
export class ConfigIndex {
  private readonly perBlock = new Map<BlockNode, BlockSettings>();
  private readonly byName = new Map<string, Placed[]>();
  private readonly byTag = new Map<string, BlockNode[]>();
  /** First top-level `<domain X>` for each lower-cased X. */
  private readonly topDomains = new Map<string, BlockNode>();
  /** Pools that list each VMTA (by exact name). */
  private readonly poolsOfVmta = new Map<string, BlockNode[]>();
  /** `domain-macro NAME a, b` → the listed items (as written). */
  readonly macros = new Map<string, string[]>();
  /** The file has an `include` line somewhere: settings may come from files we cannot see here. */
  readonly hasInclude: boolean;

  constructor(private readonly ctx: RuleContext) {
    const { structure } = ctx;
    const visit = (block: BlockNode) => {
      const list: Placed[] = [];
      for (const line of block.lines) {
        const facts = ctx.facts(line);
        if (!facts.entry) continue;
        const p: Placed = new PlacedSetting(facts.entry.name, line, facts, block);
        list.push(p);
        const same = this.byName.get(p.name);
        if (same) same.push(p);
        else this.byName.set(p.name, [p]);
      }
      this.perBlock.set(block, new LazySettings(list));
    };
    visit(structure.root);
    for (const b of structure.blocks) {
      visit(b);
      const tagged = this.byTag.get(b.tag);
      if (tagged) tagged.push(b);
      else this.byTag.set(b.tag, [b]);
      if (b.tag === 'domain' && b.parent === structure.root && b.arg && !this.topDomains.has(b.arg.toLowerCase())) this.topDomains.set(b.arg.toLowerCase(), b);
    }
    for (const s of this.all('virtual-mta')) {
      if (s.block.tag !== 'virtual-mta-pool' || !s.args[0]) continue;
      const pools = this.poolsOfVmta.get(s.args[0].text);
      if (pools) pools.push(s.block);
      else this.poolsOfVmta.set(s.args[0].text, [s.block]);
    }
    for (const s of this.all('domain-macro')) {
      if (!s.args[0]) continue;
      const items = s.args.slice(1).flatMap((a) => a.text.split(',')).map((t) => t.trim()).filter(Boolean);
      this.macros.set(s.args[0].text, items);
    }
    this.hasInclude = this.all('include').length > 0;
  }

  private readonly memos = new Map<string, unknown>();

  /** A derived fact computed once per analysis and shared by the rules that need it. */
  memo<T>(key: string, make: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = make();
    this.memos.set(key, value);
    return value;
  }

  settings(block: BlockNode): BlockSettings {
    return this.perBlock.get(block) ?? EMPTY;
  }

  /** Every line of a directive, anywhere in the file, in document order. */
  all(name: string): readonly Placed[] {
    return this.byName.get(name) ?? [];
  }

  /** Blocks with this tag, in document order. */
  blocks(tag: string): readonly BlockNode[] {
    return this.byTag.get(tag) ?? [];
  }

  /** The top-level `<domain X>` block, if any (first one when repeated). */
  topDomain(name: string): BlockNode | undefined {
    return this.topDomains.get(name.toLowerCase());
  }

  /**
   * The blocks a `<domain>` block takes its settings from, most specific first (LANGUAGE.md §4):
   * the block itself; for a block inside a VMTA, the same domain in that VMTA's pools; then the
   * top-level blocks for the same name, its wildcard parents (`[*.]x`, `*.x`) and `*`.
   * An approximation: macros and rollup queues are not expanded.
   */
  domainChain(block: BlockNode): BlockNode[] {
    let chain = this.chains.get(block);
    if (!chain) {
      chain = this.computeChain(block);
      this.chains.set(block, chain);
    }
    return chain;
  }

  private readonly chains = new Map<BlockNode, BlockNode[]>();

  private computeChain(block: BlockNode): BlockNode[] {
    const chain: BlockNode[] = [block];
    const name = (block.arg ?? '*').toLowerCase();
    const parent = block.parent;
    if (parent && parent.tag === 'virtual-mta' && parent.arg) {
      for (const pool of this.poolsOfVmta.get(parent.arg) ?? []) {
        const same = pool.children.find((c) => c.tag === 'domain' && (c.arg ?? '').toLowerCase() === name);
        if (same) chain.push(same);
      }
    }
    const add = (key: string) => {
      const b = this.topDomains.get(key);
      if (b && !chain.includes(b)) chain.push(b);
    };
    if (name !== '*') {
      add(name);
      const bare = name.replace(/^\[\*\.\]|^\*\./, '');
      if (bare !== name) add(`[*.]${bare}`);
      else add(`[*.]${name}`);
      const labels = bare.split('.');
      for (let i = 1; i < labels.length; i++) {
        const parentName = labels.slice(i).join('.');
        if (!parentName) continue;
        add(`*.${parentName}`);
        add(`[*.]${parentName}`);
      }
    }
    add('*');
    return chain;
  }

  /** The setting that applies to a `<domain>` block through its chain, or undefined (the default applies). */
  effective(block: BlockNode, name: string): { setting: Placed; block: BlockNode } | undefined {
    for (const b of this.domainChain(block)) {
      const s = this.settings(b).last.get(name);
      if (s) return { setting: s, block: b };
    }
    return undefined;
  }

  /** The catalogue default of a directive in a scope (the single source of truth for defaults). */
  defaultOf(name: string, scope: string): string | undefined {
    return this.ctx.catalog.directive(name, scope)?.default;
  }

  /** Pools that list this VMTA. */
  poolsOf(vmta: string): readonly BlockNode[] {
    return this.poolsOfVmta.get(vmta) ?? [];
  }

  /**
   * Whether the file looks like a main configuration rather than an include fragment: it sets at
   * least two different process-wide top-level settings (listeners, spool, the HTTP console,
   * run-as-root, total-max-smtp-out, log-file, postmaster; as directives or blocks) and includes no
   * other file (an included file could hold the setting a rule looks for). One marker is not
   * enough: a `listeners.conf` or `http.conf` fragment has exactly one. The include-aware analysis
   * will replace this guess with the merged configuration.
   */
  get looksLikeMainConfig(): boolean {
    if (this.hasInclude) return false;
    const top = this.settings(this.ctx.structure.root).last;
    const found = new Set(MAIN_MARKERS.filter((m) => top.has(m)));
    for (const b of this.ctx.structure.root.children) if (MAIN_BLOCKS.includes(b.tag)) found.add(b.tag);
    return found.size >= 2;
  }
}

// Keyed by the rule context, one per analysis: the incremental analyzer reuses an unchanged
// block tree (Structure) across versions whose lines differ.
const cache = new WeakMap<RuleContext, ConfigIndex>();

/** The shared index for this analysis (built on first use, then reused by every rule). */
export function configIndex(ctx: RuleContext): ConfigIndex {
  let index = cache.get(ctx);
  if (!index) {
    index = new ConfigIndex(ctx);
    cache.set(ctx, index);
  }
  return index;
}
