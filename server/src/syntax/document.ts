import { LineInfo, LineKind, RegexArgLookup, scanLine } from './scanner';

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
  private frames = new Map<string, Frame>();
  private states = new Map<string, LineState>();
  private nextId = 1;
  readonly root: LineState = { frame: null, cont: false };
  private readonly rootCont: LineState = { frame: null, cont: true };

  push(parent: Frame | null, tag: string): Frame {
    const key = (parent ? parent.id : 0) + '|' + tag;
    let f = this.frames.get(key);
    if (!f) {
      f = { tag, parent, depth: parent ? parent.depth + 1 : 1, id: this.nextId++ };
      this.frames.set(key, f);
    }
    return f;
  }

  state(frame: Frame | null, cont: boolean): LineState {
    if (!frame) return cont ? this.rootCont : this.root;
    const key = frame.id + (cont ? '+' : '-');
    let s = this.states.get(key);
    if (!s) {
      s = { frame, cont };
      this.states.set(key, s);
    }
    return s;
  }
}

/** Where the innermost frame whose tag is `tag` sits, or null. */
export function findFrame(frame: Frame | null, tag: string): Frame | null {
  for (let f = frame; f; f = f.parent) if (f.tag === tag) return f;
  return null;
}

export interface TextEdit {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/**
 * The incremental document model: the lines, one cached LineInfo per line, and the state after
 * each line. An edit re-scans only the touched lines, then carries the state forward until it
 * matches the state the old version had at the same line (convergence), reusing everything after.
 */
export class PmtaDocument {
  private lines: string[];
  private infos: LineInfo[];
  private after: LineState[];
  private readonly table = new StateTable();
  /** State before the first line: empty, or the blocks around the `include` that pulls this file in. */
  private initial: LineState;
  private initialTags: readonly string[];
  /** Counts edits; lets caches tell versions apart. */
  revision = 0;
  /** Lines scanned by the last update (for tests and the benchmark). */
  lastRescanned = 0;

  constructor(
    text: string,
    private readonly regexArg: RegexArgLookup,
    initialTags: readonly string[] = [],
  ) {
    this.initialTags = initialTags;
    this.initial = this.stateFor(initialTags);
    this.lines = splitLines(text);
    this.infos = new Array(this.lines.length);
    this.after = new Array(this.lines.length);
    this.reparseFrom(0, this.lines.length, true);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  line(i: number): string {
    return this.lines[i];
  }

  info(i: number): LineInfo {
    return this.infos[i];
  }

  /** State before line i (the open blocks that enclose it). */
  stateBefore(i: number): LineState {
    return i === 0 ? this.initial : this.after[i - 1];
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
    this.revision++;
    this.reparseFrom(0, this.lines.length, true);
  }

  private stateFor(tags: readonly string[]): LineState {
    let frame: Frame | null = null;
    for (const t of tags) frame = this.table.push(frame, t.toLowerCase());
    return this.table.state(frame, false);
  }

  stateAfter(i: number): LineState {
    return this.after[i];
  }

  getText(eol = '\n'): string {
    return this.lines.join(eol);
  }

  /** All the lines (read-only view). */
  allLines(): readonly string[] {
    return this.lines;
  }

  allInfos(): readonly LineInfo[] {
    return this.infos;
  }

  setText(text: string): void {
    this.lines = splitLines(text);
    this.infos = new Array(this.lines.length);
    this.after = new Array(this.lines.length);
    this.revision++;
    this.reparseFrom(0, this.lines.length, true);
  }

  /** Apply one LSP-style range edit (UTF-16 positions, as JavaScript strings use). */
  applyEdit(edit: TextEdit): void {
    // Positions past the end mean the end of the document (as LSP says); an end before the start is the start.
    const [sL, sC] = this.clampPosition(edit.startLine, edit.startCharacter);
    let [eL, eC] = this.clampPosition(edit.endLine, edit.endCharacter);
    if (eL < sL || (eL === sL && eC < sC)) [eL, eC] = [sL, sC];
    const inserted = splitLines(edit.text);
    const head = this.lines[sL].slice(0, sC);
    const tail = this.lines[eL].slice(eC);
    inserted[0] = head + inserted[0];
    inserted[inserted.length - 1] += tail;
    const removed = eL - sL + 1;
    this.lines.splice(sL, removed, ...inserted);
    this.infos.splice(sL, removed, ...new Array<LineInfo>(inserted.length));
    this.after.splice(sL, removed, ...new Array<LineState>(inserted.length));
    this.revision++;
    this.reparseFrom(sL, sL + inserted.length, false);
  }

  private clampPosition(line: number, character: number): [number, number] {
    const last = this.lines.length - 1;
    if (line > last) return [last, this.lines[last].length];
    const l = Math.max(0, line);
    return [l, clamp(character, 0, this.lines[l].length)];
  }

  /**
   * Re-scan lines [from, changedEnd) and carry the state on; past changedEnd, stop as soon as the
   * new state after a line equals the old one there, since everything below is then unchanged.
   */
  private reparseFrom(from: number, changedEnd: number, full: boolean): void {
    let state = this.stateBefore(from);
    let scanned = 0;
    const n = this.lines.length;
    for (let i = from; i < n; i++) {
      let info = this.infos[i];
      if (i < changedEnd || info === undefined || info.continued !== state.cont) {
        info = scanLine(this.lines[i], state.cont, this.regexArg);
        this.infos[i] = info;
        scanned++;
      }
      const next = this.transition(state, info);
      if (!full && i >= changedEnd && this.after[i] === next) break;
      this.after[i] = next;
      state = next;
    }
    this.lastRescanned = scanned;
  }

  private transition(state: LineState, info: LineInfo): LineState {
    let frame = state.frame;
    switch (info.kind) {
      case LineKind.Open:
        frame = this.table.push(frame, (info.tag?.text ?? '').toLowerCase());
        break;
      case LineKind.Close: {
        const target = findFrame(frame, (info.tag?.text ?? '').toLowerCase());
        // A close that matches an outer block closes the inner ones too; one that matches nothing is ignored.
        if (target) frame = target.parent;
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

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
