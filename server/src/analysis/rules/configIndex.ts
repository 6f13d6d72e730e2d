import { lowerBound } from '../../arrays';
import { drain } from '../../steps';
import { type Catalog, getCatalog } from '../../catalog/catalog';
import type { BlockNode, LineShift, Structure } from '../../syntax/blocks';
import type { LineFacts } from '../lineFacts';
import type { RuleContext, Setting } from './context';

/** A setting together with the block it sits in. */
export interface Placed extends Setting {
  block: BlockNode;
}

/** Reads the current facts of a line (the analysis replaces its store between versions). */
export type FactsReader = (line: number) => LineFacts;

/**
 * The directive name of a line, if it has one. The analyzer reads it from its compact store, so
 * that indexing every line does not turn each into a full LineFacts view (memory at 100k lines).
 */
export type NameReader = (line: number) => string | undefined;

/**
 * A setting whose facts and arguments are read only when a rule asks: building them for every
 * directive line on every analysis was most of the cost of an edit in a large file.
 */
class PlacedSetting implements Placed {
  constructor(
    readonly name: string,
    /** Moved in place when lines above it are added or removed (see `update`). */
    public line: number,
    readonly block: BlockNode,
    private readonly index: ConfigIndex,
  ) {}

  get facts(): LineFacts {
    return this.index.factsOf(this.line);
  }

  get args(): Setting['args'] {
    return this.index.argsOf(this);
  }
}

/** Look-up of the last setting of each name in one block. */
export interface LastSettings {
  get(name: string): Placed | undefined;
  has(name: string): boolean;
}

/** The settings of one block, in order, with the last occurrence of each name. */
export interface BlockSettings {
  readonly list: readonly Placed[];
  readonly last: LastSettings;
}

/** Lists up to this long are searched from the end; a map per block cost ~300 bytes at 20k blocks. */
const SCAN_LIMIT = 16;

/** A block's settings; the name → last setting map is built only for long lists. */
class LazySettings implements BlockSettings, LastSettings {
  private map?: Map<string, Placed>;
  constructor(readonly list: Placed[]) {}
  get last(): LastSettings {
    if (this.list.length <= SCAN_LIMIT) return this;
    if (!this.map) {
      this.map = new Map();
      for (const s of this.list) this.map.set(s.name, s);
    }
    return this.map;
  }
  get(name: string): Placed | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i].name === name) return this.list[i];
    return undefined;
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

const EMPTY: BlockSettings = new LazySettings([]);
const NO_SETTINGS: readonly Placed[] = Object.freeze([]) as readonly Placed[];
const NO_BLOCKS: readonly BlockNode[] = Object.freeze([]) as readonly BlockNode[];

/**
 * Top-level directives and blocks that only a main configuration sets (process-wide switches; the
 * catalogue marks them `mainOnly`). A file with none of them is treated as an include fragment by
 * the "required settings" rules.
 */
const MARKERS = getCatalog().mainMarkers;
export const MAIN_MARKERS: readonly string[] = MARKERS.directives;
export const MAIN_BLOCKS: readonly string[] = MARKERS.blocks;
/** The directives `looksLikeMainConfig` reads (for the `reads` of the rules that use it). */
export const MAIN_CONFIG_READS: readonly string[] = [...MAIN_MARKERS, 'include'];

/** What an update of the index changed: directive names on changed lines, and their blocks. */
export interface IndexChanges {
  readonly names: ReadonlySet<string>;
  readonly blocks: ReadonlySet<BlockNode>;
}

/** Blocks indexed between two pauses of `build` (2048 took 15-20 ms at 100k lines). */
const BUILD_STEP = 512;
/** Settings read between two pauses of `deriveSteps`. */
const DERIVE_STEP = 2048;

interface Memo {
  reads: readonly string[];
  /** The tags of the blocks whose names it reads (undefined: any). */
  names: readonly string[] | undefined;
  value: unknown;
}

/**
 * Facts the operator rules share, in one pass over the block tree: each block's settings, every
 * occurrence of a directive, top-level `<domain>` blocks by name, macros, VMTA→pool membership,
 * `<domain>` inheritance chains, and derived facts memoised under the directive names they read.
 * Rules look things up instead of rescanning the document.
 *
 * The analyzer keeps one index per document and, after an edit that leaves the block tree and the
 * line count as they were, updates it in place (`update`): only the changed lines' settings are
 * replaced, and only memos that read a changed directive are dropped. So a rule that runs again
 * after an edit finds everything else already computed.
 */
