import { lowerBound, pushAll, replaceRange } from '../arrays';
import { drain } from '../steps';
import type { Frame, PmtaDocument } from './document';
import { isBlockTag, type LineInfo, LineKind, type Mutable, Span } from './scanner';

/** A `<tag …>` … `</tag>` block (or a nested `<pattern-list>` opened at the end of a rule line). */
export interface BlockNode {
  /** Lower-cased tag name; `global` for the root. */
  readonly tag: string;
  readonly arg?: string;
  readonly argSpan?: Span;
  readonly tagSpan?: Span;
  readonly openLine: number;
  /** Line of the matching close tag, or -1. */
  closeLine: number;
  /** Last line that belongs to the block (its close tag, or where it was cut off). */
  endLine: number;
  /** How the block ended: its own close tag, an outer block's close tag, or the end of the file. */
  closedBy: 'tag' | 'outer' | 'eof';
  readonly parent: BlockNode | null;
  readonly children: BlockNode[];
  /** Directive lines directly inside this block (continuation lines excluded). */
  readonly lines: number[];
  /** Opened at the end of a rule line rather than on a line of its own. */
  readonly nested: boolean;
}

export interface Structure {
  readonly root: BlockNode;
  /** Every block in document order. */
  readonly blocks: BlockNode[];
  /** Close tags that match no open block. */
  readonly strayCloses: number[];
  /** The innermost block enclosing each line (the root for top-level lines). */
  readonly blockOfLine: BlockNode[];
  /** Blocks by tag, in document order (so a rule about `<source>` blocks need not visit every block). */
  readonly byTag: ReadonlyMap<string, readonly BlockNode[]>;
}

/** Builds the block tree from the cached line infos: one pass, no re-scanning. */
export function buildStructure(doc: PmtaDocument): Structure {
  return drain(structureSteps(doc));
}

/** Lines read between two pauses of `structureSteps` (a 100k-line tree took 35-60 ms in one piece). */
const STRUCTURE_STEP = 16384;

/** buildStructure() as a generator that yields every STRUCTURE_STEP lines, for a caller that works in slices. */
export function* structureSteps(doc: PmtaDocument): Generator<void, Structure> {
  const root: BlockNode = {
    tag: 'global',
    openLine: -1,
    closeLine: -1,
    endLine: doc.lineCount - 1,
    closedBy: 'eof',
    parent: null,
    children: [],
    lines: [],
    nested: false,
  };
  const blocks: BlockNode[] = [];
  const strayCloses: number[] = [];
  const blockOfLine: BlockNode[] = new Array(doc.lineCount);
  let current = root;
  const infos = doc.allInfos();
  for (let i = 0; i < infos.length; i++) {
    if (i > 0 && i % STRUCTURE_STEP === 0) yield;
    const info = infos[i];
    switch (treeKind(info)) {
      case LineKind.Open: {
        blockOfLine[i] = current;
        const node = openBlock(current, info.tag!.text.toLowerCase(), i, info.tagArg?.text, info.tagArg, info.tag, false);
        blocks.push(node);
        current = node;
        break;
      }
      case LineKind.Close: {
        const tag = info.tag!.text.toLowerCase();
        let target: BlockNode | null = current;
        while (target && target !== root && target.tag !== tag) target = target.parent;
        if (!target || target === root) {
          strayCloses.push(i);
          blockOfLine[i] = current;
          break;
        }
        for (let b: BlockNode = current; b !== target; b = b.parent!) {
          b.closedBy = 'outer';
          b.endLine = i - 1;
        }
        target.closeLine = i;
        target.endLine = i;
        target.closedBy = 'tag';
        blockOfLine[i] = target;
        current = target.parent!;
        break;
      }
      case LineKind.Directive:
        blockOfLine[i] = current;
        current.lines.push(i);
        if (info.nestedOpen) {
          const node = openBlock(current, 'pattern-list', i, undefined, undefined, info.tag, true);
          blocks.push(node);
          current = node;
        }
        break;
      default:
        blockOfLine[i] = current;
    }
  }
  for (let b: BlockNode = current; b !== root; b = b.parent!) {
    b.closedBy = 'eof';
    b.endLine = doc.lineCount - 1;
  }
  const byTag = new Map<string, BlockNode[]>();
  trimLines(root);
  for (const b of blocks) {
    trimLines(b);
    const list = byTag.get(b.tag);
    if (list) list.push(b);
    else byTag.set(b.tag, [b]);
  }
  return { root, blocks, strayCloses, blockOfLine, byTag };
}

