import type { BlockNode } from '../../syntax/blocks';
import type { Finding } from '../types';
import { type DocumentRule, settingsOf } from './context';

/** `duplicate-directive`: a one-value directive set twice in the same block. */
export const duplicateDirectiveRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const visit = (block: BlockNode) => {
    if (block.tag !== 'global' && !ctx.catalog.block(block.tag)) return;
    const first = new Map<string, number>();
    for (const s of settingsOf(ctx, block)) {
      if (s.facts.entry!.repeatable || !s.facts.entry!.scopes.includes(block.tag)) continue;
      // A second `records` in an <acct-file> has its own code with a merge fix (accounting.ts).
      if (s.name === 'records' && block.tag === 'acct-file') continue;
      const earlier = first.get(s.name);
      if (earlier === undefined) {
        first.set(s.name, s.line);
        continue;
      }
      const info = ctx.doc.info(s.line);
      out.push({
        code: 'duplicate-directive',
        message: `\`${s.name}\` is already set in this block on line ${earlier + 1}; which value PowerMTA uses is not documented. Keep one line.`,
        line: s.line,
        start: info.name!.start,
        end: info.name!.end,
        data: { firstLine: earlier },
      });
    }
  };
  visit(ctx.structure.root);
  for (const b of ctx.structure.blocks) visit(b);
  return out;
};

/** Blocks keyed by their argument that should appear once per scope. */
const KEYED = new Set(['domain', 'source', 'acct-file', 'spool', 'smtp-listener']);

/** `duplicate-block`: the same `<domain X>` (or source, spool…) twice in one scope. */
export const duplicateBlockRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const seen = new Map<string, BlockNode>();
  for (const b of ctx.structure.blocks) {
    if (!KEYED.has(b.tag) || b.arg === undefined) continue;
    const k = `${b.parent?.openLine}\u0000${b.tag}\u0000${b.arg.toLowerCase()}`;
    const first = seen.get(k);
    if (!first) {
      seen.set(k, b);
      continue;
    }
    const info = ctx.doc.info(b.openLine);
    out.push({
      code: 'duplicate-block',
      message: `\`<${b.tag} ${b.arg}>\` already appears on line ${first.openLine + 1} in the same scope; PowerMTA does not document whether the two merge or one wins. Merge them into one block.`,
      line: b.openLine,
      start: info.indent,
      end: info.contentEnd,
      data: { firstLine: first.openLine },
    });
  }
  return out;
};