export class ConfigIndex {
  private readonly perBlock = new Map<BlockNode, BlockSettings>();
  /** Each name's settings in the order blocks are visited: the root's, then each block's in tree order. */
  private readonly byName = new Map<string, Placed[]>();
  /** First top-level `<domain X>` for each lower-cased X. */
  private readonly topDomains = new Map<string, BlockNode>();
  /** Pools that list each VMTA (by exact name). */
  private poolsOfVmta = new Map<string, BlockNode[]>();
  /** `domain-macro NAME a, b` → the listed items (as written). */
  macros = new Map<string, string[]>();
  /** The file has an `include` line somewhere: settings may come from files we cannot see here. */
  hasInclude = false;
  private readonly memos = new Map<string, Memo>();
  private readonly chains = new Map<BlockNode, BlockNode[]>();
  private lastRead: Placed | undefined;
  private lastArgs: Setting['args'] | undefined;
  /** topChain per lower-cased domain name (until the block tree is rebuilt, which makes a new index, or a block renamed: `retag`). */
  private readonly tails = new Map<string, readonly BlockNode[]>();
  /** For each top-level name topChain looked up (found or not), the domain names it looked it up for. */
  private readonly askers = new Map<string, Set<string>>();
  /** For each block, the `<domain>` blocks whose chain holds it (built on first use). */
  private inheritors: Map<BlockNode, BlockNode[]> | undefined;
  /** Every `<domain>` block by the lower-cased name its chain is looked up under (built on first use). */
  private domainsByName: Map<string, BlockNode[]> | undefined;
  /** topHeirs per top-level block, until a rename (`retag`) or a change of pool membership. */
  private readonly topHeirsOf = new Map<BlockNode, readonly BlockNode[]>();

  /** An empty index; `build` fills it. */
  constructor(
    readonly structure: Structure,
    private read: FactsReader,
    readonly catalog: Catalog,
    private nameOf: NameReader,
    /** False for a file included inside a block: its top-level `<domain>` blocks are that block's, not the configuration's. */
    readonly atTopLevel = true,
  ) {}

  /** Indexes every block, yielding every BUILD_STEP blocks so a first analysis can pause in between. */
  *build(): Generator<void, void> {
    const visit = (block: BlockNode) => {
      const list: Placed[] = [];
      for (const line of block.lines) {
        const name = this.nameOf(line);
        if (name === undefined) continue;
        const p = new PlacedSetting(name, line, block, this);
        list.push(p);
        const same = this.byName.get(name);
        if (same) same.push(p);
        else this.byName.set(name, [p]);
      }
      // slice(): an array grown by push keeps room for ~17 entries; most blocks have two or three.
      if (list.length) this.perBlock.set(block, new LazySettings(list.slice()));
    };
    visit(this.structure.root);
    let k = 0;
    for (const b of this.structure.blocks) {
      visit(b);
      if (b.tag === 'domain') this.addTopDomain(b);
      if (++k % BUILD_STEP === 0) yield;
    }
    yield* this.deriveSteps(undefined);
  }

