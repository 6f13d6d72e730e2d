import data from './directives.json';
import { closest, distance } from 'fastest-levenshtein';
import type { BlockEntry, CatalogData, DirectiveEntry, KeywordEntry, ValueSpec } from './types';

export * from './types';

/** The scope of lines outside any block. */
export const GLOBAL = 'global';

/**
 * Read-only view of the catalogue with the look-ups the analysis and editor features need.
 * Directive names are matched case-insensitively (PowerMTA's own handling of case is undocumented;
 * mixed case is reported separately as a style hint).
 */
export class Catalog {
  readonly directives: readonly DirectiveEntry[];
  readonly blocks: readonly BlockEntry[];
  readonly keywords: readonly KeywordEntry[];
  private readonly byName = new Map<string, DirectiveEntry[]>();
  private readonly blockByName = new Map<string, BlockEntry>();
  private readonly byScope = new Map<string, DirectiveEntry[]>();
  private readonly blocksByScope = new Map<string, BlockEntry[]>();
  private readonly regexArgs = new Map<string, number>();
  private readonly suggestions = new Map<string, string | undefined>();
  private allNames: string[] | undefined;
  private blockNames: string[] | undefined;

  constructor(readonly data: CatalogData) {
    this.directives = data.directives;
    this.blocks = data.blocks;
    this.keywords = data.keywords;
    for (const d of data.directives) {
      push(this.byName, d.name.toLowerCase(), d);
      for (const s of d.scopes) push(this.byScope, s, d);
      const at = regexArgIndex(d.value);
      if (at >= 0) this.regexArgs.set(d.name.toLowerCase(), at);
    }
    for (const b of data.blocks) {
      this.blockByName.set(b.name.toLowerCase(), b);
      for (const s of b.scopes) push(this.blocksByScope, s, b);
    }
  }

  /** Top-level directives and blocks only a main configuration file sets (`mainOnly`), in catalogue order. */
  get mainMarkers(): { directives: readonly string[]; blocks: readonly string[] } {
    return {
      directives: this.directives.filter((d) => d.mainOnly && d.scopes.includes(GLOBAL)).map((d) => d.name),
      blocks: this.blocks.filter((b) => b.mainOnly && b.scopes.includes(GLOBAL)).map((b) => b.name),
    };
  }

  /** Every catalogue row with this directive name, whatever its scope. */
  directiveRows(name: string): readonly DirectiveEntry[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  /** The row for `name` that applies inside block `scope` (or the first row when none applies). */
  directive(name: string, scope: string = GLOBAL): DirectiveEntry | undefined {
    const rows = this.byName.get(name.toLowerCase());
    if (!rows) return undefined;
    return rows.find((r) => r.scopes.includes(scope)) ?? rows[0];
  }

  /** Whether `name` may appear directly inside `scope`. */
  allows(scope: string, name: string): boolean {
    const rows = this.byName.get(name.toLowerCase());
    return !!rows && rows.some((r) => r.scopes.includes(scope));
  }

  block(name: string): BlockEntry | undefined {
    return this.blockByName.get(name.toLowerCase());
  }

  /** Directives allowed directly inside `scope`. */
  directivesIn(scope: string): readonly DirectiveEntry[] {
    return this.byScope.get(scope) ?? [];
  }

  /** Blocks that may open directly inside `scope`. */
  blocksIn(scope: string): readonly BlockEntry[] {
    return this.blocksByScope.get(scope) ?? [];
  }

  /** Index of the argument that is a `/regex/` for this directive, or -1. Used by the scanner. */
  regexArgIndex(name: string): number {
    return this.regexArgs.get(name.toLowerCase()) ?? -1;
  }

  keyword(name: string): KeywordEntry | undefined {
    return this.keywords.find((k) => k.name === name || k.name.split('|').includes(name));
  }

  /**
   * The closest known directive name, preferring names allowed in `scope`. Returns undefined when
   * nothing is close enough to be a plausible typo.
   */
  suggestDirective(name: string, scope?: string): string | undefined {
    const lower = name.toLowerCase();
    // Per name and scope: a broken file repeats the same unknown name thousands of times.
    return this.remembered((scope ?? '') + '\u0000' + lower, () => {
      const pool = scope ? this.directivesIn(scope).map((d) => d.name) : [];
      this.allNames ??= [...this.byName.keys()];
      for (const candidates of [pool, this.allNames]) {
        if (candidates.length === 0) continue;
        const best = closest(lower, candidates);
        if (best && plausible(lower, best)) return best;
      }
      return undefined;
    });
  }

  suggestBlock(name: string): string | undefined {
    const lower = name.toLowerCase();
    // Under a key no directive scope makes: Replace All of `domain` puts thousands of `<domainx>`
    // tags in a large file at once.
    return this.remembered('<\u0000' + lower, () => {
      this.blockNames ??= [...this.blockByName.keys()];
      const best = closest(lower, this.blockNames);
      return best && plausible(lower, best) ? best : undefined;
    });
  }

  /** A suggestion looked up once per key (the map starts afresh past 10,000 keys). */
  private remembered(key: string, find: () => string | undefined): string | undefined {
    if (this.suggestions.has(key)) return this.suggestions.get(key);
    const found = find();
    if (this.suggestions.size >= 10_000) this.suggestions.clear();
    this.suggestions.set(key, found);
    return found;
  }
}

/**
 * Whether `candidate` is a likely meaning of `typed`: a few edits away, but not by rewriting the
 * whole word (`x` is not `ip`), or one of the two begins the other and is no mere letter or two
 * (`m` is not every `max-…`).
 */
function plausible(typed: string, candidate: string): boolean {
  const d = distance(typed, candidate);
  const limit = Math.max(2, Math.floor(Math.max(typed.length, candidate.length) / 3));
  if (d <= limit && d < Math.min(typed.length, candidate.length)) return true;
  return Math.min(typed.length, candidate.length) >= 3 && (candidate.startsWith(typed) || typed.startsWith(candidate));
}

function regexArgIndex(spec: ValueSpec | undefined): number {
  if (!spec) return -1;
  if (spec.type === 'regex') return 0;
  if (spec.type === 'composite' && spec.args && !spec.separator) return spec.args.findIndex((a) => a.type === 'regex');
  return -1;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let shared: Catalog | undefined;
/** The built-in catalogue, loaded once. */
export function getCatalog(): Catalog {
  shared ??= new Catalog(data as CatalogData);
  return shared;
}