/** Lines [start, oldEnd) of the old version became [start, newEnd) of the new one (delta = newEnd - oldEnd). */
export interface LineShift {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  readonly delta: number;
}

/**
 * Updates a block tree in place for the next version of its document when the changed lines (before
 * and after) neither open nor close a block: the tree keeps its shape and its nodes, lines below
 * the change move by `delta`, and the changed lines belong to the block that held the line before
 * them, whose directive lines are taken again (`isDirective(line)`, for lines of the new version).
 * Rebuilding instead costs a pass over every line and new nodes (and every result keyed by them).
 * Returns the block that holds the changed lines.
 */
export function shiftStructure(s: Structure, change: LineShift, isDirective: (line: number) => boolean): BlockNode {
  const { start, oldEnd, newEnd } = change;
  const holder = blockAfter(s, start - 1);
  moveBlocks(s, change, holder);
  setHolderLines(holder, change, isDirective);
  const held: BlockNode[] = new Array(newEnd - start).fill(holder);
  (s as Mutable<Structure>).blockOfLine = replaceRange(s.blockOfLine, start, oldEnd - start, held);
  return holder;
}

/** Moves every block's lines at or below the old end of the change by `delta` (the holder's own directive lines excepted). */
function moveBlocks(s: Structure, change: LineShift, holder: BlockNode): void {
  const { oldEnd, delta } = change;
  if (delta === 0) return;
  const move = (line: number) => (line >= oldEnd ? line + delta : line);
  const visit = (b: BlockNode) => {
    const node = b as Mutable<BlockNode>;
    if (b !== s.root) node.openLine = move(b.openLine);
    if (b.closeLine >= 0) node.closeLine = move(b.closeLine);
    // A block cut off by an outer close (or the end of the file) ends on the line before it, which may be a changed line.
    node.endLine = b.closedBy === 'tag' ? b.closeLine : b.endLine >= oldEnd - 1 ? b.endLine + delta : b.endLine;
    const lines = b.lines;
    if (b !== holder && lines.length > 0 && lines[lines.length - 1] >= oldEnd) for (let k = 0; k < lines.length; k++) if (lines[k] >= oldEnd) lines[k] += delta;
  };
  visit(s.root);
  for (const b of s.blocks) visit(b);
  for (let k = 0; k < s.strayCloses.length; k++) s.strayCloses[k] = move(s.strayCloses[k]);
}

/** The holder's directive lines: those before the change, the changed lines it now holds directly, those after (moved). */
function setHolderLines(holder: BlockNode, change: LineShift, holds: (line: number) => boolean): void {
  const { start, oldEnd, newEnd, delta } = change;
  const lines = holder.lines.filter((l) => l < start);
  for (let i = start; i < newEnd; i++) if (holds(i)) lines.push(i);
  for (const l of holder.lines) if (l >= oldEnd) lines.push(l + delta);
  (holder as Mutable<BlockNode>).lines = lines;
}

/**
 * Whether the tag lines among these lines close every block they open, in order, and nothing
 * else: such lines are whole blocks, and replacing them leaves the rest of the tree as it was.
 * With `stray`, a close tag that matches no block open on these lines may also stand alone when
 * `stray(tag)` says that no block around the lines has its tag: it closes nothing (as when the
 * open tag line of a block is commented out), and the rest of the tree stays as it was too.
 */
