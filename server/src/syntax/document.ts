import { isBlockTag, LineInfo, LineKind, RegexArgLookup, scanLine } from './scanner';
import { replaceRange } from '../arrays';

/**
 * An open block on the stack. Frames are interned (one object per distinct stack), so two
 * states are equal exactly when they are the same object: that makes the convergence test of
 * the incremental re-parse a pointer comparison, however deep the nesting.
 */
export interface Frame {
  readonly tag: string;
  readonly parent: Frame | null;
  readonly depth: number;
  readonly id: number;
}

/** What one line hands to the next: the open blocks and whether a comma list carries on. */
export interface LineState {
  readonly frame: Frame | null;
  readonly cont: boolean;
}

/** Interning tables shared by a document's successive versions. */
class StateTable {
  /** Child frames by parent id (0: the top level), then by tag; states by frame id. Number keys, no key strings per line. */
  private frames = new Map<number, Map<string, Frame>>();
  private plain: LineState[] = [];
  private continued: LineState[] = [];
  private nextId = 1;
  readonly root: LineState = { frame: null, cont: false };
  private readonly rootCont: LineState = { frame: null, cont: true };

  push(parent: Frame | null, tag: string): Frame {
    const pid = parent ? parent.id : 0;
    let children = this.frames.get(pid);
    if (!children) this.frames.set(pid, (children = new Map()));
    let f = children.get(tag);
    if (!f) {
      f = { tag, parent, depth: parent ? parent.depth + 1 : 1, id: this.nextId++ };
      children.set(tag, f);
    }
    return f;
  }

  state(frame: Frame | null, cont: boolean): LineState {
    if (!frame) return cont ? this.rootCont : this.root;
    const table = cont ? this.continued : this.plain;
    return (table[frame.id] ??= { frame, cont });
  }
}

/** Where the innermost frame whose tag is `tag` sits, or null. */
export function findFrame(frame: Frame | null, tag: string): Frame | null {
  for (let f = frame; f; f = f.parent) if (f.tag === tag) return f;
  return null;
}

/**
 * Lines [start, oldEnd) of one version became lines [start, newEnd) of the next: outside them every
 * line has the same LineInfo and the same state before it (lines after are only shifted).
 */
export interface ChangedRange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * Interned scans kept between updates. The first full scan interns every line; afterwards only
 * recent texts are kept (enough for a pasted block), since the first scan's table is large.
 */
const SCAN_CACHE_SIZE = 4096;

/** A reader past the scan frontier gets this many lines scanned at once (a fraction of a millisecond). */
const SCAN_AHEAD = 256;

/**
 * An edit that puts in more lines than this and runs to the end of the text (the whole text pasted
 * over, a file reloaded) is scanned lazily from its first changed line, as a new text is, instead
 * of at once: scanning 100k lines blocked the server for ~130 ms.
 */
const LAZY_EDIT_LINES = 32768;

/** How many updates the change log remembers; a reader further behind compares the lines itself. */
const CHANGE_LOG_SIZE = 64;

/** Edits in one change from which they are applied as one update (`applyEdits`). */
const BATCH_MIN_EDITS = 8;
/** Lines an edit may span or put in to be applied in a batch (larger ones go one by one). */
const BATCH_MAX_SPAN = 1024;

export interface TextEdit {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

export function splitLines(text: string): string[] {
  // Splitting on one character is several times faster than on the pattern, and most files have no \r.
  return text.indexOf('\r') < 0 ? text.split('\n') : text.split(LINE_BREAK);
}

/** The line break after each line of `text` as splitLines cuts it (`''` after the last line). */
function breaksOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.push('\n');
    else if (c === 13) {
      const crlf = text.charCodeAt(i + 1) === 10;
      out.push(crlf ? '\r\n' : '\r');
      if (crlf) i++;
    }
  }
  out.push('');
  return out;
}

