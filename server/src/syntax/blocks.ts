import type { PmtaDocument } from './document';
import { LineKind, Span } from './scanner';

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
    const info = infos[i];
    switch (info.kind) {
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