  /**
   * After the blocks `renamed` took new tag arguments in place (the tree kept its shape): the
   * top-level `<domain>` blocks by name are taken again, the memos that read the names of blocks
   * with those tags go, and so do the chains that may differ. For renamed `<domain>` blocks outside
   * pools those are their own chains and those of the domain names whose top-level part held one
   * of them or looks up a renamed top-level block's new name (a chain holds pool blocks by the
   * name of its virtual MTA, so other renames drop every chain). Blocks a splice put in or took
   * out count as renamed: their names came or went.
   */
  retag(renamed: readonly BlockNode[]): void {
    const tags = new Set(renamed.map((b) => b.tag));
    for (const [key, memo] of this.memos) if (!memo.names || memo.names.some((t) => tags.has(t))) this.memos.delete(key);
    // With no top-level block, topChain asked for no name: nothing tells which tails a new one joins.
    const hadTop = this.topDomains.size > 0;
    this.topDomains.clear();
    for (const b of this.structure.root.children) if (b.tag === 'domain') this.addTopDomain(b);
    this.inheritors = undefined;
    this.topHeirsOf.clear();
    if (renamed.some((b) => b.tag === 'domain')) this.domainsByName = undefined;
    if (!hadTop || !renamed.every((b) => b.tag === 'domain' && b.parent?.tag !== 'virtual-mta-pool')) {
      this.chains.clear();
      this.tails.clear();
      return;
    }
    const stale = new Set<string>();
    for (const b of renamed) {
      this.chains.delete(b);
      if (b.parent !== this.structure.root) continue;
      for (const [name, tail] of this.tails) if (tail.includes(b)) stale.add(name);
      for (const name of this.askers.get((b.arg ?? '').toLowerCase()) ?? []) stale.add(name);
    }
    if (stale.size === 0) return;
    for (const name of stale) this.tails.delete(name);
    for (const b of [...this.chains.keys()]) if (stale.has((b.arg ?? '*').toLowerCase())) this.chains.delete(b);
  }

  private addTopDomain(b: BlockNode): void {
    if (this.atTopLevel && b.parent === this.structure.root && b.arg && !this.topDomains.has(b.arg.toLowerCase())) this.topDomains.set(b.arg.toLowerCase(), b);
  }

  /** The facts of a line as the current analysis has them. */
  factsOf(line: number): LineFacts {
    return this.read(line);
  }

  /**
   * A setting's arguments. Rules read `s.args[0]`, then `s.args[1]`: the arguments of the setting
   * read last are kept (one, not one per setting: that cost memory for every directive line).
   */
  argsOf(setting: Placed): Setting['args'] {
    if (this.lastRead !== setting) {
      this.lastArgs = this.read(setting.line).args ?? [];
      this.lastRead = setting;
    }
    return this.lastArgs!;
  }

  /**
   * Takes in the re-checked lines after an edit that kept the block tree's shape: lines
   * [start, oldEnd) became [start, newEnd), and the lines below moved by `delta`. `before(i)` names
   * the directive of old line i, `nameOf(i)` that of new line i. When the caller has moved the
   * block tree (`shiftStructure`) instead of rebuilding it, it passes the block that holds the
   * changed lines; when it replaced whole blocks (`spliceStructure`), also the blocks that went.
   * Returns the directive names and the blocks whose settings changed.
   */
  update(read: FactsReader, change: LineShift, before: NameReader, nameOf: NameReader, holder?: BlockNode, removed?: ReadonlySet<BlockNode>): IndexChanges {
    this.read = read;
    this.lastRead = undefined;
    this.nameOf = nameOf;
    const { start, oldEnd, newEnd, delta } = change;
    const names = new Set<string>();
    const blocks = new Set<BlockNode>();
    const fresh: PlacedSetting[] = [];
    for (let line = start; line < oldEnd; line++) {
      const old = before(line);
      if (old === undefined) continue;
      names.add(old);
      blocks.add(holder ?? this.structure.blockOfLine[line]);
    }
    for (let line = start; line < newEnd; line++) {
      const now = nameOf(line);
      if (now === undefined) continue;
      names.add(now);
      const block = this.structure.blockOfLine[line];
      blocks.add(block);
      fresh.push(new PlacedSetting(now, line, block, this));
    }
    if (blocks.size === 0 && delta === 0) return { names, blocks };
    // 0. Out with the settings of the blocks that went (all on old lines of the change, so under `names`).
    if (removed?.size) {
      for (const block of removed) this.perBlock.delete(block);
      for (const name of names) {
        const list = this.byName.get(name);
        if (!list) continue;
        let kept = 0;
        for (const p of list) if (!removed.has(p.block)) list[kept++] = p;
        list.length = kept;
      }
    }
    // 1. Out with the old lines' settings, found by their old line numbers (a block's are contiguous).
    for (const block of blocks) {
      const list = this.perBlock.get(block)?.list ?? NO_SETTINGS;
      const lo = firstAtOrAfter(list, start);
      const hi = firstAtOrAfter(list, oldEnd);
      if (hi > lo) this.perBlock.set(block, new LazySettings([...list.slice(0, lo), ...list.slice(hi)]));
    }
    for (const name of names) {
      const list = this.byName.get(name);
      if (!list) continue;
      for (const block of blocks) {
        const order = this.orderOf(block);
        const from = this.positionIn(list, order, start);
        list.splice(from, this.positionIn(list, order, oldEnd) - from);
      }
    }
    // 2. The settings below move with their lines; derived facts may hold line numbers, so they go.
    if (delta !== 0) {
      for (const list of this.byName.values()) for (const p of list) if (p.line >= oldEnd) (p as PlacedSetting).line += delta;
      this.memos.clear();
    }
    // 3. In with the new lines' settings.
    const freshOf = new Map<BlockNode, PlacedSetting[]>();
    for (const p of fresh) {
      const mine = freshOf.get(p.block);
      if (mine) mine.push(p);
      else freshOf.set(p.block, [p]);
    }
    for (const block of blocks) {
      const list = this.perBlock.get(block)?.list ?? NO_SETTINGS;
      const mine = freshOf.get(block) ?? [];
      const at = firstAtOrAfter(list, start);
      const next = mine.length ? [...list.slice(0, at), ...mine, ...list.slice(at)] : list;
      if (next.length === 0) this.perBlock.delete(block);
      else if (next !== list) this.perBlock.set(block, new LazySettings(next as Placed[]));
    }
    for (const p of fresh) {
      let list = this.byName.get(p.name);
      if (!list) this.byName.set(p.name, (list = []));
      list.splice(this.positionIn(list, this.orderOf(p.block), p.line), 0, p);
    }
    for (const name of names) if (this.byName.get(name)?.length === 0) this.byName.delete(name);
    this.derive(names);
    for (const [key, memo] of this.memos) if (memo.reads.some((n) => names.has(n))) this.memos.delete(key);
    return { names, blocks };
  }

