import { type Catalog, GLOBAL, getCatalog } from '../catalog/catalog';
import { lowerBound, replaceRange } from '../arrays';
import { type BlockNode, type LineShift, type Structure, balancedTags, blockAfter, blocksOpenedIn, blocksOpenedOn, closesAround, growToWholeBlocks, retagBlocks, sameNesting, shiftStructure, spliceStructure, structureSteps } from '../syntax/blocks';
import type { ChangedRange, Frame, PmtaDocument } from '../syntax/document';
import { type LineInfo, LineKind } from '../syntax/scanner';
import type { ConfigSet } from './includes/configSet';
import { acrossFiles } from './includes/acrossFiles';
import type { DirectiveEntry } from '../catalog/types';
import { CompactFacts, EMPTY_FACTS, type LineFacts, factsAt, lineFacts } from './lineFacts';
import { moveFindings } from './moveFindings';
import { MAX_BLOCKS_IN_PLACE, mentionsSuppression, opensIn, renamedTagLines, structureTouched, touchesTags } from './editShape';
import { type Stored, cloneStored, namesItsLine, shiftFacts } from './storedFacts';
import { RULES, prepareRules } from './rules';
import { runRule } from './ruleFailure';
import { ConfigIndex, INHERITED_ACROSS_FILES, WHOLE_CONFIGURATION_BLOCKS, WHOLE_CONFIGURATION_READS } from './rules/configIndex';
import type { BlockRule, ConfigurationView, DocumentRule, Rule, RuleContext } from './rules/context';
import { type Suppressions, collectSuppressions, isSuppressed, moveSuppressions } from './suppression';
import { drain, drainInSlices } from '../steps';
import { SymbolIndex } from './symbols';
import type { Finding, SymbolDef, SymbolRef } from './types';

export interface Analysis {
  readonly doc: PmtaDocument;
  readonly revision: number;
  /** The file's URI (or path) when it was analysed as part of a configuration set. */
  readonly uri?: string;
  readonly structure: Structure;
  /** Symbols of this file, or of the whole configuration set it belongs to (defs and refs carry `uri`). */
  readonly symbols: SymbolIndex;
  /** Findings after inline suppressions, in document order. */
  readonly findings: Finding[];
  /** Settings by block and by directive name (the index the rules share). */
  readonly settings: ConfigIndex;
  facts(line: number): LineFacts;
  /** The directive of a line, read without making its LineFacts (cheap for whole-file passes). */
  entry(line: number): DirectiveEntry | undefined;
  /** The analysis of another file of the same configuration (this one for its own uri or undefined). */
  peer(uri: string | undefined): Analysis | undefined;
  /** Every file of the configuration (just this one for a file analysed alone). */
  files(): readonly Analysis[];
}

/** What one file says on its own: line facts, line-level findings, and its definitions and uses. */
export interface FileFacts {
  readonly doc: PmtaDocument;
  readonly structure: Structure;
  facts(line: number): LineFacts;
  readonly findings: Finding[];
  readonly defs: SymbolDef[];
  readonly refs: SymbolRef[];
}

/**
 * What the analyzer keeps per document between two analyses: the file's own facts (phase one),
 * and the results of the last analysis of the file on its own (phase two), which the next one
 * reuses where their inputs did not change.
 */
interface DocState {
  doc: PmtaDocument;
  revision: number;
  /** The line infos when last analysed (to compare the changed lines' old and new kinds). */
  infos: LineInfo[];
  /** The blocks around the file when last analysed (the frame before its first line, for a file included inside them). */
  enclosing: Frame | null;
  /** Per line: its facts, stored compactly where possible (see CompactFacts). */
  facts: Stored[];
  /** Lines whose facts hold findings, and lines whose facts hold definitions or references (ascending). */
  findingLines: number[];
  symbolLines: number[];
  /** Lines whose stored facts name their line (findings, definitions, references, arguments): what a line shift moves. */
  placedLines: number[];
  lineFindings: Finding[];
  defs: SymbolDef[];
  refs: SymbolRef[];
  structure: Structure;
  /** The settings index the rules share, updated in place while the block tree holds. */
  index: ConfigIndex;
  suppressions: Suppressions;
  /** Phase two on its own, for this revision or the one before (then `changes` says what changed). */
  alone: Alone | undefined;
  /** Phase two in the configuration set it was last analysed in, for this revision or the one before. */
  inSet: InSet | undefined;
  changes: Changes;
}

/**
 * A file's phase two within a configuration set, and what it saw of the other files. The next
 * analysis of the set reuses it like `alone` while the file's place in the set is the same (the
 * set's main file, its identifier, whether it is the main file, the top-level settings of the
 * set); the set's symbol index counts as changed when any file's definitions or references
 * changed or moved.
 */
interface InSet {
  /** The revision it was computed for, and the rule results (not the Analysis: that links to every file of the set). */
  revision: number;
  results: RuleResults;
  uri: string;
  root: boolean;
  /** The main file of the set: a file two configurations include is checked in each, against its own files. */
  setRoot: string;
  topLevel: ReadonlySet<string>;
  complete: boolean;
  topLevelComplete: boolean;
  /** What each file of the set sets that rules read across files (wholeConfigurationParts); this file's own part is not compared. */
  wide: readonly Part[];
}

/** The rule results a later analysis may reuse. */
type RuleResults = Pick<Alone, 'ruleFindings' | 'blockFindings'>;

/** The symbol index of a set as last built, with what it was built from (to tell whether it still holds). */
interface SetSymbols {
  files: { path: string; uri: string; order: readonly number[]; defs: SymbolDef[]; refs: SymbolRef[] }[];
  /** Built from copies of the files' definitions and uses, in file order (`index.defs`, `index.refs`). */
  index: SymbolIndex;
}

interface Alone {
  symbols: SymbolIndex;
  ruleFindings: Map<DocumentRule, Finding[]>;
  blockFindings: Map<BlockRule, Map<BlockNode, Finding[]>>;
  analysis: Analysis;
}

/** What phase one found changed, for phase two to decide what it can reuse. */
interface Changes {
  region: Region;
  /** The block tree was rebuilt: it may have another shape. */
  structure: boolean;
  /** When the tree was moved instead (no tag line among the changed lines): the block that holds the changed lines. */
  holder: BlockNode | undefined;
  symbols: boolean;
  /**
   * When tag arguments changed and the tree kept its shape (renamed in place): the blocks renamed,
   * and the `<domain>` blocks whose inheritance chain held one of them before the rename.
   */
  retagged: Retag | undefined;
  /** Directives on the changed lines (before or after); undefined: assume any may have changed. */
  settings: ReadonlySet<string> | undefined;
  /**
   * When whole blocks were replaced (pasted, deleted) and the rest of the tree moved: the blocks
   * that came and went, and the `<domain>` blocks whose inheritance chain held a removed one.
   */
  spliced: Spliced | undefined;
  /** Another file's top-level `<domain>` blocks changed what they lend to this file's queues: the rules that `inherit` check every block again. */
  inheritedElsewhere?: boolean;
}

interface Retag {
  blocks: readonly BlockNode[];
  heirs: ReadonlySet<BlockNode>;
}

