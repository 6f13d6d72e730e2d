import type { BlockNode } from '../../syntax/blocks';
import { compareLoad, configIndex } from './configIndex';
import { type RuleContext, type Setting, settingsOf } from './context';

/**
 * The files read into `block` by `include` lines inside it, and the files those include at their
 * own top level, in load order: PowerMTA reads their lines as the block's. Empty when the block
 * includes nothing, or for a file checked alone (its includes are not followed); undefined when
 * the configuration misses a file it includes, which could be one of them.
 */
export function includedInto(ctx: RuleContext, block: BlockNode): readonly RuleContext[] | undefined {
  if (!configIndex(ctx).all('include').some((s) => s.block === block)) return [];
  const c = ctx.configuration;
  if (!c) return [];
  if (!c.complete) return undefined;
  const files = c.files();
  const byUri = new Map(files.map((f) => [f.uri, f]));
  return files.filter((f) => {
    const container = f.doc !== ctx.doc ? containerOf(f, byUri) : undefined;
    return container !== undefined && container.file.doc === ctx.doc && container.block === block;
  });
}

/**
 * The block a file's top level is read into, with the file that holds it: the block around its
 * `include` line, or, for an `include` at the top level of a file itself included inside a block,
 * that file's block. Undefined for a file read at the configuration's top level.
 */
export function containerOf(file: RuleContext, byUri: ReadonlyMap<string | undefined, RuleContext>): { file: RuleContext; block: BlockNode } | undefined {
  let from = file.configuration?.parent;
  for (let depth = 0; from && depth <= byUri.size; depth++) {
    const parent = byUri.get(from.uri);
    if (!parent) return undefined;
    const block = parent.structure.blockOfLine[from.line];
    if (block && block !== parent.structure.root) return { file: parent, block };
    from = parent.configuration?.parent;
  }
  return undefined;
}

/**
 * A block's settings with those of the files included inside it (includedInto), in load order:
 * for a rule that looks a setting up by name and only reads its value. A setting of another file
 * carries that file's line numbers: report on the block's own lines. Undefined when a file it
 * includes could not be read.
 */
export function blockSettings(ctx: RuleContext, block: BlockNode): { file: RuleContext; setting: Setting }[] | undefined {
  const included = includedInto(ctx, block);
  if (!included) return undefined;
  const all = settingsOf(ctx, block).map((setting) => ({ file: ctx, setting }));
  for (const f of included) for (const setting of settingsOf(f, f.structure.root)) all.push({ file: f, setting });
  return included.length === 0 ? all : all.sort((a, b) => compareLoad(a.file, a.setting.line, b.file, b.setting.line));
}