  /**
   * Where a block comes in the visiting order that orders the lists of `byName`: the root first,
   * then the blocks as they open in the file (the order of `structure.blocks`).
   */
  private orderOf(block: BlockNode): number {
    return block === this.structure.root ? -1 : block.openLine;
  }

  /** The first entry of a list of `byName` at or after this block (by visiting order) and line. */
  private positionIn(list: readonly Placed[], order: number, line: number): number {
    return lowerBound(list.length, (i) => {
      const o = this.orderOf(list[i].block);
      return o < order || (o === order && list[i].line < line);
    });
  }

  /** Pool membership, macros and includes: recomputed when one of their directives changed. */
  private derive(changed: ReadonlySet<string> | undefined): void {
    drain(this.deriveSteps(changed));
  }

  /** derive() in steps of DERIVE_STEP settings: each reads its arguments (a first analysis of 100k lines spent up to 50 ms at once). */
  private *deriveSteps(changed: ReadonlySet<string> | undefined): Generator<void, void> {
    let k = 0;
    if (!changed || changed.has('virtual-mta')) {
      this.poolsOfVmta = new Map();
      for (const s of this.all('virtual-mta')) {
        if (++k % DERIVE_STEP === 0) yield;
        if (s.block.tag !== 'virtual-mta-pool' || !s.args[0]) continue;
        const pools = this.poolsOfVmta.get(s.args[0].text);
        if (pools) pools.push(s.block);
        else this.poolsOfVmta.set(s.args[0].text, [s.block]);
      }
      this.chains.clear();
      this.inheritors = undefined;
      this.topHeirsOf.clear();
    }
    if (!changed || changed.has('domain-macro')) {
      this.macros = new Map();
      for (const s of this.all('domain-macro')) {
        if (++k % DERIVE_STEP === 0) yield;
        if (!s.args[0]) continue;
        const items = s.args.slice(1).flatMap((a) => a.text.split(',')).map((t) => t.trim()).filter(Boolean);
        this.macros.set(s.args[0].text, items);
      }
    }
    if (!changed || changed.has('include')) this.hasInclude = this.all('include').length > 0;
  }