interface Spliced {
  added: readonly BlockNode[];
  removed: ReadonlySet<BlockNode>;
  heirs: ReadonlySet<BlockNode>;
}

/** The lines an update must re-check (from `start`, old and new ends) and the lines it added or removed (`delta`). */
type Region = LineShift;

/**
 * A computed line's facts, reusable for another line with the same text in the same kind of block
 * (the same frame: the same tags around it). The same text in other kinds of block has its own,
 * chained through `other`: a file whose blocks nest differently below an edit (an unclosed tag
 * typed in the middle) shares them too.
 */
interface Template {
  frame: Frame | null;
  line: number;
  stored: Stored;
  other?: Template;
}

/** How many frames one line text keeps templates for (a look-up walks them). */
const TEMPLATE_FRAMES = 4;

/** Below this many re-checked lines, look-ups of identical lines cost more than they save. */
const TEMPLATE_MIN_REGION = 64;

/**
 * Runs the checks over a document, incrementally. Per document it keeps the line infos, frames and
 * per-line facts of the last analysis. A new analysis finds the lines whose info or enclosing
 * block changed (common prefix and suffix, pointer comparisons), re-checks only those, shifts the
 * facts below them, and then reuses every whole-document result whose inputs did not change: the
 * block tree when no tag line was touched, the symbol index when no definition or reference was,
 * the findings of rules that declare they read only those, and the findings of block rules for
 * blocks without a touched line. Lines with the same text in the same block (common in generated
 * configurations) are checked once per analysis and cloned.
 */
/**
 * Options for an analysis done in slices: between slices of about `sliceMs` of work it awaits
 * `pause()` (e.g. a turn of the event loop), so a huge file never blocks its caller for long.
 */
export interface SliceOptions {
  sliceMs: number;
  pause: () => Promise<void>;
  /** Says, after a pause, that the work is no longer wanted (its result would not be kept). */
  stop?: () => boolean;
}

/** Work in progress on one document: its plan and the lines checked so far, kept across slices. */
interface Pending {
  revision: number;
  plan: Plan;
  facts: Stored[];
  next: number;
  /** Checked lines by scan, reusable for identical lines; kept when the document changes under us. */
  templates: Map<LineInfo, Template>;
}

interface Plan {
  /** The previous state the update builds on (undefined: analyse from scratch). */
  st: DocState | undefined;
  region: Region;
}

export class Analyzer {
  private readonly states = new WeakMap<PmtaDocument, DocState>();
  private readonly pending = new WeakMap<PmtaDocument, Pending>();
  /** Per main file's model: the symbol index its set was last analysed with. */
  private readonly setSymbols = new WeakMap<PmtaDocument, SetSymbols>();

  constructor(readonly catalog: Catalog = getCatalog()) {}

  /** The analysis of the document on its own, for its current revision (computed now if needed). */
  analyze(doc: PmtaDocument): Analysis {
    return this.alone(this.collectState(doc));
  }

  /**
   * Phase one (the line checks) in slices, as analyzeInSlices does, then phase two of the file on
   * its own with a pause between rules once a slice's time is used up; analyze() afterwards returns
   * the result at once. If the document changes meanwhile, phase two is left to analyze().
   */
  async prepareInSlices(doc: PmtaDocument, options: SliceOptions): Promise<void> {
    const state = await this.sliced(doc, options);
    if (doc.revision !== state.revision) return;
    await drainInSlices(this.aloneSteps(state), options.sliceMs, options.pause, () => doc.revision === state.revision);
  }

  /**
   * The same analysis, computed in slices: the checking of changed lines (all lines, on a first
   * analysis) pauses every `sliceMs`. If the document changes during a pause the work restarts for
   * the new revision, reusing the lines already checked, with slices twice as long (so typing
   * during the first analysis of a huge file cannot keep it from finishing). Small updates finish
   * in the first slice.
   */
  async analyzeInSlices(doc: PmtaDocument, options: SliceOptions): Promise<Analysis> {
    await this.prepareInSlices(doc, options);
    return this.analyze(doc);
  }

  private async sliced(doc: PmtaDocument, options: SliceOptions): Promise<DocState> {
    // Each restart doubles the slice, so edits arriving at every pause cannot starve the work.
    for (let sliceMs = options.sliceMs; ; sliceMs = Math.max(1, sliceMs * 2)) {
      const done = this.states.get(doc);
      if (done && done.revision === doc.revision) return done;
      const work = this.start(doc);
      const to = work.plan.region.newEnd;
      while (work.next < to) {
        work.next = this.computeRegion(doc, work, performance.now() + sliceMs);
        if (work.next < to) {
          await options.pause();
          // Finished meanwhile (by analyze()), or the document changed: look again.
          if (this.pending.get(doc) !== work || doc.revision !== work.revision) break;
        }
      }
      if (this.pending.get(doc) !== work || doc.revision !== work.revision) continue;
      if (work.plan.st) return this.finish(doc, work);
      // A first analysis merges every line: pause between its steps too, and start over if the
      // document changed meanwhile (nothing of an earlier state has been touched yet).
      const state = await drainInSlices(this.commitSteps(doc, work.plan, work.facts), sliceMs, options.pause, () => doc.revision === work.revision);
      if (!state || this.pending.get(doc) !== work) continue;
      this.pending.delete(doc);
      this.states.set(doc, state);
      return state;
    }
  }

  /** Phase one: the facts of each line of one file (updated incrementally). */
  collect(doc: PmtaDocument): FileFacts {
    const state = this.collectState(doc);
    const facts = state.facts;
    return {
      doc,
      structure: state.structure,
      facts: (line) => factsAt(facts, line),
      findings: state.lineFindings,
      defs: state.defs,
      refs: state.refs,
    };
  }

  /**
   * Every file of a configuration set, linked: names defined in one file satisfy references in
   * another, duplicates are found across files, and include problems land on the include line.
   * `uriOf` maps a set path to the identifier used in results (a URI in the server, a path in the CLI).
   */
  analyzeSet(set: ConfigSet, uriOf: (path: string) => string = (p) => p): Map<string, Analysis> {
    return drain(this.analyzeSetSteps(set, uriOf));
  }

  /**
   * analyzeSet() in slices: each file's line checks as prepareInSlices does them, then the rules of
   * each file with a pause between rules. Undefined when a file of the set changed meanwhile (the
   * caller then analyses the new revisions, or leaves it to analyzeSet()).
   */
  async analyzeSetInSlices(set: ConfigSet, options: SliceOptions, uriOf: (path: string) => string = (p) => p): Promise<Map<string, Analysis> | undefined> {
    const revisions = set.files.map((f) => f.doc.revision);
    const unchanged = () => set.files.every((f, i) => f.doc.revision === revisions[i]) && !options.stop?.();
    for (const file of set.files) {
      await this.sliced(file.doc, options);
      if (!unchanged()) return undefined;
    }
    return drainInSlices(this.analyzeSetSteps(set, uriOf), options.sliceMs, options.pause, unchanged);
  }

