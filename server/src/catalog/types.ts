/**
 * Shapes of the PowerMTA catalogue. The catalogue itself is data (directives.json),
 * generated from the reference table plus our overrides by scripts/import-catalog.mjs.
 */

/** The closed set of value types a directive argument can have. */
export type ValueType =
  | 'bool'
  | 'int'
  | 'duration'
  | 'duration-or-never'
  | 'duration-list'
  | 'rate'
  | 'size'
  | 'data-rate'
  | 'ip'
  | 'cidr'
  | 'listener'
  | 'hostname'
  | 'domain-pattern'
  | 'email'
  | 'path'
  | 'path-or-pipe'
  | 'url'
  | 'regex'
  | 'quoted-string'
  | 'string'
  | 'enum'
  | 'name-ref'
  | 'list'
  | 'composite';

/** Block kinds that define names other lines can refer to. */
export type SymbolKind =
  | 'virtual-mta'
  | 'virtual-mta-pool'
  | 'smtp-pattern-list'
  | 'pattern-list'
  | 'source'
  | 'source-group'
  | 'rewrite-list'
  | 'proxy'
  | 'address-list'
  | 'domain-key-list'
  | 'smtp-user'
  | 'macro';

/** One argument (or the single value) of a directive. */
export interface ValueSpec {
  type: ValueType;
  /** Human name used in messages and completion, e.g. HOST-NAME. */
  label?: string;
  /** Allowed keywords for `enum`; extra literal keywords accepted besides the type otherwise (e.g. `unlimited`). */
  keywords?: string[];
  /** Inclusive numeric range for `int` (numbers) or `duration` (seconds). */
  min?: number;
  max?: number;
  /** Block kinds a `name-ref` may point at. */
  refs?: SymbolKind[];
  /** Item spec of a `list` (comma separated). */
  item?: ValueSpec;
  /** For `composite`: the arguments, whitespace separated unless `separator` says otherwise. */
  args?: ArgSpec[];
  /** For `composite`: split the (comma-joined) value on this character instead of whitespace. */
  separator?: ',';
  /** `""` clears an inherited value. */
  clearable?: boolean;
  /** Other shapes accepted in place of this one (e.g. a `/regex/` instead of an address). */
  alternatives?: ValueSpec[];
  /** For `rate`: the time units allowed (default: every unit). */
  units?: string[];
  /** Prefix form `key=` of an optional keyword argument (e.g. `source=` on smtp-listener). */
  prefix?: string;
}

export interface ArgSpec extends ValueSpec {
  optional?: boolean;
  /** The argument may repeat until the end of the line (always the last one). */
  rest?: boolean;
}

export type Provenance = 'guide' | 'legacy' | 'guide-dialect';

export interface DirectiveEntry {
  kind: 'directive';
  name: string;
  /** Blocks the directive may appear in; `global` is the top level. */
  scopes: string[];
  value?: ValueSpec;
  default?: string;
  repeatable: boolean;
  deprecated?: 'deprecated' | 'invalid';
  replacement?: string;
  since?: string;
  provenance: Provenance;
  /** The documented way to write the same thing (guide-dialect names). */
  equivalent?: string;
  /** Seen in configurations of these older versions but absent from the 5.0 guide. */
  legacy?: string;
  /** `$macro` domain lists may be used in the value (LANGUAGE.md §9). */
  macros?: boolean;
  /**
   * A process-wide setting only a main configuration file makes (listeners, spool, the HTTP
   * console, the log…): a file with two of these and no `include` is taken for a main file.
   */
  mainOnly?: boolean;
  section?: string;
  reload?: 'restart';
  syntax?: string;
  example?: string;
  notes?: string;
  doc: string;
}

export interface BlockEntry {
  kind: 'block';
  name: string;
  scopes: string[];
  /** Argument of the open tag; absent when the tag takes none. */
  arg?: ValueSpec & { optional?: boolean };
  /** This block defines a name other lines refer to. */
  defines?: SymbolKind;
  repeatable: boolean;
  since?: string;
  provenance: Provenance;
  equivalent?: string;
  legacy?: string;
  /** `$macro` domain lists may be used in the argument. */
  macros?: boolean;
  /** As DirectiveEntry.mainOnly: a block only a main configuration file opens. */
  mainOnly?: boolean;
  deprecated?: 'deprecated' | 'invalid';
  replacement?: string;
  section?: string;
  syntax?: string;
  example?: string;
  notes?: string;
  doc: string;
}

export interface KeywordEntry {
  kind: 'keyword';
  name: string;
  /** Where the keyword is used: `block:directive` pairs, or a short description. */
  usedIn: string[];
  provenance: Provenance;
  section?: string;
  doc: string;
}

export type CatalogEntry = DirectiveEntry | BlockEntry | KeywordEntry;

export interface CatalogData {
  version: string;
  directives: DirectiveEntry[];
  blocks: BlockEntry[];
  keywords: KeywordEntry[];
}