  /**
   * A derived fact computed once and shared by the rules that need it, kept across edits until a
   * line of one of the directives it `reads` changes (it may also read the block tree), or a block
   * is renamed whose tag is one of `names` (the blocks whose names it reads; undefined: any).
   */
  memo<T>(key: string, reads: readonly string[], make: () => T, names?: readonly string[]): T {
    const known = this.memos.get(key);
    if (known) return known.value as T;
    const value = make();
    this.memos.set(key, { reads, names, value });
    return value;
  }

  /**
   * `memo` for a fact computed in steps (a generator that yields between them, so the analyzer can
   * pause a large file's work): done at once when the value is already known.
   */
  *memoSteps<T>(key: string, reads: readonly string[], make: () => Generator<void, T>, names?: readonly string[]): Generator<void, T> {
    const known = this.memos.get(key);
    if (known) return known.value as T;
    const value = yield* make();
    this.memos.set(key, { reads, names, value });
    return value;
  }

  settings(block: BlockNode): BlockSettings {
    return this.perBlock.get(block) ?? EMPTY;
  }

  /**
   * Every line of a directive, anywhere in the file: the top level's first, then block by block in
   * document order (a block's own lines before those of the blocks nested in it).
   */
  all(name: string): readonly Placed[] {
    return this.byName.get(name) ?? NO_SETTINGS;
  }

  /** Blocks with this tag, in document order. */
  blocks(tag: string): readonly BlockNode[] {
    return this.structure.byTag.get(tag) ?? NO_BLOCKS;
  }

  /** The top-level `<domain X>` block, if any (first one when repeated). */
  topDomain(name: string): BlockNode | undefined {
    return this.topDomains.get(name.toLowerCase());
  }

  /** The first top-level `<domain>` block of each name (none for a file read inside a block). */
  topDomainBlocks(): IterableIterator<[string, BlockNode]> {
    return this.topDomains.entries();
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

  /** The `<domain>` blocks whose chain holds `block` (itself included when it is one). */
  inheritorsOf(block: BlockNode): readonly BlockNode[] {
    // Chains link `<domain>` blocks only, and other blocks' chains only top-level ones and those
    // of pools: any other `<domain>` (say, in a virtual MTA) is in its own chain alone. This spares
    // building the map of every chain after a rename.
    if (block.tag !== 'domain') return NO_BLOCKS;
    if (block.parent === this.structure.root) return this.topHeirs(block);
    if (block.parent?.tag !== 'virtual-mta-pool') return [block];
    if (!this.inheritors) {
      this.inheritors = new Map();
      for (const b of this.blocks('domain')) {
        for (const link of this.domainChain(b)) {
          const list = this.inheritors.get(link);
          if (list) list.push(b);
          else this.inheritors.set(link, [b]);
        }
      }
    }
    return this.inheritors.get(block) ?? NO_BLOCKS;
  }

  /**
   * The heirs of a top-level `<domain>`: the blocks whose names look it up (`askers`) and whose
   * top-level part holds it, found by name instead of through the map of every chain. A top-level
   * block that is not the first of its name is in its own chain only.
   */
  private topHeirs(block: BlockNode): readonly BlockNode[] {
    let heirs = this.topHeirsOf.get(block);
    if (!heirs) {
      heirs = this.findTopHeirs(block);
      this.topHeirsOf.set(block, heirs);
    }
    return heirs;
  }

  private findTopHeirs(block: BlockNode): readonly BlockNode[] {
    const key = (block.arg ?? '').toLowerCase();
    if (!block.arg || this.topDomains.get(key) !== block) return [block];
    if (!this.domainsByName) {
      this.domainsByName = new Map();
      for (const b of this.blocks('domain')) {
        const name = (b.arg ?? '*').toLowerCase();
        const list = this.domainsByName.get(name);
        if (list) list.push(b);
        else this.domainsByName.set(name, [b]);
      }
    }
    // Every name takes its top-level part (noting the names it asks for), also the names of blocks
    // whose chain no rule has needed yet.
    for (const name of this.domainsByName.keys()) this.topChain(name);
    const heirs = new Set<BlockNode>([block]);
    for (const name of this.askers.get(key) ?? []) {
      if (!this.topChain(name).includes(block)) continue;
      for (const b of this.domainsByName.get(name) ?? []) heirs.add(b);
    }
    return [...heirs];
  }

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
    for (const b of this.topChain(name)) if (!chain.includes(b)) chain.push(b);
    return chain;
  }