/** `\n` after each of `count` lines (`''` after the last). */
function lineFeeds(count: number): string[] {
  const out = new Array<string>(count).fill('\n');
  out[count - 1] = '';
  return out;
}

/** Whether `text` holds more than `most` line breaks (a `\r\n` may count twice). */
function moreBreaksThan(text: string, most: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 10 || c === 13) && ++n > most) return true;
  }
  return false;
}

/**
 * The incremental document model: the lines, one cached LineInfo per line, and the state after
 * each line. An edit re-scans only the touched lines, then carries the state forward until it
 * matches the state the old version had at the same line (convergence), reusing everything after.
 *
 * Identical lines share one LineInfo (scans are interned by text): configurations repeat lines
 * such as `</domain>` or `max-smtp-out 10` thousands of times, and the analysis checks a shared
 * info once. A line keeps its LineInfo object while its text and continuation state are unchanged.
 *
 * A new text is scanned lazily, front to back, as far as a reader asks (`info(i)` scans up to line
 * i): opening a 100k-line file only splits it, and the analysis, which reads the lines in order in
 * slices, spreads the scan over its slices instead of blocking the server for it at once.
 */
export class PmtaDocument {
  private lines: string[];
  private infos: LineInfo[];
  private after: LineState[];
  private readonly table = new StateTable();
  /** Interned scans: [not continued, continued], keyed by the line text. */
  private readonly scans = [new Map<string, LineInfo>(), new Map<string, LineInfo>()];
  /** State before the first line: empty, or the blocks around the `include` that pulls this file in. */
  private initial: LineState;
  private initialTags: readonly string[];
  /** How many blocks the file is included in (the depth of the initial state's frame). */
  private enclosingDepth = 0;
  /** Counts edits; lets caches tell versions apart. */
  revision = 0;
  /** Lines scanned by the last update (for tests and the benchmark). */
  lastRescanned = 0;
  /** Lines [0, scannedTo) have their info and the state after them; the rest wait for a reader. */
  private scannedTo = 0;
  /** The ranges changed by the last updates, oldest first: `changes[k]` led to revision `changesFrom + k + 1`. */
  private changes: ChangedRange[] = [];
  private changesFrom = 0;
  /**
   * The line break after each line (`''` after the last), or undefined while every one is a plain
   * `\n` (no carriage return in the text: a whole new text is looked at; an edit that brings one
   * keeps them from then on). A lone `\r` is a line break for LSP, and an edit can make it one
   * `\r\n` with a `\n` after it: the editor then has a line less, and so must the model.
   */
  private breaks: string[] | undefined;

  /**
   * @param lazyEditLines from how many lines an edit to the end of the text, or a change's edits
   * spread over, are scanned lazily (LAZY_EDIT_LINES; tests lower it to reach those paths with
   * small texts).
   */
  constructor(
    text: string,
    private readonly regexArg: RegexArgLookup,
    initialTags: readonly string[] = [],
    private readonly lazyEditLines = LAZY_EDIT_LINES,
  ) {
    this.initialTags = initialTags;
    this.initial = this.stateFor(initialTags);
    this.enclosingDepth = this.initial.frame?.depth ?? 0;
    this.lines = splitLines(text);
    this.infos = new Array(this.lines.length);
    this.after = new Array(this.lines.length);
    this.breaks = text.includes('\r') ? breaksOf(text) : undefined;
  }

  /** The line break after a line: `\n`, `\r\n` or `\r` (`''` after the last line). */
  breakAfter(line: number): string {
    if (line >= this.lines.length - 1) return '';
    return this.breaks ? this.breaks[line] : '\n';
  }

  /** Whether every line break is a plain `\n`. */
  get lineFeedsOnly(): boolean {
    return this.breaks === undefined;
  }

  /** Whether every line is scanned (a new text is scanned as far as readers ask). */
  get fullyScanned(): boolean {
    return this.scannedTo === this.lines.length;
  }