  /**
   * analyzeSet() as a generator that yields after each rule of each file. Each file's rule results
   * from the set's last analysis are reused as a file on its own reuses them (`inSet`): an edit of
   * one file re-runs what that edit touched, not every rule of every file of the configuration.
   */
  private *analyzeSetSteps(set: ConfigSet, uriOf: (path: string) => string): Generator<void, Map<string, Analysis>> {
    const all = set.files.map((file) => ({ file, uri: uriOf(file.path), state: this.collectState(file.doc) }));
    const { index: symbols, same: symbolsSame } = yield* this.setSymbolSteps(all);
    yield;
    // Top-level settings anywhere in the set: a `log-file` in an included file counts for the main one.
    const topLevel = new Set<string>();
    for (const { file, state } of all) {
      if (file.doc.enclosingTags.length > 0) continue;
      for (const line of state.structure.root.lines) {
        const e = state.facts[line].entry;
        if (e) topLevel.add(e.name);
      }
      // The catalogue's own string: a tag's text is a slice of its file's text, and this set
      // outlives the analysis in the other files' `inSet` (it kept a closed main file's text alive).
      for (const b of state.structure.root.children) {
        const known = this.catalog.block(b.tag);
        if (known) topLevel.add(known.name);
      }
    }
    const { complete, topLevelComplete } = completeness(set);
    // The files each include line names, by file and line (a file two lines name is read once, but counts at both).
    const targets = new Map<string, Map<number, readonly string[]>>();
    for (const e of set.edges) {
      let byLine = targets.get(e.from);
      if (!byLine) targets.set(e.from, (byLine = new Map()));
      byLine.set(e.line, e.targets);
    }
    const place = new Map(all.map(({ file }, i) => [file.path, i]));
    const included = (path: string, line: number): RuleContext[] => {
      const out: RuleContext[] = [];
      for (const t of targets.get(path)?.get(line) ?? []) {
        const i = place.get(t);
        if (i !== undefined) out.push(fileContexts()[i]);
      }
      return out;
    };
    // What each file sees of the configuration (fileContexts and the rule steps below share it).
    const viewOf = (file: ConfigSet['files'][number]): ConfigurationView => ({
      root: file.path === set.root,
      topLevel,
      complete,
      topLevelComplete,
      files: fileContexts,
      order: file.order,
      included: (line) => included(file.path, line),
    });
    const wide = wholeConfigurationParts(all);
    // Made when a rule first asks (few do, and only in a configuration that looks whole).
    let contexts: RuleContext[] | undefined;
    const fileContexts = (): RuleContext[] => (contexts ??= all.map(({ file, uri, state }) => this.contextOf(state, symbols, uri, viewOf(file))));
    // Duplicates and shadowed lines between the top levels of two files, made afresh each time.
    const stateOf = new Map(all.map(({ uri, state }) => [uri, state]));
    const across = all.length > 1 ? acrossFiles(fileContexts(), (f) => unchangedSince(stateOf.get(f.uri!), ITEM_READS, true)) : undefined;
    const out = new Map<string, Analysis>();
    const byUri = new Map<string, Analysis>();
    const peer = (u: string) => byUri.get(u);
    const files = () => [...byUri.values()];
    for (let i = 0; i < all.length; i++) {
      const { file, uri, state } = all[i];
      const root = file.path === set.root;
      const prev = state.inSet;
      const samePlace =
        prev !== undefined && prev.setRoot === set.root && prev.uri === uri && prev.root === root && prev.complete === complete && prev.topLevelComplete === topLevelComplete && sameOthers(prev.wide, wide, i) && sameMembers(prev.topLevel, topLevel);
      let changes: Changes | undefined;
      if (samePlace && prev.revision === state.revision) changes = { ...NOTHING_CHANGED, symbols: !symbolsSame };
      else if (samePlace) changes = { ...state.changes, symbols: state.changes.symbols || !symbolsSame };
      if (changes && !sameOthers(prev!.wide, wide, i, LENT)) changes.inheritedElsewhere = true;
      const configuration = viewOf(file);
      const extra = [...(set.findings.get(file.path) ?? []), ...(across?.get(uri) ?? [])];
      const alone = yield* this.ruleSteps(state, symbols, changes && prev!.results, changes, uri, extra, peer, files, configuration);
      state.inSet = { revision: state.revision, results: { ruleFindings: alone.ruleFindings, blockFindings: alone.blockFindings }, uri, root, setRoot: set.root, topLevel, complete, topLevelComplete, wide };
      out.set(file.path, alone.analysis);
      byUri.set(uri, alone.analysis);
    }
    return out;
  }

  /**
   * The set's symbol index (definitions and uses of every file, with their file and load order):
   * the one its last analysis built while every file's definitions and uses are the same, at the
   * same lines; built anew otherwise (10-40 ms for a 100k-line file).
   */
  private *setSymbolSteps(all: readonly { file: ConfigSet['files'][number]; uri: string; state: DocState }[]): Generator<void, { index: SymbolIndex; same: boolean }> {
    const rootDoc = all[0]?.file.doc;
    const last = rootDoc && this.setSymbols.get(rootDoc);
    if (last && sameSymbols(last, all)) return { index: last.index, same: true };
    const defs: SymbolDef[] = [];
    const refs: SymbolRef[] = [];
    for (const { file, uri, state } of all) {
      for (const d of state.defs)
        defs.push({ kind: d.kind, name: d.name, line: d.line, start: d.start, end: d.end, blockLine: d.blockLine, uri, order: [...file.order, d.line] });
      for (const r of state.refs)
        refs.push({ kinds: r.kinds, name: r.name, line: r.line, start: r.start, end: r.end, via: r.via, uri, order: [...file.order, r.line] });
      yield;
    }
    const index = new SymbolIndex(defs, refs);
    if (rootDoc) {
      const files = all.map(({ file, uri, state }) => ({ path: file.path, uri, order: file.order, defs: state.defs, refs: state.refs }));
      this.setSymbols.set(rootDoc, { files, index });
    }
    return { index, same: false };
  }

  /** Phase one for the current revision: done already, or continued/started and finished now. */
  private collectState(doc: PmtaDocument): DocState {
    const done = this.states.get(doc);
    if (done && done.revision === doc.revision) return done;
    const work = this.start(doc);
    work.next = this.computeRegion(doc, work, Infinity);
    return this.finish(doc, work);
  }

  /** Phase two on its own: reused whole when nothing changed, else rebuilt reusing what it can. */
  private alone(state: DocState): Analysis {
    return drain(this.aloneSteps(state));
  }

  /** alone() as a generator that yields after each rule (prepareInSlices pauses between them). */
  private *aloneSteps(state: DocState): Generator<void, Analysis> {
    const previous = state.alone;
    if (previous && previous.analysis.revision === state.revision) return previous.analysis;
    // Otherwise `previous` (if any) is for the revision just before, and state.changes says what changed.
    const changes = previous ? state.changes : undefined;
    const symbols = previous && changes && !changes.symbols ? previous.symbols : new SymbolIndex(state.defs, state.refs);
    // A pause point: indexing the symbols of a 100k-line file takes 10-40 ms.
    yield;
    const alone = yield* this.ruleSteps(state, symbols, previous, changes, undefined, [], () => undefined);
    state.alone = alone;
    return alone.analysis;
  }

