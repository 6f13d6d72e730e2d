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
  const inside = (f: RuleContext, depth: number): boolean => {
    const from = f.configuration?.parent;
    const parent = from && byUri.get(from.uri);
    if (!from || !parent || depth > files.length) return false;
    const at = parent.structure.blockOfLine[from.line];
    if (parent.doc === ctx.doc) return at === block;
    return at === parent.structure.root && inside(parent, depth + 1);
  };
  return files.filter((f) => f.doc !== ctx.doc && inside(f, 0));
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