  /** Scans on from the frontier to line `end` (exclusive), as the first scan of a text does. */
  scanTo(end: number): void {
    const n = this.lines.length;
    if (end > n) end = n;
    let i = this.scannedTo;
    if (i >= end) return;
    let state = i === 0 ? this.initial : this.after[i - 1];
    let scanned = 0;
    for (; i < end; i++) {
      // A line with an info here kept its text through an edit scanned lazily (applyEdits).
      if (this.rescan(i, state.cont, true)) scanned++;
      state = this.transition(state, this.infos[i]);
      this.after[i] = state;
    }
    this.lastRescanned = scanned;
    this.scannedTo = end;
    if (end === n) this.dropScanCache();
  }

  private dropScanCache(): void {
    for (const cache of this.scans) if (cache.size > SCAN_CACHE_SIZE) cache.clear();
  }

  get lineCount(): number {
    return this.lines.length;
  }

  line(i: number): string {
    return this.lines[i];
  }

  info(i: number): LineInfo {
    if (i >= this.scannedTo) this.scanTo(i + SCAN_AHEAD);
    return this.infos[i];
  }

  /** State before line i (the open blocks that enclose it). */
  stateBefore(i: number): LineState {
    if (i === 0) return this.initial;
    if (i > this.scannedTo) this.scanTo(i - 1 + SCAN_AHEAD);
    return this.after[i - 1];
  }

  /** Blocks (outermost first) that enclose the whole file, e.g. `['virtual-mta']` for a file included inside one. */
  get enclosingTags(): readonly string[] {
    return this.initialTags;
  }

  /** Re-parses the document as if it were included inside these blocks (outermost first). */
  setEnclosingTags(tags: readonly string[]): void {
    if (tags.length === this.initialTags.length && tags.every((t, i) => t === this.initialTags[i])) return;
    this.initialTags = [...tags];
    this.initial = this.stateFor(tags);
    this.enclosingDepth = this.initial.frame?.depth ?? 0;
    this.revision++;
    this.scannedTo = 0;
    this.logChange({ start: 0, oldEnd: this.lines.length, newEnd: this.lines.length });
  }

  private stateFor(tags: readonly string[]): LineState {
    let frame: Frame | null = null;
    for (const t of tags) frame = this.table.push(frame, t.toLowerCase());
    return this.table.state(frame, false);
  }

  stateAfter(i: number): LineState {
    if (i >= this.scannedTo) this.scanTo(i + SCAN_AHEAD);
    return this.after[i];
  }

  /** The text, with each line break as it is. */
  getText(): string {
    const breaks = this.breaks;
    if (!breaks) return this.lines.join('\n');
    return this.lines.map((line, i) => line + breaks[i]).join('');
  }

  /** All the lines (read-only view). */
  allLines(): readonly string[] {
    return this.lines;
  }

  allInfos(): readonly LineInfo[] {
    this.scanTo(this.lines.length);
    return this.infos;
  }

  setText(text: string): void {
    const oldCount = this.lines.length;
    this.lines = splitLines(text);
    this.breaks = text.includes('\r') ? breaksOf(text) : undefined;
    this.infos = new Array(this.lines.length);
    this.after = new Array(this.lines.length);
    this.revision++;
    this.scannedTo = 0;
    this.logChange({ start: 0, oldEnd: oldCount, newEnd: this.lines.length });
  }

  /**
   * One range that covers every line changed since `revision` (in that version's numbering and in
   * the current one), or undefined when the log no longer reaches back that far. An empty range
   * (start === oldEnd === newEnd) means nothing changed.
   */
  changedSince(revision: number): ChangedRange | undefined {
    if (revision > this.revision || revision < this.changesFrom) return undefined;
    let merged: ChangedRange | undefined;
    for (let k = revision - this.changesFrom; k < this.changes.length; k++) merged = merged ? compose(merged, this.changes[k]) : { ...this.changes[k] };
    return merged ?? { start: 0, oldEnd: 0, newEnd: 0 };
  }