  /** The work for the current revision: continued if already under way, else planned anew. */
  private start(doc: PmtaDocument): Pending {
    const current = this.pending.get(doc);
    if (current && current.revision === doc.revision) return current;
    const previous = this.states.get(doc);
    const n = doc.lineCount;
    let changed = previous && changedRegion(doc, previous);
    // A change of most of a large file (the whole text pasted over) is checked as a first analysis,
    // which pauses while it merges; an update merges in one piece (~100 ms at 100k lines).
    if (changed && changed.newEnd - changed.start >= FRESH_REGION_LINES) changed = undefined;
    // Without a usable change log (many updates since the last analysis) start afresh.
    const plan: Plan = { st: changed ? previous : undefined, region: changed ?? { start: 0, oldEnd: 0, newEnd: n, delta: n } };
    const { start, newEnd } = plan.region;
    const templates = current?.templates ?? new Map<LineInfo, Template>();
    const work: Pending = { revision: doc.revision, plan, facts: new Array(newEnd - start), next: start, templates };
    this.pending.set(doc, work);
    return work;
  }

  private finish(doc: PmtaDocument, work: Pending): DocState {
    this.pending.delete(doc);
    const state = this.commit(doc, work.plan, work.facts);
    this.states.set(doc, state);
    return state;
  }

  /** Phase one, after the changed lines are checked: merge them in and redo what depends on them. */
  private commit(doc: PmtaDocument, plan: Plan, newRegionFacts: Stored[]): DocState {
    return drain(this.commitSteps(doc, plan, newRegionFacts));
  }

  /**
   * commit() as a generator that yields between its whole-file steps. Only a first analysis (no
   * earlier state) may be paused there: an update changes the earlier state's facts in place.
   */
  private *commitSteps(doc: PmtaDocument, plan: Plan, newRegionFacts: Stored[]): Generator<void, DocState> {
    const { st, region } = plan;
    const infos = doc.allInfos();
    const { start, oldEnd, newEnd, delta } = region;

    // 1. Per-line facts: shift the unchanged lines below the region, put the region's in.
    const oldFacts = st ? st.facts : [];
    const oldRegionFacts = oldFacts.slice(start, oldEnd);
    if (delta !== 0 && st) for (let k = firstAtOrAfter(st.placedLines, oldEnd); k < st.placedLines.length; k++) shiftFacts(oldFacts[st.placedLines[k]], delta);
    // A first analysis keeps the region's own arrays (copying 100k entries one by one cost milliseconds).
    const facts = st ? replaceRange(oldFacts, start, oldEnd - start, newRegionFacts) : newRegionFacts;
    const oldInfos = st ? st.infos.slice(start, oldEnd) : [];
    const lineInfos = st ? replaceRange(st.infos, start, oldEnd - start, infos.slice(start, newEnd)) : infos.slice(start, newEnd);

    // 2. What the region's old and new lines touched.
    const touched = (pred: (f: Stored) => boolean) => oldRegionFacts.some(pred) || newRegionFacts.some(pred);
    const symbolsChanged = !st || touched((f) => f.defs.length > 0 || f.refs.length > 0);
    const findingsChanged = !st || touched((f) => f.findings.length > 0);
    // Lines added or removed, or lines becoming or ceasing to be directives, without a tag line among
    // them leave the block tree's shape: it is moved and the holding block's directive lines updated,
    // not rebuilt. Rules then see the changed directives (their `reads`) and the holding block.
    const reshaped = !st || delta !== 0 || structureTouched(oldInfos, infos, start, newEnd);
    const moved = reshaped && !!st && !touchesTags(oldInfos) && !touchesTags(infos, start, newEnd);
    // Only tag arguments changed (a `<domain>` renamed): the tree keeps its shape and nodes too.
    // Edits over many blocks (a whole file pasted over, re-indented) are rebuilt: the in-place
    // updates below cost per block what a rebuild costs once.
    const few = !reshaped || opensIn(oldInfos, 0, oldInfos.length) + opensIn(infos, start, newEnd) <= MAX_BLOCKS_IN_PLACE;
    const renamed = reshaped && !moved && st && few ? renamedTagLines(oldInfos, infos, start, newEnd) : undefined;
    // Whole blocks pasted or deleted (the tag lines before and after close what they open): the
    // rest of the tree keeps its nodes and moves.
    // A close tag left alone (its open tag line commented out or deleted) may stand among them.
    const stray = (tag: string) => !closesAround(blockAfter(st!.structure, start - 1), tag);
    const splice = reshaped && !moved && !renamed && !!st && few && balancedTags(oldInfos, 0, oldInfos.length, stray) && balancedTags(infos, start, newEnd, stray);
    const structureChanged = reshaped && !moved && !renamed && !splice;
    // A `disable-next-line` comment just above the changed lines names a line in them: look one line further each way.
    const suppressionsChanged = !st || mentionsSuppression(oldInfos) || mentionsSuppression(infos, Math.max(0, start - 1), Math.min(infos.length, newEnd + 1));

    // 3. The file's own pieces, rebuilt only when their inputs changed.
    if (structureChanged) yield;
    const structure = structureChanged ? yield* structureSteps(doc) : st!.structure;
    let holder = moved ? shiftStructure(structure, region, (line) => infos[line].kind === LineKind.Directive) : undefined;
    const retagged = renamed ? retag(st!, renamed, infos) : undefined;
    let spliced: Spliced | undefined;
    if (splice) {
      // The heirs of the blocks that go, while the index still has them in their chains.
      const heirs = new Set<BlockNode>();
      for (const b of blocksOpenedIn(st!.structure, start, oldEnd)) for (const heir of st!.index.inheritorsOf(b)) heirs.add(heir);
      const done = spliceStructure(structure, region, infos);
      for (const b of done.removed) heirs.delete(b);
      holder = done.holder;
      spliced = { added: done.added, removed: done.removed, heirs };
    }
    yield;
    const hasFindings = (f: Stored) => f.findings.length > 0;
    const hasSymbols = (f: Stored) => f.defs.length > 0 || f.refs.length > 0;
    // Pauses between these passes too: on a first analysis each reads every line (a 100k-line
    // file spent 35-55 ms on them at once).
    const findingLines = updateLines(st?.findingLines, region, oldRegionFacts, newRegionFacts, hasFindings);
    const symbolLines = updateLines(st?.symbolLines, region, oldRegionFacts, newRegionFacts, hasSymbols);
    yield;
    const placedLines = updateLines(st?.placedLines, region, oldRegionFacts, newRegionFacts, namesItsLine);
    yield;
    let lineFindings = st?.lineFindings ?? [];
    if (findingsChanged) {
      lineFindings = [];
      for (const line of findingLines) for (const x of facts[line].findings) lineFindings.push(x);
    }
    let defs = st?.defs ?? [];
    let refs = st?.refs ?? [];
    if (symbolsChanged) {
      defs = [];
      refs = [];
      for (const line of symbolLines) {
        const f = facts[line];
        for (const x of f.defs) defs.push(x);
        for (const x of f.refs) refs.push(x);
      }
    }
    yield;
    const suppressions = suppressionsChanged ? collectSuppressions(doc) : delta !== 0 ? moveSuppressions(st!.suppressions, oldEnd, delta) : st!.suppressions;
    yield;
    const { read, nameOf } = readersOf(facts);
    let index: ConfigIndex;
    let settings: ReadonlySet<string> | undefined;
    const atTopLevel = doc.enclosingTags.length === 0;
    if (!st || structureChanged || st.index.atTopLevel !== atTopLevel) {
      index = new ConfigIndex(structure, read, this.catalog, nameOf, atTopLevel);
      yield* index.build();
    } else {
      index = st.index;
      settings = index.update(read, region, (line) => oldRegionFacts[line - start].entry?.name, nameOf, holder, spliced?.removed).names;
      if (retagged) index.retag(retagged.blocks);
      if (spliced) index.retag([...spliced.added, ...spliced.removed]);
      // Quick fixes that delete or append at the end of the file read the last two lines' text.
      if (newEnd >= doc.lineCount - 1) settings = undefined;
    }
    const state: DocState = {
      doc,
      revision: doc.revision,
      infos: lineInfos,
      enclosing: doc.stateBefore(0).frame,
      facts,
      findingLines,
      symbolLines,
      placedLines,
      lineFindings,
      defs,
      refs,
      structure,
      index,
      suppressions,
      // Phase two of the previous revision stays usable (with these changes) only if it was current.
      alone: st?.alone && st.alone.analysis.revision === st.revision ? st.alone : undefined,
      inSet: st?.inSet && st.inSet.revision === st.revision ? st.inSet : undefined,
      changes: { region, structure: structureChanged, holder, symbols: symbolsChanged, retagged, settings, spliced },
    };
    return state;
  }

