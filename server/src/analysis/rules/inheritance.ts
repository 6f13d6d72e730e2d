import type { BlockNode } from '../../syntax/blocks';
import { type RuleContext, type Setting, perAnalysis, where } from './context';
import { INHERITED_ACROSS_FILES, configIndex, domainChainKeys, loadsBefore, topLevelFiles } from './configIndex';
import { blockNamed, blocksReadInto, lastInBlock } from './includedInto';

/** A setting found through a `<domain>` chain, with the block and the file that hold it. */
export interface Inherited {
  readonly setting: Setting;
  readonly block: BlockNode;
  readonly file: RuleContext;
}

/**
 * The setting of `name` that applies to a `<domain>` block, or undefined (the default applies).
 * PowerMTA reads an included file where its `include` line stands, so the top-level `<domain>`
 * blocks of every file read at the configuration's top level form one set: the chain is the block
 * itself, the same domain in its virtual MTA's pools, then, for each name of `domainChainKeys`, the
 * first top-level block of that name in load order, whichever file holds it. A block's settings
 * count those of the files included inside it (read where its `include` line stands). A file
 * checked alone keeps its own chain (ConfigIndex.effective).
 */
export function inherited(ctx: RuleContext, block: BlockNode, name: string): Inherited | undefined {
  // The analyzer re-checks a file when another file's inherited settings change only for these.
  if (!INHERITED_ACROSS_FILES.has(name)) throw new Error(`\`${name}\` is looked up across files but is not in INHERITED_ACROSS_FILES`);
  const index = configIndex(ctx);
  if ((ctx.configuration?.files().length ?? 1) < 2) {
    const found = index.effective(block, name);
    return found && { ...found, file: ctx };
  }
  const own = lastIn(ctx, block, name);
  if (own) return own;
  if (block.parent?.tag === 'virtual-mta') {
    for (const b of index.domainChain(block)) {
      if (b.parent?.tag !== 'virtual-mta-pool') continue;
      const s = lastIn(ctx, b, name);
      if (s) return s;
    }
  }
  for (const top of topChainAcross(ctx, (block.arg ?? '*').toLowerCase())) {
    if (top.block === block) continue;
    const s = lastIn(top.file, top.block, name);
    if (s) return s;
  }
  return undefined;
}

/** lastInBlock, as a setting found through the chain of `block`. */
function lastIn(file: RuleContext, block: BlockNode, name: string): Inherited | undefined {
  const last = lastInBlock(file, block, name);
  return last && { setting: last.setting, block, file: last.file };
}

type TopDomain = { readonly file: RuleContext; readonly block: BlockNode };

/**
 * The top-level blocks a domain name takes settings from across the files read at the top level,
 * most specific first: for each name of domainChainKeys, the first block of that name in load
 * order. Kept per analysis of a set.
 */
function topChainAcross(ctx: RuleContext, name: string): readonly TopDomain[] {
  const files = topLevelFiles(ctx);
  // topLevelFiles is the same list for every file of the set, or one file alone.
  const set = files.length < 2 ? ctx.uri : '';
  return perAnalysis(ctx.configuration!, `chain\u0000${set}\u0000${name}`, () => {
    const found: TopDomain[] = [];
    for (const key of domainChainKeys(name)) {
      let first: TopDomain | undefined;
      for (const file of files) {
        const b = configIndex(file).topDomain(key);
        if (b && (!first || loadsBefore(file, b.openLine, first.file, first.block.openLine))) first = { file, block: b };
      }
      if (first && !found.some((f) => f.block === first!.block)) found.push(first);
    }
    return found;
  });
}

/** Where a value comes from, for messages: "line N", or "line N, inherited from `<domain X>`" ("file:N" for another file's line). */
export function inheritedOrigin(ctx: RuleContext, found: Inherited, own: BlockNode): string {
  const at = where(ctx, { uri: found.file.uri, line: found.setting.line });
  return found.block === own ? at : `${at}, inherited from \`<domain ${found.block.arg ?? '*'}>\``;
}

/**
 * The queues a block's own lines are settings of, with the file that holds each: the block itself,
 * or, for the top level of a file included inside `<domain>` blocks, those blocks. For the rules
 * that `inherit`, which look the queue's settings up with `inherited(file, queue, …)`.
 */
export function queuesOf(ctx: RuleContext, block: BlockNode): readonly { file: RuleContext; block: BlockNode }[] {
  return block !== ctx.structure.root ? [{ file: ctx, block }] : blocksReadInto(ctx).filter((q) => q.block.tag === 'domain');
}

/** Whether a setting found through the chain is one of `block`'s own lines in this file. */
export function ownLine(ctx: RuleContext, block: BlockNode, found: Inherited): boolean {
  return found.file.doc === ctx.doc && ctx.structure.blockOfLine[found.setting.line] === block;
}

/**
 * The line of a queue a finding stands on, so that it is reported once whichever file checks it:
 * `first` if the queue (its block or a file read into it) holds it, else `second` if it does.
 * Undefined when neither, or when the line is not one of `block`'s own in this file.
 */
export function reportedOn(ctx: RuleContext, block: BlockNode, queue: BlockNode, first: Inherited | undefined, second: Inherited | undefined): Inherited | undefined {
  const at = first?.block === queue ? first : second?.block === queue ? second : undefined;
  return at && ownLine(ctx, block, at) ? at : undefined;
}

/** How a message names a queue: "This queue", or "`<domain X>` (on file:N, which includes this file)" for another file's. */
export function queueName(ctx: RuleContext, file: RuleContext, queue: BlockNode): string {
  return file.doc === ctx.doc ? 'This queue' : blockNamed(ctx, file, queue);
}
