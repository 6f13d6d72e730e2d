import type { Catalog } from '../../catalog/catalog';
import type { DirectiveEntry } from '../../catalog/types';
import type { BlockNode, Structure } from '../../syntax/blocks';
import type { PmtaDocument } from '../../syntax/document';
import type { LineFacts } from '../lineFacts';
import type { SymbolIndex } from '../symbols';
import type { Arg, Finding } from '../types';
import type { ConfigIndex } from './configIndex';

/** What a whole-document rule sees: the model, the block tree, the symbols and each line's facts. */
export interface RuleContext {
  readonly doc: PmtaDocument;
  readonly catalog: Catalog;
  readonly structure: Structure;
  /** Symbols of this file, or of the whole configuration set (then defs and refs carry `uri`). */
  readonly symbols: SymbolIndex;
  /** This file's identifier in a configuration set; undefined for a file analysed alone. */
  readonly uri?: string;
  /**
   * For a file analysed as part of a configuration set: whether it is the main file, and the
   * top-level directives and blocks set anywhere in the set (for checks of required settings).
   */
  readonly configuration?: ConfigurationView;
  /** The analyzer's settings index for this document (see `configIndex()`). */
  readonly index: ConfigIndex;
  facts(line: number): LineFacts;
  /** The directive of a line without making its LineFacts (cheap for whole-file passes). */
  entry(line: number): DirectiveEntry | undefined;
}

/** What a file analysed as part of a configuration set sees of the whole configuration. */
export interface ConfigurationView {
  /** Whether this file is the set's main file (the one nothing includes). */
  readonly root: boolean;
  /** The top-level directives and blocks set anywhere in the set. */
  readonly topLevel: ReadonlySet<string>;
  /**
   * Whether the set holds every file its `include` lines name: none was missing, remote,
   * unreadable or left out at a limit. Rules that miss a setting in the whole configuration only
   * judge a complete one (the setting could sit in the file that was not read).
   */
  readonly complete: boolean;
  /**
   * Whether every file included at the top level was read (one included inside a block, which
   * cannot hold a process-wide setting such as `log-file`, may be missing). Rules that miss a
   * process-wide setting judge a configuration complete at its top level.
   */
  readonly topLevelComplete: boolean;
  /** The rule context of every file of the set, in load order (this one among them). */
  files(): readonly RuleContext[];
  /** This file's load-order key: the include-line numbers leading to it (see SetFile.order). */
  readonly order: readonly number[];
  /**
   * The files of the set that this file's `include` line at `line` names, in load order: also one
   * an earlier line read first (the set holds one copy of each file; PowerMTA reads it again here).
   */
  included(line: number): readonly RuleContext[];
}

/** What perAnalysis keeps, by the set's list of files (made anew for each analysis of the set). */
const PER_ANALYSIS = new WeakMap<readonly RuleContext[], Map<string, unknown>>();

/**
 * A value derived from several files of a configuration, made once per analysis of the set under
 * `key` and shared by every file's rules (an edit makes a new analysis, so it is never stale).
 */
export function perAnalysis<T>(c: ConfigurationView, key: string, make: () => T): T {
  const files = c.files();
  let values = PER_ANALYSIS.get(files);
  if (!values) PER_ANALYSIS.set(files, (values = new Map()));
  if (!values.has(key)) values.set(key, make());
  return values.get(key) as T;
}

/**
 * What a rule reads besides the catalogue. The analyzer reuses a rule's findings from the previous
 * version when none of its declared inputs changed:
 * - `structure`: the block tree and the tag lines it comes from (open/close lines, nested opens);
 * - `symbols`: the definitions and references (the symbol index), at unchanged line numbers.
 * A rule without `inputs` (or `reads`) runs on every analysis (always correct; declare inputs only
 * when the rule reads nothing else, e.g. no `ctx.facts` and no other line than tag lines).
 */
export type RuleInput = 'structure' | 'symbols';

/**
 * Rules that look at settings declare which: `reads` lists the directives whose lines (facts,
 * arguments, text) the rule may read, anywhere in the file, besides the block tree and the
 * catalogue. After an edit that keeps the block tree and the line count, the analyzer reuses the
 * rule's findings when no changed line held (before or after) one of these directives. Reading
 * any other line (or the symbols) rules `reads` out; `MAIN_CONFIG_READS` covers
 * `ConfigIndex.looksLikeMainConfig`.
 */
export interface SettingReads {
  reads?: readonly string[];
}

/**
 * The tag whose settings a block's lines are: its own, or for the top level of a file included
 * inside a block, the innermost block around the include (a reply file included inside an
 * `<smtp-pattern-list>` holds that list's rules).
 */
export function scopeOf(ctx: RuleContext, block: BlockNode): string {
  const enclosing = ctx.doc.enclosingTags;
  return block === ctx.structure.root && enclosing.length > 0 ? enclosing[enclosing.length - 1] : block.tag;
}

/** Whether a block stands at the top level of the configuration: in its file's top level, a file not included inside blocks. */
export function atTopLevel(ctx: RuleContext, block: BlockNode): boolean {
  return block.parent === ctx.structure.root && ctx.doc.enclosingTags.length === 0;
}

/** True when a symbol (def or ref) belongs to the file being checked. */
export function inThisFile(ctx: RuleContext, s: { uri?: string }): boolean {
  return s.uri === ctx.uri;
}