  /** What the rules see of a file: its model, block tree, facts and index, with a symbol index and its place in a configuration. */
  private contextOf(state: DocState, symbols: SymbolIndex, uri: string | undefined, configuration: ConfigurationView | undefined): RuleContext {
    const { structure, facts } = state;
    const factsOf = (line: number) => factsAt(facts, line);
    const entryOf = (line: number) => facts[line]?.entry;
    return { doc: state.doc, catalog: this.catalog, structure, symbols, uri, configuration, index: state.index, facts: factsOf, entry: entryOf };
  }

  /**
   * Phase two, as a generator that yields after each rule: the document rules and block rules over
   * the file's facts with a symbol index (the file's own or the configuration's), suppressions, and
   * the sorted findings. `previous` (the file's last results on its own) and `changes` let it reuse
   * rule results whose inputs held.
   */
  private *ruleSteps(
    state: DocState,
    symbols: SymbolIndex,
    previous: RuleResults | undefined,
    changes: Changes | undefined,
    uri: string | undefined,
    extra: readonly Finding[],
    others: (uri: string) => Analysis | undefined,
    all?: () => Analysis[],
    configuration?: ConfigurationView,
  ): Generator<void, Alone> {
    const ctx = this.contextOf(state, symbols, uri, configuration);
    const findings: Finding[] = state.lineFindings.slice();
    for (const f of extra) findings.push(f);
    const reuse = previous && changes;
    const ruleFindings = new Map<DocumentRule, Finding[]>();
    const blockFindings = new Map<BlockRule, Map<BlockNode, Finding[]>>();
    // When every rule runs again, the facts they share are computed first, in steps (after a small
    // edit a rule that needs a dropped one computes it, if any such rule runs at all).
    if (!reuse || changes.structure || changes.retagged) yield* prepareRules(ctx);
    for (const rule of RULES) {
      if (rule.perBlock) {
        const perBlock = yield* this.blockRuleSteps(rule, ctx, reuse ? previous.blockFindings.get(rule) : undefined, changes);
        blockFindings.set(rule, perBlock);
        for (const list of perBlock.values()) for (const f of list) findings.push(f);
        yield;
        continue;
      }
      const before = reuse && reusable(rule, changes) ? previous.ruleFindings.get(rule) : undefined;
      const out = (before && carry(before, changes!)) || runRule(rule, ctx);
      ruleFindings.set(rule, out);
      for (const f of out) findings.push(f);
      yield;
    }

    const suppressions = state.suppressions;
    const kept = suppressions.byLine.size || suppressions.file ? findings.filter((f) => !isSuppressed(suppressions, f)) : findings;
    kept.sort((a, b) => a.line - b.line || a.start - b.start);
    const analysis: Analysis = {
      doc: ctx.doc,
      revision: state.revision,
      uri,
      structure: ctx.structure,
      symbols,
      findings: kept,
      settings: state.index,
      facts: ctx.facts,
      entry: ctx.entry,
      peer: (u) => (u === undefined || u === uri ? analysis : others(u)),
      files: () => (all ? all() : [analysis]),
    };
    return { symbols, ruleFindings, blockFindings, analysis };
  }

  /**
   * Checks the work's next lines until the region is done or `deadline` (performance.now()) has
   * passed; returns the next line to check.
   */
  private computeRegion(doc: PmtaDocument, work: Pending, deadline: number): number {
    const { region } = work.plan;
    const from = region.start;
    const to = region.newEnd;
    const out = work.facts;
    const templates = to - from >= TEMPLATE_MIN_REGION ? work.templates : undefined;
    let i = work.next;
    for (; i < to; i++) {
      if ((i & 255) === 0 && deadline !== Infinity && i > work.next && performance.now() >= deadline) break;
      const info = doc.info(i);
      const frame = doc.stateBefore(i).frame;
      if (info.kind === LineKind.Blank || info.kind === LineKind.Comment) {
        out[i - from] = EMPTY_FACTS;
        continue;
      }
      // A line that ends in a comma also reads the lines that continue it: never shared.
      const first = templates && !info.trailingComma ? templates.get(info) : undefined;
      let t = first;
      let kept = 0;
      while (t && t.frame !== frame) {
        t = t.other;
        kept++;
      }
      if (t) {
        const s = t.stored;
        if (s === EMPTY_FACTS || (s instanceof CompactFacts && s.shareable)) {
          out[i - from] = s;
          continue;
        }
        out[i - from] = cloneStored(s, i - t.line);
        continue;
      }
      const scope = frame ? frame.tag : GLOBAL;
      const known = !frame || this.catalog.block(frame.tag) !== undefined;
      const facts = lineFacts(doc, i, scope, known, this.catalog);
      const stored = CompactFacts.fits(facts, info) ? CompactFacts.of(facts, info) : facts;
      out[i - from] = stored;
      // Line 0 is no template: a byte-order mark opening the file is not reported, elsewhere it is.
      if (templates && !info.trailingComma && i > 0 && kept < TEMPLATE_FRAMES) templates.set(info, { frame, line: i, stored, other: first });
    }
    return i;
  }

