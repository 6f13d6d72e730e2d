import type { BlockNode } from '../../syntax/blocks';
import type { Finding } from '../types';
import { blockRule, scopeOf } from './context';

/**
 * `duplicate-directive`: a one-value directive set twice in the same block. A block rule: after an
 * edit the analyzer re-runs it only for the blocks that changed.
 */
export const duplicateDirectiveRule = blockRule((ctx, block) => {
  const scope = scopeOf(ctx, block);
  if (scope !== 'global' && !ctx.catalog.block(scope)) return NO_FINDINGS;
  let out: Finding[] | undefined;
  // Small blocks (nearly all) compare against the earlier lines directly; large ones use a map.
  const seen: { name: string; line: number }[] = [];
  let index: Map<string, number> | undefined;
  for (const line of block.lines) {
    const entry = ctx.entry(line);
    if (!entry || entry.repeatable || !entry.scopes.includes(scope)) continue;
    // A second `records` in an <acct-file> has its own code with a merge fix (accounting.ts).
    if (entry.name === 'records' && scope === 'acct-file') continue;
    let earlier: number | undefined;
    if (index) earlier = index.get(entry.name);
    else for (const s of seen) if (s.name === entry.name) earlier = s.line;
    if (earlier === undefined) {
      if (index) index.set(entry.name, line);
      else if (seen.push({ name: entry.name, line }) > 16) index = new Map(seen.map((s) => [s.name, s.line]));
      continue;
    }
    const info = ctx.doc.info(line);
    (out ??= []).push({
      code: 'duplicate-directive',
      message: duplicateDirectiveMessage(entry.name, `in this block on line ${earlier + 1}`),
      line,
      start: info.name!.start,
      end: info.name!.end,
      data: { firstLine: earlier },
    });
  }
  return out ?? NO_FINDINGS;
}, { names: [] });

const NO_FINDINGS: Finding[] = Object.freeze([]) as unknown as Finding[];

/** `duplicate-directive`'s message; `earlier` says where the first one is (`in this block on line 3`). */
export function duplicateDirectiveMessage(name: string, earlier: string): string {
  return `\`${name}\` is already set ${earlier}; which value PowerMTA uses is not documented. Keep one line.`;
}

/** `duplicate-block`'s message; `earlier` says where the first one is. */
export function duplicateBlockMessage(b: BlockNode, earlier: string): string {
  return `\`<${b.tag} ${b.arg}>\` already appears ${earlier}; PowerMTA does not document whether the two merge or one wins. Merge them into one block.`;
}

/** Blocks keyed by their argument that should appear once per scope. */
export const KEYED_BLOCKS: ReadonlySet<string> = new Set(['domain', 'source', 'acct-file', 'spool', 'smtp-listener']);

/**
 * `duplicate-block`: the same `<domain X>` (or source, spool…) twice in one scope. A block rule over
 * the scope (the root or a block) that compares the names of the blocks directly inside it, so a
 * rename re-checks only the renamed block's scope.
 */
export const duplicateBlockRule = blockRule((ctx, scope) => {
  if (scope.children.length < 2) return NO_FINDINGS;
  let out: Finding[] | undefined;
  const seen = new Map<string, BlockNode>();
  for (const b of scope.children) {
    if (!KEYED_BLOCKS.has(b.tag) || b.arg === undefined) continue;
    const k = `${b.tag}\u0000${b.arg.toLowerCase()}`;
    const first = seen.get(k);
    if (!first) {
      seen.set(k, b);
      continue;
    }
    const info = ctx.doc.info(b.openLine);
    (out ??= []).push({
      code: 'duplicate-block',
      message: duplicateBlockMessage(b, `on line ${first.openLine + 1} in the same scope`),
      line: b.openLine,
      start: info.indent,
      end: info.contentEnd,
      data: { firstLine: first.openLine },
    });
  }
  return out ?? NO_FINDINGS;
}, { names: [] });