  private logChange(range: ChangedRange): void {
    this.changes.push(range);
    if (this.changes.length > CHANGE_LOG_SIZE) {
      this.changes.shift();
      this.changesFrom++;
    }
    // Every update logs exactly one range, so the log ends at the current revision.
    if (this.changesFrom + this.changes.length !== this.revision) {
      this.changes = [];
      this.changesFrom = this.revision;
    }
  }

  /** Apply one LSP-style range edit (UTF-16 positions, as JavaScript strings use). */
  applyEdit(edit: TextEdit): void {
    // The carried-state comparison below needs the old version scanned to its end.
    this.scanTo(this.lines.length);
    const { sL, eL, toEnd, inserted, breaks } = this.editedLines(edit);
    const removed = eL - sL + 1;
    if (inserted.length > this.lazyEditLines && toEnd) {
      this.replaceToEnd(sL, inserted, breaks);
      return;
    }
    const old: Replaced = { before: this.stateBefore(sL), infos: this.infos.slice(sL, eL + 1), after: this.after.slice(sL, eL + 1) };
    this.replaceLines(sL, removed, inserted, breaks);
    this.revision++;
    // The state the old version had after the replaced lines: if the new lines end in it, the
    // line below is unchanged and stays out of the changed range.
    const end = this.reparseFrom(sL, sL + inserted.length, old.after[removed - 1]);
    this.logChange(this.narrowed(sL, end, inserted.length, old));
  }

  /**
   * LSP edits applied in order as one update: each replaces its lines, and the lines are re-parsed
   * once, from the first changed line past the last, until the state converges. Applied one by one,
   * each edit carries its changed state on to where it converges, which for a replace-all over tag
   * names is the end of the file every time: 28k such edits of a 100k-line file took 44 s.
   */
  applyEdits(edits: readonly TextEdit[]): void {
    if (edits.length < BATCH_MIN_EDITS || edits.some((e) => e.endLine - e.startLine > BATCH_MAX_SPAN || moreBreaksThan(e.text, BATCH_MAX_SPAN))) {
      for (const edit of edits) this.applyEdit(edit);
      return;
    }
    this.scanTo(this.lines.length);
    const oldCount = this.lines.length;
    // The changed lines, in the coordinates after the edits so far.
    let lo = this.lines.length;
    let hi = 0;
    for (const edit of edits) {
      let sL: number, eL: number, count: number;
      if (this.withinOneLine(edit)) {
        sL = eL = edit.startLine;
        count = 1;
        this.editOneLine(edit);
      } else {
        const edited = this.editedLines(edit);
        ({ sL, eL } = edited);
        count = edited.inserted.length;
        this.replaceLines(sL, eL - sL + 1, edited.inserted, edited.breaks);
      }
      const end = sL + count;
      const shifted = hi <= sL ? hi : hi > eL ? hi + count - (eL - sL + 1) : end;
      lo = Math.min(lo, sL);
      hi = Math.max(shifted, end);
    }
    this.revision++;
    if (hi - lo > this.lazyEditLines) {
      // Edits spread over the file (a replace-all): re-parsing them at once blocked the server for
      // ~25 ms at 100k lines, on top of reading the change. They are scanned as they are read, as a
      // new text is; lines that kept their text keep their info. The range runs to the end, since
      // where the carried state converges is not known yet.
      this.scanLazilyFrom(lo, oldCount);
      return;
    }
    // Unchanged lines between the edits keep their infos; the old state after a replaced line is lost.
    const end = this.reparseFrom(lo, hi, undefined);
    this.logChange({ start: lo, oldEnd: end - (this.lines.length - oldCount), newEnd: end });
  }