export function balancedTags(infos: readonly LineInfo[], from: number, to: number, stray?: (tag: string) => boolean): boolean {
  const open: string[] = [];
  for (let i = from; i < to; i++) {
    const info = infos[i];
    const kind = treeKind(info);
    if (kind === LineKind.Open) open.push(info.tag!.text.toLowerCase());
    else if (kind === LineKind.Close) {
      const tag = info.tag!.text.toLowerCase();
      if (open.length > 0 && open[open.length - 1] === tag) open.pop();
      else if (!stray || open.includes(tag) || !stray(tag)) return false;
    } else if (kind === LineKind.Directive && info.nestedOpen) open.push('pattern-list');
  }
  return open.length === 0;
}

/** Whether a close tag of this (lower-cased) tag would close `block` or a block around it. */
export function closesAround(block: BlockNode, tag: string): boolean {
  for (let b: BlockNode | null = block; b && b.parent; b = b.parent) if (b.tag === tag) return true;
  return false;
}

/** Lines [start, oldEnd) of the old version, [start, newEnd) of the new one. */
export interface LineRange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/**
 * The range grown by whole blocks of the old tree `s` until its lines, before and after, are whole
 * blocks (`balancedTags`), taking in at most `maxGrowth` more lines; undefined when it cannot be.
 * A setting moved below its block's close tag changes the close line and the setting's: grown to
 * the block's open line, both versions are whole blocks. The lines taken in are unchanged, found in
 * the new version `newEnd - oldEnd` lines on at the back.
 */
export function growToWholeBlocks(s: Structure, oldInfos: readonly LineInfo[], infos: readonly LineInfo[], range: LineRange, maxGrowth: number): LineRange | undefined {
  let { start, oldEnd, newEnd } = range;
  for (;;) {
    if (balancedTags(oldInfos, start, oldEnd) && balancedTags(infos, start, newEnd)) return { start, oldEnd, newEnd };
    let from = start;
    let to = oldEnd;
    // Blocks opened on the old lines run to their ends; blocks closed on them start at their opens.
    for (const b of blocksOpenedIn(s, start, oldEnd)) to = Math.max(to, b.endLine + 1);
    for (let i = start; i < oldEnd; i++) {
      const b = s.blockOfLine[i];
      if (treeKind(oldInfos[i]) === LineKind.Close && b.closeLine === i && b.openLine < from) from = b.openLine;
    }
    if (from === start && to === oldEnd) return undefined;
    if (range.start - from + (to - range.oldEnd) > maxGrowth) return undefined;
    newEnd += to - oldEnd;
    start = from;
    oldEnd = to;
  }
}

/** The blocks opened on lines [from, to), in document order. */
export function blocksOpenedIn(s: Structure, from: number, to: number): BlockNode[] {
  const first = lowerBound(s.blocks.length, (i) => s.blocks[i].openLine < from);
  const end = lowerBound(s.blocks.length, (i) => s.blocks[i].openLine < to);
  return s.blocks.slice(first, end);
}

/** What `spliceStructure` changed. */
export interface Splice {
  /** The block that holds the changed lines. */
  readonly holder: BlockNode;
  /** The blocks opened on the new lines, in document order. */
  readonly added: readonly BlockNode[];
  /** The blocks that were opened on the old lines (no longer in the tree). */
  readonly removed: ReadonlySet<BlockNode>;
}

/**
 * Updates a block tree in place when the changed lines, before and after, are whole blocks
 * (`balancedTags`, stray close tags allowed when they close no block around the lines), as when a
 * block is pasted or deleted: the blocks opened on the old lines go, the ones on the new lines come
 * in under the block that holds the change, and the rest of the tree keeps its nodes and moves by
 * `delta` (as shiftStructure). `infos` are the new version's.
 */