  /**
   * One block rule: over every block it checks after a structural change (or a change to a
   * directive it reads), otherwise only over the blocks holding re-checked lines and, for a rule
   * that inherits, the blocks whose `<domain>` chain holds one of those.
   */
  private *blockRuleSteps(rule: BlockRule, ctx: RuleContext, old: Map<BlockNode, Finding[]> | undefined, changes: Changes | undefined): Generator<void, Map<BlockNode, Finding[]>> {
    const { structure } = ctx;
    const index = ctx.index!;
    const checks = (b: BlockNode) => !rule.tags || rule.tags.includes(b.tag);
    if (!old || !changes || !blockRuleReusable(rule, changes)) {
      const perBlock = new Map<BlockNode, Finding[]>();
      const visit = (b: BlockNode) => {
        const out = runRule(rule, ctx, b);
        if (out.length) perBlock.set(b, out);
      };
      const blocks = !rule.tags ? structure.blocks : rule.tags.length === 1 ? index.blocks(rule.tags[0]) : structure.blocks.filter(checks);
      if (!rule.tags || rule.tags.includes('global')) visit(structure.root);
      // A pass over every block of a 100k-line file can take tens of milliseconds: pause point every so often.
      for (let k = 0; k < blocks.length; k++) {
        visit(blocks[k]);
        if ((k & (BLOCK_RULE_STEP - 1)) === BLOCK_RULE_STEP - 1) yield;
      }
      return perBlock;
    }
    const { region } = changes;
    const touched = new Set<BlockNode>();
    const touch = (b: BlockNode) => {
      if (touched.has(b)) return;
      touched.add(b);
      if (rule.inherits) for (const heir of index.inheritorsOf(b)) touched.add(heir);
    };
    let last: BlockNode | undefined;
    for (let i = region.start; i < region.newEnd; i++) {
      const b = structure.blockOfLine[i];
      if (b === last) continue;
      last = b;
      touch(b);
    }
    // Lines removed from a block leave no line of the region to find it by.
    if (changes.holder) touch(changes.holder);
    // A renamed block's parent holds its tag line (touched above). Then the block and the blocks in
    // it (their chains and messages may hold its name), and for inheriting rules the blocks whose
    // chain held it (touch() adds those whose chain holds it now).
    if (changes.retagged) {
      for (const b of changes.retagged.blocks) touchSubtree(b, touch);
      if (rule.inherits) for (const heir of changes.retagged.heirs) touched.add(heir);
    }
    // Pasted blocks hold lines of the region (touched above); the heirs of deleted blocks lost part of their chain.
    const removed = changes.spliced?.removed;
    if (changes.spliced && rule.inherits) for (const heir of changes.spliced.heirs) touched.add(heir);
    // The top level of a file included inside a block is read into that block, which this file's
    // own queues may inherit from (the main file's `<domain *>` including it): all of them again.
    if (rule.inherits && touched.has(structure.root) && ctx.doc.enclosingTags.length > 0) return yield* this.blockRuleSteps(rule, ctx, undefined, changes);
    let perBlock = old;
    let copied = false;
    if (region.delta !== 0 || removed?.size) {
      // The other blocks' findings move with their lines; if one cannot, the rule checks every block again.
      perBlock = new Map();
      copied = true;
      for (const [b, list] of old) {
        if (removed?.has(b)) continue;
        const moved = touched.has(b) || region.delta === 0 ? list : moveFindings(list, region);
        if (!moved) return yield* this.blockRuleSteps(rule, ctx, undefined, changes);
        perBlock.set(b, moved);
      }
    }
    for (const b of touched) {
      if (!checks(b)) continue;
      const out = runRule(rule, ctx, b);
      if (out.length === 0 && !perBlock.has(b)) continue;
      if (!copied) {
        perBlock = new Map(perBlock);
        copied = true;
      }
      if (out.length) perBlock.set(b, out);
      else perBlock.delete(b);
    }
    return copied ? inDocumentOrder(perBlock) : perBlock;
  }
}


/** Changed lines from which an update is checked as a first analysis (see `start`). */
const FRESH_REGION_LINES = 32768;

/** How many unchanged lines a changed region may take in to be whole blocks (growToWholeBlocks). */
const MAX_GROWTH_LINES = 4096;

/** Blocks a block rule checks between two pause points (a power of two). */
const BLOCK_RULE_STEP = 1024;

/**
 * The index's readers of the facts. Made here, not inside commitSteps: a closure there shares the
 * function's context with every other closure in it, and the index keeps its readers, so they kept
 * the state before (its per-line arrays, and its block tree after a rebuild) alive for as long.
 */
function readersOf(facts: readonly Stored[]): { read: (line: number) => LineFacts; nameOf: (line: number) => string | undefined } {
  return { read: (line) => factsAt(facts, line), nameOf: (line) => facts[line].entry?.name };
}

/** Whether a document rule's findings from the version before still hold after these changes. */
function reusable(rule: DocumentRule, changes: Changes): boolean {
  if (readsRenamed(rule, changes)) return false;
  const inputsHold = (rule.inputs ?? []).every((input) => (input === 'structure' ? !changes.structure && !changes.retagged : !changes.symbols));
  if (rule.reads) return inputsHold && !changes.structure && changes.settings !== undefined && !rule.reads.some((n) => changes.settings!.has(n));
  return rule.inputs !== undefined && inputsHold;
}

/** Earlier findings as they stand after the changes: moved when lines were added or removed (undefined: run again). */
function carry(findings: Finding[], changes: Changes): Finding[] | undefined {
  return changes.region.delta === 0 ? findings : moveFindings(findings, changes.region);
}

/** Whether blocks were renamed, pasted or deleted whose names the rule may read (all of them when it declares no `names`). */
function readsRenamed(rule: Rule, changes: Changes): boolean {
  const names = rule.names;
  const { retagged, spliced } = changes;
  if (retagged && (!names || retagged.blocks.some((b) => names.includes(b.tag)))) return true;
  return spliced !== undefined && (!names || spliced.added.some((b) => names.includes(b.tag)) || [...spliced.removed].some((b) => names.includes(b.tag)));
}


/** Whether a block rule may be re-run for the touched blocks only. */
function blockRuleReusable(rule: BlockRule, changes: Changes): boolean {
  if (changes.structure || (changes.inheritedElsewhere && rule.inherits)) return false;
  if (readsRenamed(rule, changes)) return false;
  if (!rule.reads && !rule.inherits) return true;
  const settings = changes.settings;
  if (settings === undefined) return false;
  if (rule.inherits && settings.has('virtual-mta')) return false;
  return !rule.reads || !rule.reads.some((n) => settings.has(n));
}

/**
 * The lines whose info or enclosing block differ between the analysed version and the current one,
 * from the document's change log; undefined when the log does not reach back that far.
 */