  /**
   * An edit inside one existing line that puts in no line break (a replace-all's, a rename's), on a
   * line after no lone `\r` (emptied, such a line could leave that `\r` and the `\n` after it one break).
   */
  private withinOneLine(edit: TextEdit): boolean {
    const l = edit.startLine;
    return l === edit.endLine && l >= 0 && l < this.lines.length && edit.text.indexOf('\n') < 0 && edit.text.indexOf('\r') < 0 && (l === 0 || this.breaks?.[l - 1] !== '\r');
  }

  /** Applies an edit `withinOneLine` without splitting its text: the line waits for a re-parse. */
  private editOneLine(edit: TextEdit): void {
    const i = edit.startLine;
    const line = this.lines[i];
    const sC = clamp(edit.startCharacter, 0, line.length);
    const eC = Math.max(sC, clamp(edit.endCharacter, 0, line.length));
    this.putLine(i, line.slice(0, sC) + edit.text + line.slice(eC));
  }

  /** Line i gets a new text and waits for a re-parse (no info, no state). */
  private putLine(i: number, text: string): void {
    this.lines[i] = text;
    this.infos[i] = undefined as unknown as LineInfo;
    this.after[i] = undefined as unknown as LineState;
  }

  /**
   * The lines an edit puts in place of lines [sL, eL] (its positions clamped: past the end means the
   * end of the document, as LSP says; an end before the start is the start), with the text before
   * and after the edit on its first and last line. `toEnd`: it runs to the end of the text.
   */
  private editedLines(edit: TextEdit): { sL: number; eL: number; toEnd: boolean; inserted: string[]; breaks: string[] | undefined } {
    let [sL, sC] = this.clampPosition(edit.startLine, edit.startCharacter);
    let [eL, eC] = this.clampPosition(edit.endLine, edit.endCharacter);
    if (eL < sL || (eL === sL && eC < sC)) [eL, eC] = [sL, sC];
    const inserted = splitLines(edit.text);
    const cr = edit.text.includes('\r');
    if (cr && !this.breaks) this.breaks = lineFeeds(this.lines.length);
    inserted[0] = this.lines[sL].slice(0, sC) + inserted[0];
    inserted[inserted.length - 1] += this.lines[eL].slice(eC);
    const toEnd = eL === this.lines.length - 1 && eC === this.lines[eL].length;
    const old = this.breaks;
    if (!old) return { sL, eL, toEnd, inserted, breaks: undefined };
    const breaks = cr ? breaksOf(edit.text) : lineFeeds(inserted.length);
    breaks[breaks.length - 1] = old[eL];
    // A lone `\r` put in at the end of a line followed by `\n`: the two are one line break now.
    const k = inserted.length - 1;
    if (k > 0 && inserted[k] === '' && breaks[k - 1] === '\r' && breaks[k] === '\n') {
      inserted.pop();
      breaks.pop();
      breaks[k - 1] = '\r\n';
    }
    // A lone `\r` before the edit, and a first line put in that is empty with a `\n` after it: the
    // same. The line before takes in the edit (its text unchanged, its break now `\r\n`).
    if (sL > 0 && old[sL - 1] === '\r' && inserted[0] === '' && breaks[0] === '\n') {
      sL--;
      inserted[0] = this.lines[sL];
      breaks[0] = '\r\n';
    }
    return { sL, eL, toEnd, inserted, breaks };
  }

  /**
   * Lines [start, start + removed) become `inserted`, which wait for a re-parse (no info, no state).
   * Every other line stays scanned, moved as it was: lines put in must not leave the last lines
   * counted as unscanned, which scanned them again and gave them new infos.
   */
  private replaceLines(start: number, removed: number, inserted: string[], breaks: string[] | undefined): void {
    // replaceRange, not splice(…spread): a paste of 150k lines is more arguments than V8 takes.
    if (breaks) this.breaks = replaceRange(this.breaks!, start, removed, breaks);
    if (removed === inserted.length) {
      // As many lines as before (Replace All, a rename): in place, without three splices per edit.
      for (let k = 0; k < removed; k++) this.putLine(start + k, inserted[k]);
    } else {
      this.lines = replaceRange(this.lines, start, removed, inserted);
      this.infos = replaceRange(this.infos, start, removed, new Array<LineInfo>(inserted.length));
      this.after = replaceRange(this.after, start, removed, new Array<LineState>(inserted.length));
    }
    this.scannedTo = this.lines.length;
  }

