import type { BlockNode } from '../../syntax/blocks';
import { type RuleContext, type Setting, where } from './context';
import { INHERITED_ACROSS_FILES, configIndex, domainChainKeys, loadsBefore, topLevelFiles } from './configIndex';
import { readBefore, readInto } from './includedInto';

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

/** The last setting of `name` in a block, counting the files included inside it (where PowerMTA reads them). */
function lastIn(file: RuleContext, block: BlockNode, name: string): Inherited | undefined {
  const own = configIndex(file).settings(block).last.get(name);
  let last: Inherited | undefined = own && { setting: own, block, file };
  const members = readInto(file, block);
  for (const m of members) {
    const s = configIndex(m.file).settings(m.file.structure.root).last.get(name);
    if (s && (!last || readBefore(file, members, last.file, last.setting.line, m.file, s.line))) last = { setting: s, block, file: m.file };
  }
  return last;
}

type TopDomain = { readonly file: RuleContext; readonly block: BlockNode };

/**
 * The top-level blocks a domain name takes settings from across the files read at the top level,
 * most specific first: for each name of domainChainKeys, the first block of that name in load
 * order. Kept per analysis of a set (keyed by its list of files, made anew for each).
 */
const CHAINS = new WeakMap<readonly RuleContext[], Map<RuleContext['doc'] | null, Map<string, readonly TopDomain[]>>>();

function topChainAcross(ctx: RuleContext, name: string): readonly TopDomain[] {
  const files = topLevelFiles(ctx);
  const all = ctx.configuration!.files();
  let bySet = CHAINS.get(all);
  if (!bySet) CHAINS.set(all, (bySet = new Map()));
  // topLevelFiles is the same list for every file of the set, or one file alone.
  const setKey = files.length < 2 ? files[0].doc : null;
  let byName = bySet.get(setKey);
  if (!byName) bySet.set(setKey, (byName = new Map()));
  let chain = byName.get(name);
  if (!chain) {
    const found: TopDomain[] = [];
    for (const key of domainChainKeys(name)) {
      let first: TopDomain | undefined;
      for (const file of files) {
        const b = configIndex(file).topDomain(key);
        if (b && (!first || loadsBefore(file, b.openLine, first.file, first.block.openLine))) first = { file, block: b };
      }
      if (first && !found.some((f) => f.block === first!.block)) found.push(first);
    }
    byName.set(name, (chain = found));
  }
  return chain;
}

/** Where a value comes from, for messages: "line N", or "line N, inherited from `<domain X>`" ("file:N" for another file's line). */
export function inheritedOrigin(ctx: RuleContext, found: Inherited, own: BlockNode): string {
  const at = where(ctx, { uri: found.file.uri, line: found.setting.line });
  return found.block === own ? at : `${at}, inherited from \`<domain ${found.block.arg ?? '*'}>\``;
}