export function spliceStructure(s: Structure, change: LineShift, infos: readonly LineInfo[]): Splice {
  const { start, oldEnd, newEnd } = change;
  const holder = blockAfter(s, start - 1);
  // 1. Out with the blocks opened on the old lines: whole subtrees of the holder, contiguous in `blocks`.
  const k0 = lowerBound(s.blocks.length, (i) => s.blocks[i].openLine < start);
  const removed = new Set(blocksOpenedIn(s, start, oldEnd));
  const k1 = k0 + removed.size;
  if (removed.size) {
    const kept = holder.children.filter((c) => !removed.has(c));
    (holder as Mutable<BlockNode>).children = kept.length ? kept : NO_CHILDREN;
    for (const b of removed) {
      const list = s.byTag.get(b.tag) as BlockNode[];
      const at = list.indexOf(b);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) (s.byTag as Map<string, BlockNode[]>).delete(b.tag);
    }
  }
  // 2. The rest moves with its lines; the old lines' stray closes go.
  const strays = s.strayCloses;
  const s0 = lowerBound(strays.length, (i) => strays[i] < start);
  const s1 = lowerBound(strays.length, (i) => strays[i] < oldEnd);
  moveBlocks(s, change, holder);
  // 3. In with the blocks opened on the new lines, built as buildStructure would under the holder.
  const added: BlockNode[] = [];
  const newStrays: number[] = [];
  const held: BlockNode[] = new Array(newEnd - start);
  let current = holder;
  for (let i = start; i < newEnd; i++) {
    const info = infos[i];
    // Like buildStructure: a tag line belongs to the block around it, a close line to the block it closes.
    held[i - start] = current;
    const kind = treeKind(info);
    if (kind === LineKind.Open) {
      current = openBlock(current, info.tag!.text.toLowerCase(), i, info.tagArg?.text, info.tagArg, info.tag, false);
      added.push(current);
    } else if (kind === LineKind.Close) {
      // Balanced: the close matches the innermost block opened on these lines, or closes nothing.
      if (current === holder || current.tag !== info.tag!.text.toLowerCase()) {
        newStrays.push(i);
        continue;
      }
      current.closeLine = i;
      current.endLine = i;
      current.closedBy = 'tag';
      current = current.parent!;
    } else if (kind === LineKind.Directive) {
      if (current !== holder) current.lines.push(i);
      if (info.nestedOpen) {
        current = openBlock(current, 'pattern-list', i, undefined, undefined, info.tag, true);
        added.push(current);
      }
    }
  }
  for (const b of added) trimLines(b);
  setHolderLines(holder, change, (line) => infos[line].kind === LineKind.Directive && held[line - start] === holder);
  (s as Mutable<Structure>).blockOfLine = replaceRange(s.blockOfLine, start, oldEnd - start, held);
  if (s1 > s0 || newStrays.length > 0) (s as Mutable<Structure>).strayCloses = replaceRange(strays, s0, s1 - s0, newStrays);
  // openBlock put the holder's new children last: they belong among the others, by line.
  const tops = added.filter((b) => b.parent === holder);
  if (tops.length) {
    const children = holder.children;
    children.length -= tops.length;
    const after = children.splice(lowerBound(children.length, (i) => children[i].openLine < start));
    pushAll(children, tops);
    pushAll(children, after);
  }
  (s as Mutable<Structure>).blocks = replaceRange(s.blocks, k0, k1 - k0, added);
  for (const b of added) {
    let list = s.byTag.get(b.tag) as BlockNode[] | undefined;
    if (!list) (s.byTag as Map<string, BlockNode[]>).set(b.tag, (list = []));
    list.splice(lowerBound(list.length, (i) => list![i].openLine < b.openLine), 0, b);
  }
  return { holder, added, removed };
}

/**
 * The blocks opened on these lines, for an update in place (`retagBlocks`) when the changed lines
 * kept their number and every tag line among them kept its kind and tag name: an edit of a tag's
 * argument, such as renaming `<domain a.com>`, leaves the tree's shape as it was.
 */