  /**
   * Lines [start, end of text) become `inserted`, left to be scanned as they are read. The lines
   * that came back as they were at the front keep their scan; the logged range runs to the end.
   */
  private replaceToEnd(start: number, inserted: string[], breaks: string[] | undefined): void {
    const oldCount = this.lines.length;
    let front = 0;
    while (front < inserted.length - 1 && start + front < oldCount - 1 && inserted[front] === this.lines[start + front] && (!breaks || breaks[front] === this.breaks![start + front])) front++;
    const from = start + front;
    const rest = inserted.slice(front);
    if (breaks) this.breaks = replaceRange(this.breaks!, from, oldCount - from, breaks.slice(front));
    this.lines = replaceRange(this.lines, from, oldCount - from, rest);
    this.infos = replaceRange(this.infos, from, oldCount - from, new Array<LineInfo>(rest.length));
    this.after = replaceRange(this.after, from, oldCount - from, new Array<LineState>(rest.length));
    this.revision++;
    this.scanLazilyFrom(from, oldCount);
  }

  /** Lines from `start` on wait to be scanned as they are read; the logged range runs to the end (of `oldCount` lines before). */
  private scanLazilyFrom(start: number, oldCount: number): void {
    this.scannedTo = start;
    this.lastRescanned = 0;
    this.logChange({ start, oldEnd: oldCount, newEnd: this.lines.length });
  }

  /**
   * The changed range of an edit of lines [start, start + old.infos.length) into `count` lines, the
   * re-parse having changed lines up to `end`, without the replaced lines it left as they were at
   * either end: the same text and continuation, and the same state before. Enter at the end of a
   * tag line, or before it, then changes only the new line. Such a line keeps its old LineInfo.
   */
  private narrowed(start: number, end: number, count: number, old: Replaced): ChangedRange {
    const removed = old.infos.length;
    // Whether new `line` reads as replaced line k did; if so it takes back that line's LineInfo.
    const keptAsWas = (line: number, k: number): boolean => {
      const was = old.infos[k];
      const info = this.infos[line];
      if (info !== was && (info.text !== was.text || info.continued !== was.continued)) return false;
      this.infos[line] = was;
      this.lines[line] = was.text;
      return true;
    };
    // From the front: the state before the first line is unchanged, and equal lines keep it equal.
    let front = 0;
    while (front < removed && front < count && keptAsWas(start + front, front)) front++;
    let back = 0;
    // From the back, only when the re-parse stopped at the edit's end: then the range ends with the
    // edit's own lines (past it, carried states changed lines that no replaced line corresponds to).
    if (end === start + count) {
      const oldBefore = (k: number) => (k === 0 ? old.before : old.after[k - 1]);
      while (back < removed - front && back < count - front) {
        const line = end - 1 - back;
        const k = removed - 1 - back;
        // The same state before and the same line give the same state after.
        if (this.stateBefore(line) !== oldBefore(k) || !keptAsWas(line, k)) break;
        back++;
      }
    }
    return { start: start + front, oldEnd: end - (count - removed) - back, newEnd: end - back };
  }

  private clampPosition(line: number, character: number): [number, number] {
    const last = this.lines.length - 1;
    if (line > last) return [last, this.lines[last].length];
    const l = Math.max(0, line);
    return [l, clamp(character, 0, this.lines[l].length)];
  }

