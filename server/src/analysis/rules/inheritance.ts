import type { BlockNode } from '../../syntax/blocks';
import { type RuleContext, type Setting, where } from './context';
import { INHERITED_ACROSS_FILES, configIndex, domainChainKeys, loadsBefore, topLevelFiles } from './configIndex';

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
 * first top-level block of that name in load order, whichever file holds it. A file checked alone
 * keeps its own chain (ConfigIndex.effective).
 */
export function inherited(ctx: RuleContext, block: BlockNode, name: string): Inherited | undefined {
  // The analyzer re-checks a file when another file's inherited settings change only for these.
  if (!INHERITED_ACROSS_FILES.has(name)) throw new Error(`\`${name}\` is looked up across files but is not in INHERITED_ACROSS_FILES`);
  const index = configIndex(ctx);
  const files = topLevelFiles(ctx);
  if (files.length < 2) {
    const found = index.effective(block, name);
    return found && { ...found, file: ctx };
  }
  const own = index.settings(block).last.get(name);
  if (own) return { setting: own, block, file: ctx };
  for (const b of index.domainChain(block)) {
    if (b.parent?.tag !== 'virtual-mta-pool') continue;
    const s = index.settings(b).last.get(name);
    if (s) return { setting: s, block: b, file: ctx };
  }
  for (const key of chainKeys((block.arg ?? '*').toLowerCase())) {
    const first = firstTopDomain(ctx, files, key);
    if (!first || first.block === block) continue;
    const s = configIndex(first.file).settings(first.block).last.get(name);
    if (s) return { setting: s, block: first.block, file: first.file };
  }
  return undefined;
}

type TopDomain = { file: RuleContext; block: BlockNode } | null;

/** The first top-level `<domain>` of each name in load order, per analysis of a set (keyed by its list of files, made anew for each). */
const FIRST = new WeakMap<readonly RuleContext[], Map<string, TopDomain>>();

function firstTopDomain(ctx: RuleContext, files: readonly RuleContext[], key: string): TopDomain {
  const all = ctx.configuration!.files();
  let byKey = FIRST.get(all);
  if (!byKey) FIRST.set(all, (byKey = new Map()));
  let first = byKey.get(key);
  if (first === undefined) {
    first = null;
    for (const file of files) {
      const b = configIndex(file).topDomain(key);
      if (b && (!first || loadsBefore(file, b.openLine, first.file, first.block.openLine))) first = { file, block: b };
    }
    byKey.set(key, first);
  }
  return first;
}

/** domainChainKeys, kept per name: a large configuration repeats the same few domains in every virtual MTA. */
const KEYS = new Map<string, readonly string[]>();

function chainKeys(name: string): readonly string[] {
  let keys = KEYS.get(name);
  if (!keys) {
    if (KEYS.size >= 4096) KEYS.clear();
    KEYS.set(name, (keys = domainChainKeys(name)));
  }
  return keys;
}

/** Where a value comes from, for messages: "line N", or "line N, inherited from `<domain X>`" ("file:N" for another file's line). */
export function inheritedOrigin(ctx: RuleContext, found: Inherited, own: BlockNode): string {
  const at = where(ctx, { uri: found.file.uri, line: found.setting.line });
  return found.block === own ? at : `${at}, inherited from \`<domain ${found.block.arg ?? '*'}>\``;
}