export function blocksOpenedOn(s: Structure, lines: readonly number[]): BlockNode[] {
  const out: BlockNode[] = [];
  for (const line of lines) {
    const block = openedOn(s.blocks, line);
    if (block) out.push(block);
  }
  return out;
}

/** Gives these blocks the argument and spans of their tag line as it now reads. */
export function retagBlocks(blocks: readonly BlockNode[], infoAt: (line: number) => LineInfo): void {
  for (const block of blocks) {
    const info = infoAt(block.openLine);
    const node = block as Mutable<BlockNode>;
    node.arg = info.tagArg?.text;
    node.argSpan = info.tagArg;
    node.tagSpan = info.tag;
  }
}

/** The block that holds the lines after `line` (before they open or close anything): the root before line 0. */
export function blockAfter(s: Structure, line: number): BlockNode {
  if (line < 0) return s.root;
  const b = s.blockOfLine[line];
  // A block opened on this line (a tag line, or a rule line ending in `<pattern-list>`) holds what follows.
  const opened = openedOn(s.blocks, line);
  if (opened) return opened;
  // A matched close tag is held by the block it closes; what follows belongs to that block's parent.
  if (b.closeLine === line && b !== s.root) return b.parent!;
  return b;
}

/**
 * Whether a document's open blocks (`frame`, innermost first) are, by tag, `block` and the blocks
 * around it, then `enclosing` (the frame before the first line: the blocks around the whole file).
 */
export function sameNesting(block: BlockNode, enclosing: Frame | null, frame: Frame | null): boolean {
  let f = frame;
  for (let b = block; b.parent; b = b.parent, f = f.parent) if (!f || f.tag !== b.tag) return false;
  // Frames are interned: the same blocks around the file are the same frame.
  return f === enclosing;
}

/** The block whose open line is `line`, if any (blocks are in document order, one per open line). */
function openedOn(blocks: readonly BlockNode[], line: number): BlockNode | undefined {
  const k = lowerBound(blocks.length, (i) => blocks[i].openLine < line);
  return k < blocks.length && blocks[k].openLine === line ? blocks[k] : undefined;
}


/** A line's kind as the tree sees it: a tag line that opens or closes nothing (see isBlockTag) is like a blank line. */
function treeKind(info: LineInfo): LineKind {
  return (info.kind === LineKind.Open || info.kind === LineKind.Close) && !isBlockTag(info) ? LineKind.Blank : info.kind;
}

/** Most blocks have no child blocks: they share this empty list until they get one. */
const NO_CHILDREN: BlockNode[] = Object.freeze([]) as unknown as BlockNode[];

/** Exact-length line lists (an array grown by push keeps room for 17 items). */
function trimLines(b: BlockNode): void {
  if (b.lines.length > 0) (b as { lines: number[] }).lines = b.lines.slice();
}

function openBlock(
  parent: BlockNode,
  tag: string,
  line: number,
  arg: string | undefined,
  argSpan: Span | undefined,
  tagSpan: Span | undefined,
  nested: boolean,
): BlockNode {
  const node: BlockNode = {
    tag,
    arg,
    argSpan,
    tagSpan,
    openLine: line,
    closeLine: -1,
    endLine: line,
    closedBy: 'eof',
    parent,
    children: NO_CHILDREN,
    lines: [],
    nested,
  };
  if (parent.children === NO_CHILDREN) (parent as { children: BlockNode[] }).children = [node];
  else parent.children.push(node);
  return node;
}

/** The chain of enclosing tags, innermost first, for messages ("inside <domain> in <virtual-mta>"). */
export function ancestry(block: BlockNode): BlockNode[] {
  const out: BlockNode[] = [];
  for (let b: BlockNode | null = block; b && b.tag !== 'global'; b = b.parent) out.push(b);
  return out;
}