function changedRegion(doc: PmtaDocument, st: DocState): Region | undefined {
  const n = doc.lineCount;
  const oldN = st.infos.length;
  const logged = doc.changedSince(st.revision);
  if (!logged || logged.oldEnd - logged.newEnd !== oldN - n) return undefined;
  const small = logged.newEnd - logged.start < FRESH_REGION_LINES;
  const narrowed = small ? narrowRegion(doc, st, logged) : logged;
  // Lines moved across a tag line of their block (Alt+Down past its close tag) leave the changed
  // lines cutting a block: grown to whole blocks, they are spliced instead of the tree rebuilt.
  // (Not when only tag arguments changed: those blocks are renamed in place, their lines unread.)
  const infos = small ? doc.allInfos() : [];
  const grow = small && !renamedTagLines(st.infos.slice(narrowed.start, narrowed.oldEnd), infos, narrowed.start, narrowed.newEnd);
  const { start, oldEnd, newEnd } = (grow && growToWholeBlocks(st.structure, st.infos, infos, narrowed, MAX_GROWTH_LINES)) || narrowed;
  // A directive whose comma list runs into the region reads the region's lines: re-check it too.
  // (Lines are read one by one: a text scanned lazily from the region on stays so.)
  let p = start;
  while (p > 0 && doc.info(p - 1).trailingComma) p--;
  return { start: p, oldEnd, newEnd, delta: n - oldN };
}

/**
 * The logged range without the lines at either end that read as they did when last analysed. The
 * log gives one range for all the edits since then, and a later edit may undo an earlier one's
 * effect: `>` typed at the end of a tag line puts every line below into the new block, and the close
 * tag put in next takes them out again. A line reads as it did when it is the same line (same
 * LineInfo, so the same continuation too) with the same blocks open before it. At the front, once
 * the first line has them, the lines that follow as they were have them too.
 */
