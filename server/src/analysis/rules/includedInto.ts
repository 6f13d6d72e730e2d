import type { BlockNode } from '../../syntax/blocks';
import { configIndex } from './configIndex';
import { type RuleContext, type Setting, perAnalysis, settingsOf, where } from './context';

/**
 * The files read into `block` by `include` lines inside it, and the files those include at their
 * own top level, in the order PowerMTA reads them there: its lines are the block's. A file the
 * configuration also includes elsewhere counts here too (PowerMTA reads it at each `include`).
 * Empty when the block includes nothing, or for a file checked alone (its includes are not
 * followed); undefined when the configuration misses a file it includes, which could be one of them.
 */
export function includedInto(ctx: RuleContext, block: BlockNode): readonly RuleContext[] | undefined {
  if (ctx.configuration && !ctx.configuration.complete && includes(ctx, block)) return undefined;
  return readInto(ctx, block).map((m) => m.file);
}

/** A file read into a block, at the block's `include` line `at` (its own or that of a file it is read through). */
export interface ReadInto {
  readonly file: RuleContext;
  readonly at: number;
}

/** includedInto, with the line of `block` each file is read at, whether the configuration is complete or not. */
export function readInto(ctx: RuleContext, block: BlockNode): readonly ReadInto[] {
  const c = ctx.configuration;
  if (!c || !includes(ctx, block)) return [];
  const out: ReadInto[] = [];
  const seen = new Set([ctx.doc]);
  const visit = (file: RuleContext, line: number, at: number) => {
    for (const f of (file === ctx ? c : file.configuration!).included(line)) {
      if (seen.has(f.doc)) continue;
      seen.add(f.doc);
      out.push({ file: f, at });
      for (const s of configIndex(f).all('include')) if (s.block === f.structure.root) visit(f, s.line, at);
    }
  };
  for (const s of configIndex(ctx).all('include')) if (s.block === block) visit(ctx, s.line, s.line);
  return out;
}

/** The blocks of a file (not its top level) with an `include` line of their own, kept until an `include` line changes. */
export function blocksWithIncludes(ctx: RuleContext): ReadonlySet<BlockNode> {
  return configIndex(ctx).memo('blocks-with-includes', ['include'], () => {
    const blocks = new Set<BlockNode>();
    for (const s of configIndex(ctx).all('include')) if (s.block !== ctx.structure.root) blocks.add(s.block);
    return blocks;
  }, []);
}

/** Whether `block` has an `include` line of its own. */
function includes(ctx: RuleContext, block: BlockNode): boolean {
  return block === ctx.structure.root ? configIndex(ctx).all('include').some((s) => s.block === block) : blocksWithIncludes(ctx).has(block);
}

/**
 * Whether a line of a block comes before another where PowerMTA reads the block: `a` and `b` are
 * the block's own file (a line number) or one of `members` (readInto; then the line is its own).
 */
export function readBefore(ctx: RuleContext, members: readonly ReadInto[], a: RuleContext, aLine: number, b: RuleContext, bLine: number): boolean {
  const key = (file: RuleContext, line: number): [number, number, number] => {
    if (file.doc === ctx.doc) return [line, -1, 0];
    const i = members.findIndex((m) => m.file.doc === file.doc);
    return [members[i]?.at ?? line, i, line];
  };
  const x = key(a, aLine);
  const y = key(b, bLine);
  return x[0] !== y[0] ? x[0] < y[0] : x[1] !== y[1] ? x[1] < y[1] : x[2] < y[2];
}

/**
 * A block's settings with those of the files included inside it (includedInto), in load order:
 * for a rule that looks a setting up by name and only reads its value. A setting of another file
 * carries that file's line numbers: report on the block's own lines. Undefined when a file it
 * includes could not be read.
 */
export function blockSettings(ctx: RuleContext, block: BlockNode): { file: RuleContext; setting: Setting }[] | undefined {
  if (ctx.configuration && !ctx.configuration.complete && includes(ctx, block)) return undefined;
  const all = settingsOf(ctx, block).map((setting) => ({ file: ctx, setting }));
  const members = readInto(ctx, block);
  if (members.length === 0) return all;
  for (const { file: f } of members) for (const setting of settingsOf(f, f.structure.root)) all.push({ file: f, setting });
  return all.sort((a, b) => (readBefore(ctx, members, a.file, a.setting.line, b.file, b.setting.line) ? -1 : readBefore(ctx, members, b.file, b.setting.line, a.file, a.setting.line) ? 1 : 0));
}

/**
 * The blocks this file's top level is read into, with the file that holds each: every block with
 * an `include` line that reads it, directly or through files included at their top level (readInto).
 * Empty for a file read at the top level, or checked alone. For a rule that judges the file's own
 * top-level lines by the block around them (a source's reach, a domain's name).
 */
export function blocksReadInto(ctx: RuleContext): readonly { file: RuleContext; block: BlockNode }[] {
  const c = ctx.configuration;
  if (!c || ctx.doc.enclosingTags.length === 0) return [];
  return perAnalysis(c, `read-into\u0000${ctx.uri}`, () => {
    const out: { file: RuleContext; block: BlockNode }[] = [];
    for (const file of c.files()) {
      for (const block of blocksWithIncludes(file)) if (readInto(file, block).some((m) => m.file.doc === ctx.doc)) out.push({ file, block });
    }
    return out;
  });
}

/**
 * The line of `name` PowerMTA keeps for a block: its last, counting the files included inside it
 * where their `include` lines stand (those the configuration could read), with its file.
 */
export function lastInBlock(ctx: RuleContext, block: BlockNode, name: string): { file: RuleContext; setting: Setting } | undefined {
  const own = configIndex(ctx).settings(block).last.get(name);
  let last = own && { file: ctx, setting: own };
  const members = readInto(ctx, block);
  for (const m of members) {
    const s = configIndex(m.file).settings(m.file.structure.root).last.get(name);
    if (s && (!last || readBefore(ctx, members, last.file, last.setting.line, m.file, s.line))) last = { file: m.file, setting: s };
  }
  return last;
}

/**
 * The blocks (of `tag`, when given) that this file's top-level line `s` is read into and is the
 * line PowerMTA keeps for (lastInBlock), with the file that holds each: for a rule that judges the
 * line as theirs.
 */
export function blocksKeeping(ctx: RuleContext, s: Setting, tag?: string): readonly { file: RuleContext; block: BlockNode }[] {
  return blocksReadInto(ctx).filter(({ file, block }) => (tag === undefined || block.tag === tag) && keptHere(ctx, lastInBlock(file, block, s.name), s));
}

/** Whether the line lastInBlock found is `s`, a line of this file. */
export function keptHere(ctx: RuleContext, kept: { file: RuleContext; setting: Setting } | undefined, s: Setting): boolean {
  return kept !== undefined && kept.file.doc === ctx.doc && kept.setting.line === s.line;
}

/** How a message names a block: "`<tag arg>`", followed by "(on file:N, which includes this file)" when another file holds it. */
export function blockNamed(ctx: RuleContext, file: RuleContext, block: BlockNode): string {
  // An argument-less `<domain>` is named as its chain reads it: `*`.
  const arg = block.arg ?? (block.tag === 'domain' ? '*' : undefined);
  const name = `\`<${block.tag}${arg === undefined ? '' : ` ${arg}`}>\``;
  return file.doc === ctx.doc ? name : `${name} (on ${where(ctx, { uri: file.uri, line: block.openLine })}, which includes this file)`;
}