  /**
   * The top-level blocks a domain name takes settings from, most specific first: the same name,
   * its wildcard parents (`[*.]x`, `*.x`) and `*`. Kept per name: a large file repeats the same
   * few domains in every virtual MTA.
   */
  private topChain(name: string): readonly BlockNode[] {
    let tail = this.tails.get(name);
    if (tail) return tail;
    const found: BlockNode[] = [];
    if (this.topDomains.size > 0) {
      for (const key of domainChainKeys(name)) {
        const asking = this.askers.get(key);
        if (asking) asking.add(name);
        else this.askers.set(key, new Set([name]));
        const b = this.topDomains.get(key);
        if (b && !found.includes(b)) found.push(b);
      }
    }
    tail = found;
    this.tails.set(name, tail);
    return tail;
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
    return this.catalog.directive(name, scope)?.default;
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
   * will replace this guess with the merged configuration. Rules that ask declare
   * MAIN_CONFIG_READS among their `reads`.
   */
  get looksLikeMainConfig(): boolean {
    return this.memo('looks-like-main-config', MAIN_CONFIG_READS, () => {
      if (this.hasInclude) return false;
      const top = this.settings(this.structure.root).last;
      const found = new Set(MAIN_MARKERS.filter((m) => top.has(m)));
      for (const b of this.structure.root.children) if (MAIN_BLOCKS.includes(b.tag)) found.add(b.tag);
      return found.size >= 2;
    });
  }
}

function firstAtOrAfter(list: readonly Placed[], line: number): number {
  return lowerBound(list.length, (i) => list[i].line < line);
}

/** The shared index for this analysis (the analyzer's, kept up to date across edits). */
export function configIndex(ctx: RuleContext): ConfigIndex {
  return ctx.index;
}

/**
 * The names of the top-level `<domain>` blocks a domain name takes settings from, most specific
 * first: the name itself, its wildcard forms (`[*.]x`), its parents' (`*.y`, `[*.]y`) and `*`.
 */
export function domainChainKeys(name: string): string[] {
  const keys: string[] = [];
  const add = (key: string) => {
    if (!keys.includes(key)) keys.push(key);
  };
  if (name !== '*') {
    add(name);
    const bare = name.replace(/^\[\*\.\]|^\*\./, '');
    add(`[*.]${bare}`);
    const labels = bare.split('.');
    for (let i = 1; i < labels.length; i++) {
      const parentName = labels.slice(i).join('.');
      if (!parentName) continue;
      add(`*.${parentName}`);
      add(`[*.]${parentName}`);
    }
  }
  add('*');
  return keys;
}

/**
 * What the rules that judge a whole configuration read in the other files of a configuration set:
 * the analyzer checks a file's findings again when any of these changes in another file. A rule
 * that reads another directive of the other files (through `wholeConfiguration`) must add it here.
 */
export const WHOLE_CONFIGURATION_READS: readonly string[] = [
  'domain-key',
  'domain-macro',
  'dkim-sign',
  'second-dkim-sign',
  'reenable-source-ip-after',
  'cold-virtual-mta',
  'records',
  'run-as-root',
  'http-access',
  'http-redirect-to-https',
  'smtp-listener',
  'dummy-smtp-port',
  'dummy-smtp-ip',
  'smtp-max-auth-failure-rate',
  'always-allow-relaying',
  'require-auth',
  'reply',
  'backoff-to-normal-after',
  'backoff-to-normal-after-delivery',
  'smtp-source-host',
  'smtp-proxy-source-host',
  'use-proxy',
  'type',
  'smtp-hosts',
  'route',
  'queue-to',
  'relay-domain',
  'relay-address',
  // The blocks files are included in (their names judge the included lines: blocksReadInto), and
  // what binds a named source to a listener (its reach).
  'include',
  'source',
];
/**
 * The settings rules look up through the `<domain>` chain across the files of a configuration
 * (`inherited`, inheritance.ts): the analyzer checks a file's findings again when one of them
 * changes in another file's top-level `<domain>` blocks. `inherited` refuses any other name.
 */
export const INHERITED_ACROSS_FILES: ReadonlySet<string> = new Set([
  'backoff-to-normal-after',
  'backoff-to-normal-after-delivery',
  'require-starttls',
  'use-starttls',
  'retry-after',
  'backoff-retry-after',
  'bounce-after',
  'max-msg-rate',
  'backoff-max-msg-rate',
  'max-smtp-out',
  'backoff-max-smtp-out',
]);

/** The blocks (their tags and names) those rules look for in the other files. */
export const WHOLE_CONFIGURATION_BLOCKS: readonly string[] = ['acct-file', 'smtp-listener'];

/**
 * The files whose top-level (process-wide) settings count for this one, in load order: every file
 * of a set that holds all the files it includes at the top level, except those included inside a block; this file
 * alone when it is checked alone or a file of the set could not be read. For rules that read a
 * process-wide setting a split configuration may keep in another file (`run-as-root`,
 * `smtp-listener`…) and still judge a fragment checked alone by what it has. What they read
 * in the other files is listed in WHOLE_CONFIGURATION_READS.
 */
export function topLevelFiles(ctx: RuleContext): readonly RuleContext[] {
  const c = ctx.configuration;
  return c && c.topLevelComplete ? c.files().filter((f) => f.doc.enclosingTags.length === 0) : [ctx];
}

const NO_ORDER: readonly number[] = [];

/**
 * How two lines, each of its file, come in the configuration's load order: negative when `a`'s
 * comes first. A line's place is its file's load-order key (SetFile.order) followed by the line,
 * compared as compareOrder compares keys, without making the keys.
 */
export function compareLoad(a: RuleContext, aLine: number, b: RuleContext, bLine: number): number {
  const ao = a.configuration?.order ?? NO_ORDER;
  const bo = b.configuration?.order ?? NO_ORDER;
  const n = Math.min(ao.length, bo.length);
  for (let i = 0; i < n; i++) if (ao[i] !== bo[i]) return ao[i] - bo[i];
  // One key is a prefix of the other: the shorter one's line stands where the longer one goes on.
  const x = ao.length > n ? ao[n] : aLine;
  const y = bo.length > n ? bo[n] : bLine;
  if (x !== y) return x - y;
  return ao.length - bo.length;
}

/** Which of two lines, each of its file, comes first in the configuration's load order. */
export function loadsBefore(a: RuleContext, aLine: number, b: RuleContext, bLine: number): boolean {
  return compareLoad(a, aLine, b, bLine) < 0;
}

/** The last top-level setting of `name` in load order across `files`, with its file. */
export function lastTopLevel(files: readonly RuleContext[], name: string): { file: RuleContext; setting: Placed } | undefined {
  let last: { file: RuleContext; setting: Placed } | undefined;
  for (const file of files) {
    const s = configIndex(file).settings(file.structure.root).last.get(name);
    if (s && (!last || loadsBefore(last.file, last.setting.line, file, s.line))) last = { file, setting: s };
  }
  return last;
}

/**
 * The files a rule that needs a whole configuration (a setting missing everywhere, a name that
 * must be defined somewhere) judges this one with; undefined when it must not judge it.
 * - A file analysed alone: itself, when it looks like a main configuration (`looksLikeMainConfig`).
 * - A file of a configuration set: every file of the set, when the set holds every file it
 *   includes and sets at least two process-wide settings (in any of its files). Each file is then
 *   judged on its own lines with what all of them set, so a `dkim-sign yes` in an included file is
 *   found missing its key as it would be in one file.
 * `needs`: 'top level' for a rule that only looks for process-wide settings, which a file included
 * inside a block cannot hold (such a file may be missing).
 * What such a rule reads in the other files is listed in WHOLE_CONFIGURATION_READS.
 */
export function wholeConfiguration(ctx: RuleContext, needs: 'every file' | 'top level' = 'every file'): readonly RuleContext[] | undefined {
  const c = ctx.configuration;
  if (!c) return configIndex(ctx).looksLikeMainConfig ? [ctx] : undefined;
  if (!(needs === 'top level' ? c.topLevelComplete : c.complete)) return undefined;
  const markers = new Set([...MAIN_MARKERS, ...MAIN_BLOCKS].filter((m) => c.topLevel.has(m)));
  return markers.size >= 2 ? c.files() : undefined;
}