  /**
   * Scan the lines from `from` that have no info (the replaced ones) or whose continuation changed,
   * and carry the state on; past changedEnd, stop as soon as the new state after a line equals the
   * old one there, since everything below is then unchanged. Returns the end of the lines whose
   * info or state before them may have changed: the line at changedEnd counts only when it was
   * re-scanned or the state before it differs from `oldStateAtEnd` (the old state before it, when
   * known).
   */
  private reparseFrom(from: number, changedEnd: number, oldStateAtEnd: LineState | undefined): number {
    let state = this.stateBefore(from);
    let scanned = 0;
    const n = this.lines.length;
    let end = n;
    for (let i = from; i < n; i++) {
      const kept = this.infos[i];
      if (i === changedEnd && state === oldStateAtEnd && kept !== undefined && kept.continued === state.cont) {
        end = i;
        break;
      }
      if (this.rescan(i, state.cont, false)) scanned++;
      const next = this.transition(state, this.infos[i]);
      if (i >= changedEnd && this.after[i] === next) {
        // Line i may have been re-scanned (its continuation flag changed); lines below are as they were.
        end = i + 1;
        break;
      }
      this.after[i] = next;
      state = next;
    }
    this.lastRescanned = scanned;
    return end;
  }

  /**
   * Gives line i an info for this continuation: the one it has when it fits, else a scan (`full`:
   * as in scanTo). Returns whether it scanned.
   */
  private rescan(i: number, continued: boolean, full: boolean): boolean {
    const info = this.infos[i];
    if (info !== undefined && info.continued === continued) return false;
    const fresh = this.scan(this.lines[i], continued, full);
    this.infos[i] = fresh;
    // One string per distinct text: the line and its info hold the same one.
    this.lines[i] = fresh.text;
    return true;
  }

  private scan(text: string, continued: boolean, full: boolean): LineInfo {
    const cache = this.scans[continued ? 1 : 0];
    let info = cache.get(text);
    if (info === undefined) {
      info = scanLine(text, continued, this.regexArg);
      // Typing creates a new text per keystroke: start afresh rather than grow without bound.
      if (!full && cache.size > SCAN_CACHE_SIZE) cache.clear();
      cache.set(text, info);
    }
    return info;
  }

  private transition(state: LineState, info: LineInfo): LineState {
    let frame = state.frame;
    switch (info.kind) {
      case LineKind.Open:
        if (isBlockTag(info)) frame = this.table.push(frame, info.tag!.text.toLowerCase());
        break;
      case LineKind.Close: {
        if (!isBlockTag(info)) break;
        const target = findFrame(frame, info.tag!.text.toLowerCase());
        // A close that matches an outer block closes the inner ones too; one that matches nothing is
        // ignored, and so is one that matches only a block the file is included in: the block tree
        // (structureSteps) reports it as closing nothing, and the analysis reads each line's blocks
        // from the tree and from these states alike, so the two must agree.
        if (target && target.depth > this.enclosingDepth) frame = target.parent;
        break;
      }
      case LineKind.Directive:
        if (info.nestedOpen) frame = this.table.push(frame, 'pattern-list');
        break;
    }
    const cont = info.trailingComma && (info.kind === LineKind.Directive || info.kind === LineKind.Continuation);
    return this.table.state(frame, cont);
  }
}

/** What an edit replaced: the state before its first line, and the lines' infos and states after them. */
interface Replaced {
  before: LineState;
  infos: LineInfo[];
  after: LineState[];
}

/** The change of `a` followed by `b` as one range (b is in the numbering a produced). */
function compose(a: ChangedRange, b: ChangedRange): ChangedRange {
  const start = Math.min(a.start, b.start);
  const midEnd = Math.max(a.newEnd, b.oldEnd);
  const oldEnd = midEnd === a.newEnd ? a.oldEnd : b.oldEnd - (a.newEnd - a.oldEnd);
  const newEnd = midEnd === b.oldEnd ? b.newEnd : a.newEnd + (b.newEnd - b.oldEnd);
  return { start, oldEnd: Math.max(oldEnd, start), newEnd: Math.max(newEnd, start) };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
