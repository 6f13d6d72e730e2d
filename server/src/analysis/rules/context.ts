import type { Catalog } from '../../catalog/catalog';
import type { BlockNode, Structure } from '../../syntax/blocks';
import type { PmtaDocument } from '../../syntax/document';
import type { LineFacts } from '../lineFacts';
import type { SymbolIndex } from '../symbols';
import type { Arg, Finding } from '../types';

/** What a whole-document rule sees: the model, the block tree, the symbols and each line's facts. */
export interface RuleContext {
  readonly doc: PmtaDocument;
  readonly catalog: Catalog;
  readonly structure: Structure;
  readonly symbols: SymbolIndex;
  facts(line: number): LineFacts;
}

/**
 * What a rule reads besides the catalogue. The analyzer reuses a rule's findings from the previous
 * version when none of its declared inputs changed:
 * - `structure`: the block tree and the tag lines it comes from (open/close lines, nested opens);
 * - `symbols`: the definitions and references (the symbol index), at unchanged line numbers.
 * A rule without `inputs` runs on every analysis (always correct; declare inputs only when the
 * rule reads nothing else, e.g. no `ctx.facts` and no other line than tag lines).
 */
export type RuleInput = 'structure' | 'symbols';

/** A rule over the whole document (cross-line checks); per-line checks live in lineFacts.ts. */
export type DocumentRule = ((ctx: RuleContext) => Finding[]) & { inputs?: readonly RuleInput[] };

/**
 * A rule over one block's own lines (`block.lines`, their facts and infos; the root block is the
 * top level). After an edit that leaves the block tree as it was, the analyzer re-runs it only for
 * the blocks that hold a changed line.
 */
export type BlockRule = (ctx: RuleContext, block: BlockNode) => Finding[];

/** One directive line inside a block, with its catalogue row and arguments. */
export interface Setting {
  name: string;
  line: number;
  args: Arg[];
  facts: LineFacts;
}

/** The known directives set directly in `block`, in order. */
export function settingsOf(ctx: RuleContext, block: BlockNode): Setting[] {
  const out: Setting[] = [];
  for (const line of block.lines) {
    const facts = ctx.facts(line);
    if (facts.entry) out.push({ name: facts.entry.name, line, args: facts.args ?? [], facts });
  }
  return out;
}

/** The last value of a directive in a block (PowerMTA's behaviour on repeats is undocumented). */
export function lastSetting(settings: readonly Setting[], name: string): Setting | undefined {
  for (let i = settings.length - 1; i >= 0; i--) if (settings[i].name === name) return settings[i];
  return undefined;
}

export function isTrue(setting: Setting | undefined): boolean {
  const v = setting?.args[0]?.text.toLowerCase();
  return v === 'yes' || v === 'true';
}

/** Span of a setting's first argument, or of its name when it has none. */
export function valueSpan(ctx: RuleContext, s: Setting): { line: number; start: number; end: number } {
  const a = s.args[0];
  if (a) return { line: a.line, start: a.start, end: a.line === a.endLine ? a.end : ctx.doc.line(a.line).length };
  const info = ctx.doc.info(s.line);
  return { line: s.line, start: info.name!.start, end: info.name!.end };
}

export function wholeLine(ctx: RuleContext, line: number): { line: number; start: number; end: number } {
  const info = ctx.doc.info(line);
  return { line, start: info.indent, end: info.contentEnd };
}