/** "line 12" in this file, "conf.d/domains.conf:12" in another. */
export function where(ctx: RuleContext, s: { uri?: string; line: number }): string {
  if (s.uri === ctx.uri) return `line ${s.line + 1}`;
  const name = (s.uri ?? '').replace(/^file:\/\//, '').split('/').slice(-2).join('/');
  return `${decodeURIComponent(name)}:${s.line + 1}`;
}

/** Load order of two symbols: by include chain when known, else by line. */
export function comesBefore(a: { order?: readonly number[]; line: number }, b: { order?: readonly number[]; line: number }): boolean {
  if (a.order && b.order) {
    const n = Math.min(a.order.length, b.order.length);
    for (let i = 0; i < n; i++) if (a.order[i] !== b.order[i]) return a.order[i] < b.order[i];
    return a.order.length < b.order.length;
  }
  return a.line < b.line;
}

/**
 * A rule over the whole document (cross-line checks); per-line checks live in lineFacts.ts.
 * `names`: the tags of the blocks whose names (tag arguments and tag lines) it reads. After a
 * block is renamed, the findings of a rule that declares its inputs are reused when the renamed
 * block's tag is not among these. Undefined: it may read any block's name (runs after any rename).
 */
export type DocumentRule = ((ctx: RuleContext) => Finding[]) & SettingReads & { inputs?: readonly RuleInput[]; names?: readonly string[]; readonly perBlock?: undefined };

/** How a block rule is run (see `blockRule`). */
export interface BlockRuleOptions extends SettingReads {
  /** The tags of the blocks it checks (default: the root and every block). */
  readonly tags?: readonly string[];
  /**
   * The findings of a `<domain>` block also depend on the settings of the blocks of its
   * inheritance chain (`ConfigIndex.domainChain`): after an edit in one block, the rule runs again
   * for every block whose chain holds it. (Pool membership, which shapes chains, counts as read.)
   */
  readonly inherits?: boolean;
  /**
   * The tags of the blocks whose names (tag arguments) it reads besides the names of the block it
   * checks, of the blocks directly inside it, of the blocks it sits in and of its chain: e.g.
   * `smtp-pattern-list` for a rule that looks a list up by name. After a block with one of these
   * tags is renamed, the analyzer checks every block again; after another rename, only the renamed
   * blocks, their parents, the blocks inside them and their heirs. Undefined: it may read any
   * block's name (every block after any rename).
   */
  readonly names?: readonly string[];
}

/**
 * A rule over one block at a time: it reads the block's own lines (`block.lines`, their facts and
 * infos; the root block is the top level), the block tree, the blocks of its chain when it
 * `inherits`, and the directives it `reads` anywhere. After an edit that leaves the block tree as
 * it was, the analyzer runs it again only for the blocks that hold a changed line (and those that
 * inherit from them), or for every block when a directive it `reads` changed.
 */
export type BlockRule = ((ctx: RuleContext, block: BlockNode) => Finding[]) & BlockRuleOptions & { readonly perBlock: true };

/** Marks a per-block check as a block rule (see BlockRule). */
export function blockRule(check: (ctx: RuleContext, block: BlockNode) => Finding[], options: BlockRuleOptions = {}): BlockRule {
  return Object.assign(check, options, { perBlock: true as const });
}

/** Any rule, in the order the analyzer runs them (and reports their findings). */
export type Rule = DocumentRule | BlockRule;

/** One directive line inside a block, with its catalogue row and arguments. */
export interface Setting {
  name: string;
  line: number;
  args: Arg[];
  facts: LineFacts;
}

/** The known directives set directly in `block`, in order. */
export function settingsOf(ctx: RuleContext, block: BlockNode): Setting[] {
  const out: Setting[] = [];
  for (const line of block.lines) {
    const facts = ctx.facts(line);
    if (facts.entry) out.push({ name: facts.entry.name, line, args: facts.args ?? [], facts });
  }
  return out;
}

/** The last value of a directive in a block (PowerMTA's behaviour on repeats is undocumented). */
export function lastSetting(settings: readonly Setting[], name: string): Setting | undefined {
  for (let i = settings.length - 1; i >= 0; i--) if (settings[i].name === name) return settings[i];
  return undefined;
}

export function isTrue(setting: Setting | undefined): boolean {
  const v = setting?.args[0]?.text.toLowerCase();
  return v === 'yes' || v === 'true';
}

/** `no` or `false` (a setting absent is neither true nor false). */
export function isFalse(setting: Setting | undefined): boolean {
  const v = setting?.args[0]?.text.toLowerCase();
  return v === 'no' || v === 'false';
}

/** Span of a setting's first argument, or of its name when it has none. */
export function valueSpan(ctx: RuleContext, s: Setting): { line: number; start: number; end: number } {
  const a = s.args[0];
  if (a) return { line: a.line, start: a.start, end: a.line === a.endLine ? a.end : ctx.doc.line(a.line).length };
  const info = ctx.doc.info(s.line);
  return { line: s.line, start: info.name!.start, end: info.name!.end };
}

export function wholeLine(ctx: RuleContext, line: number): { line: number; start: number; end: number } {
  const info = ctx.doc.info(line);
  return { line, start: info.indent, end: info.contentEnd };
}