function narrowRegion(doc: PmtaDocument, st: DocState, logged: ChangedRange): ChangedRange {
  let { start, oldEnd, newEnd } = logged;
  const nestedAsBefore = (oldLine: number, line: number) =>
    sameNesting(blockAfter(st.structure, oldLine - 1), st.enclosing, doc.stateBefore(line).frame);
  if (start < oldEnd && start < newEnd && nestedAsBefore(start, start)) {
    while (start < oldEnd && start < newEnd && st.infos[start] === doc.info(start)) start++;
  }
  while (oldEnd > start && newEnd > start && st.infos[oldEnd - 1] === doc.info(newEnd - 1) && nestedAsBefore(oldEnd - 1, newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/**
 * The ascending list of lines satisfying `has`, updated for a region: entries inside the old region
 * are replaced by the region's new ones, entries below it are shifted. In place (the list belongs
 * to the state being updated); the same list untouched when no line moved and every re-checked
 * line kept its answer (most edits, and the list can be long).
 */
function updateLines(old: number[] | undefined, region: Region, oldFacts: Stored[], regionFacts: Stored[], has: (f: Stored) => boolean): number[] {
  if (old && region.delta === 0 && oldFacts.length === regionFacts.length && regionFacts.every((f, i) => has(f) === has(oldFacts[i]))) return old;
  const list = old ?? [];
  const from = firstAtOrAfter(list, region.start);
  const to = firstAtOrAfter(list, region.oldEnd);
  if (region.delta !== 0) for (let k = to; k < list.length; k++) list[k] += region.delta;
  const fresh: number[] = [];
  for (let i = 0; i < regionFacts.length; i++) if (has(regionFacts[i])) fresh.push(region.start + i);
  return replaceRange(list, from, to - from, fresh);
}

/** Renames the blocks opened on `lines` in the state's tree, in place, noting their heirs as the chains were. */
function retag(st: DocState, lines: readonly number[], infos: readonly LineInfo[]): Retag {
  const blocks = blocksOpenedOn(st.structure, lines);
  const heirs = new Set<BlockNode>();
  for (const b of blocks) for (const heir of st.index.inheritorsOf(b)) heirs.add(heir);
  retagBlocks(blocks, (line) => infos[line]);
  return { blocks, heirs };
}

/** Calls `visit` on a block and every block nested in it. */
function touchSubtree(block: BlockNode, visit: (b: BlockNode) => void): void {
  const stack = [block];
  while (stack.length) {
    const b = stack.pop()!;
    visit(b);
    for (const c of b.children) stack.push(c);
  }
}

/** Per-block findings in document order (the root first): blocks are unique by open line. */
function inDocumentOrder(perBlock: Map<BlockNode, Finding[]>): Map<BlockNode, Finding[]> {
  return new Map([...perBlock].sort((a, b) => a[0].openLine - b[0].openLine));
}

/** The position of the first entry of an ascending list that is `value` or more. */
function firstAtOrAfter(list: readonly number[], value: number): number {
  return lowerBound(list.length, (i) => list[i] < value);
}

/** What phase one reports for a file that did not change. */
const NOTHING_CHANGED: Changes = { region: { start: 0, oldEnd: 0, newEnd: 0, delta: 0 }, structure: false, holder: undefined, symbols: false, retagged: undefined, settings: new Set(), spliced: undefined };

function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * Whether a set's symbol index still holds: the same files in the same places, each with the same
 * lists of definitions and uses (kept while no definition or use changed), none of them moved (a
 * line shift moves them in place, the index keeps copies).
 */
function sameSymbols(last: SetSymbols, all: readonly { file: { path: string; order: readonly number[] }; uri: string; state: DocState }[]): boolean {
  if (last.files.length !== all.length) return false;
  let d = 0;
  let r = 0;
  for (let k = 0; k < all.length; k++) {
    const was = last.files[k];
    const { file, uri, state } = all[k];
    if (was.path !== file.path || was.uri !== uri || was.defs !== state.defs || was.refs !== state.refs) return false;
    if (was.order.length !== file.order.length || was.order.some((x, i) => x !== file.order[i])) return false;
    for (const def of state.defs) {
      const copy = last.index.defs[d++];
      if (copy.line !== def.line || copy.blockLine !== def.blockLine) return false;
    }
    for (const ref of state.refs) if (last.index.refs[r++].line !== ref.line) return false;
  }
  return true;
}

/** Include findings that mean a configuration set lacks a file its `include` lines name. */
const INCOMPLETE: ReadonlySet<string> = new Set(['include-not-found', 'include-remote', 'include-limit']);

/** Whether a set holds every file its `include` lines name, and every one they name at the top level. */
function completeness(set: ConfigSet): { complete: boolean; topLevelComplete: boolean } {
  let complete = true;
  let topLevelComplete = true;
  for (const [path, list] of set.findings) {
    const doc = set.byPath.get(path)?.doc;
    for (const f of list) {
      if (!INCOMPLETE.has(f.code)) continue;
      complete = false;
      const inBlock = !doc || doc.enclosingTags.length > 0 || (f.line > 0 && doc.stateAfter(f.line - 1).frame !== null);
      if (!inBlock) topLevelComplete = false;
    }
  }
  return { complete, topLevelComplete };
}

/**
 * What each file of a set sets of WHOLE_CONFIGURATION_READS (and of the blocks in
 * WHOLE_CONFIGURATION_BLOCKS), and what its top-level `<domain>` blocks set of
 * INHERITED_ACROSS_FILES, with its lines and its place in the load order: one Part per file (none
 * for a set of one file, whose own edits the rules' `reads` cover). Rules read these across files,
 * so a file's rules run again when another file's part changed; a change of its own goes by its
 * rules' `reads` as in a file alone. Each section is kept while the edits leave what it is made of
 * alone: an edit of a queue's `max-smtp-out` makes only the second anew.
 */
function wholeConfigurationParts(all: readonly { file: ConfigSet['files'][number]; uri: string; state: DocState }[]): Part[] {
  if (all.length < 2) return [];
  return all.map(({ file, uri, state }) => {
    const place = `${uri}|${file.order.join('.')}|${state.doc.enclosingTags.join('<')}`;
    let kept = PARTS.get(state.doc);
    if (!kept || kept.place !== place) PARTS.set(state.doc, (kept = { place, reads: undefined, inherited: undefined, part: undefined }));
    const reads = keptSection(kept.reads, state, WHOLE_CONFIGURATION_READS, () => {
      const parts: string[] = [];
      for (const name of WHOLE_CONFIGURATION_READS) for (const s of state.index.all(name)) parts.push(`${s.line}|<${s.block.tag} ${s.block.arg ?? ''}>|${name}|${s.args.map((a) => a.text).join(' ')}`);
      for (const tag of WHOLE_CONFIGURATION_BLOCKS) for (const b of state.index.blocks(tag)) parts.push(`${b.openLine}|<${tag} ${b.arg ?? ''}>|${b.parent?.tag ?? ''}`);
      return { revision: state.revision, text: parts.join('\n') };
    });
    const inherited = keptSection(kept.inherited, state, INHERITED_NAMES, (old) => inheritedSection(old, state));
    kept.reads = reads;
    kept.inherited = inherited;
    // The same array while both sections are, so that comparing it with the last one is quick.
    if (!kept.part || kept.part[1] !== reads.text || kept.part[2] !== inherited.text) kept.part = [place, reads.text, inherited.text];
    return kept.part;
  });
}

/** A file's part: its place in the set, then what it sets of what rules read across files (WHOLE_CONFIGURATION_READS), then what its top-level `<domain>` blocks lend to the others' queues. */
type Part = readonly [place: string, reads: string, inherited: string];

interface Section {
  revision: number;
  text: string;
}

/** A section of a file's part: the one made for an earlier revision when the edits since left `reads` alone, else made anew (from the old one, if `make` can). */
function keptSection<S extends Section>(kept: S | undefined, state: DocState, reads: readonly string[], make: (kept: S | undefined) => S): S {
  if (kept && (kept.revision === state.revision || kept.revision === unchangedSince(state, reads, false))) {
    kept.revision = state.revision;
    return kept;
  }
  const made = make(kept);
  // An equal text keeps the old string, so that other files compare it by identity.
  if (kept && kept.text === made.text) made.text = kept.text;
  return made;
}

const INHERITED_NAMES: readonly string[] = [...INHERITED_ACROSS_FILES];

interface InheritedSection extends Section {
  /** Each block's share of the text. */
  byBlock: Map<BlockNode, string>;
}

/**
 * The first top-level `<domain>` of each name, with what it sets that the other files' queues
 * inherit (inheritance.ts); for a file included inside a block, what its top level sets. After an
 * edit of a few lines that leaves every line and block in place, only the blocks holding the
 * changed lines are read again (`kept`: the section of the file's last analysis in the set): an
 * edit of a queue's `max-smtp-out` in a 100k-line file would otherwise read its two thousand
 * top-level blocks (~17 ms).
 */
function inheritedSection(kept: InheritedSection | undefined, state: DocState): InheritedSection {
  const region = kept && kept.revision === state.inSet?.revision ? editedInPlace(state) : undefined;
  let touched: Set<BlockNode> | undefined;
  if (region && region.newEnd - region.start <= FEW_LINES) {
    touched = new Set();
    for (let line = region.start; line < region.newEnd; line++) touched.add(state.structure.blockOfLine[line]);
    if (![...touched].some((b) => kept!.byBlock.has(b))) return { ...kept!, revision: state.revision };
  }
  const byBlock = new Map<BlockNode, string>();
  const parts: string[] = [];
  // A file included inside a block lends its top-level lines to that block.
  const lenders: Iterable<[string, BlockNode]> = state.doc.enclosingTags.length > 0 ? [['', state.structure.root]] : state.index.topDomainBlocks();
  for (const [key, b] of lenders) {
    let part = touched && !touched.has(b) ? kept!.byBlock.get(b) : undefined;
    if (part === undefined) {
      const lines = [`${b.openLine}|<domain ${key}>`];
      for (const s of state.index.settings(b).list) if (INHERITED_ACROSS_FILES.has(s.name)) lines.push(`${s.line}|${s.name}|${s.args.map((a) => a.text).join(' ')}`);
      part = lines.join('\n');
    }
    byBlock.set(b, part);
    parts.push(part);
  }
  return { revision: state.revision, text: parts.join('\n'), byBlock };
}

/** What the checks across files read of a file's lines (acrossFiles.ts `itemsOf`), besides top-level lines and block names. */
const ITEM_READS = ['smtp-source-host', 'smtp-proxy-source-host', 'domain-key', 'password', 'http-access', 'reply'];

/**
 * The revision a file's pending changes start from (its last analysis in a set) when they leave
 * what is made of `reads` as it was: no line added or removed, no block changed, none of `reads`
 * on the changed lines, and with `insideBlocks`, a few lines all inside blocks (top-level lines
 * count too for the checks across files). Undefined otherwise.
 */
function unchangedSince(state: DocState | undefined, reads: readonly string[], insideBlocks: boolean): number | undefined {
  const region = editedInPlace(state);
  const settings = state?.changes.settings;
  if (!region || settings === undefined || reads.some((n) => settings.has(n))) return undefined;
  if (insideBlocks) {
    const { start, newEnd } = region;
    if (newEnd - start > FEW_LINES) return undefined;
    for (let line = start; line < newEnd; line++) if (state!.structure.blockOfLine[line] === state!.structure.root) return undefined;
  }
  return state!.inSet!.revision;
}

/** The lines a file's pending changes (since its last analysis in a set) touched, when they leave every line and block in place. */
function editedInPlace(state: DocState | undefined): Region | undefined {
  const c = state?.changes;
  if (!state?.inSet || !c || c.region.delta !== 0 || c.structure || c.retagged || c.spliced) return undefined;
  return c.region;
}

/** How many changed lines are looked at one by one; a larger edit makes the kept pieces anew. */
const FEW_LINES = 64;

/** Each file's last part (wholeConfigurationParts), for its revision and its place in a set. */
const PARTS = new WeakMap<PmtaDocument, { place: string; reads: Section | undefined; inherited: InheritedSection | undefined; part: Part | undefined }>();

/** The sections of a Part every rule may read, and the one only the rules that `inherit` read. */
const SHARED_SECTIONS = [0, 1] as const;
const LENT = [2] as const;

/** Whether the other files' parts (all but file `own`'s) are what they were, in these sections. */
function sameOthers(before: readonly Part[], now: readonly Part[], own: number, sections: readonly number[] = SHARED_SECTIONS): boolean {
  if (before.length !== now.length) return false;
  for (let i = 0; i < now.length; i++) {
    if (i === own || before[i] === now[i]) continue;
    for (const k of sections) if (before[i][k] !== now[i][k]) return false;
  }
  return true;
}
