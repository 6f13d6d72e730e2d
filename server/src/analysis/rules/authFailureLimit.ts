import type { BlockNode } from '../../syntax/blocks';
import { type ParsedRange, parseRange, rangeCovers } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, type Setting, atTopLevel, isTrue, valueSpan } from './context';
import { configIndex, topLevelFiles } from './configIndex';
import { blockNamed, blockSettings, blocksKeeping, blocksReadInto, lastInBlock } from './includedInto';
import { sourceReach, SOURCE_REACH_READS } from './reach';

function limits(value: string | undefined): boolean {
  const v = (value ?? '').toLowerCase();
  return v !== '' && v !== 'unlimited' && v !== '0';
}

/**
 * `auth-without-failure-limit` (MISCONFIG SEC-11): a reachable source requires authentication but
 * nothing slows password guessing: no `smtp-max-auth-failure-rate` in it or in an address-based
 * source covering it (sources inherit from wider ranges; `<source 0/0>` covers named ones too).
 */
export const authFailureLimitRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const limited: { range: ParsedRange; block: BlockNode }[] = [];
  // The limits of the sources of every file of a configuration split over files.
  for (const file of topLevelFiles(ctx)) {
    for (const s of configIndex(file).all('smtp-max-auth-failure-rate')) {
      // A source nested in another block (misplaced-block) is no source PowerMTA reads.
      const range = s.block.tag === 'source' && s.block.arg && atTopLevel(file, s.block) ? parseRange(s.block.arg) : undefined;
      if (range && limits(s.args[0]?.text)) limited.push({ range, block: s.block });
    }
  }
  // …and of the files included inside a source, whose top level is that source's (each source that includes one).
  for (const file of ctx.configuration?.files() ?? []) {
    const s = configIndex(file).settings(file.structure.root).last.get('smtp-max-auth-failure-rate');
    if (!s || !limits(s.args[0]?.text)) continue;
    for (const { file: into, block } of blocksReadInto(file)) {
      const range = block.tag === 'source' && block.arg && atTopLevel(into, block) ? parseRange(block.arg) : undefined;
      if (range) limited.push({ range, block });
    }
  }
  const out: Finding[] = [];
  // The require-auth line PowerMTA keeps for a source: in the block, or in a file included in it.
  for (const block of index.blocks('source')) {
    if (!atTopLevel(ctx, block)) continue;
    const kept = lastInBlock(ctx, block, 'require-auth');
    if (kept && kept.file.doc === ctx.doc) judge(ctx, kept.setting, ctx, block, limited, out);
  }
  const top = index.settings(ctx.structure.root).last.get('require-auth');
  if (top) {
    for (const { file, block } of blocksKeeping(ctx, top, 'source')) if (atTopLevel(file, block) && judge(ctx, top, file, block, limited, out)) break;
  }
  return out;
};
authFailureLimitRule.reads = ['smtp-max-auth-failure-rate', 'require-auth', 'include', ...SOURCE_REACH_READS];

/**
 * Reports `auth` (a require-auth line of this file, the one PowerMTA keeps for `block` of `file`)
 * when it is true, the source is reachable from other hosts and no failure limit covers it.
 */
function judge(ctx: RuleContext, auth: Setting, file: RuleContext, block: BlockNode, limited: readonly { range: ParsedRange }[], out: Finding[]): boolean {
  if (!isTrue(auth)) return false;
  // Set in the block or a file included inside it: either a limit, or an explicit choice of none
  // (a file that could not be read may set it too).
  const settings = blockSettings(file, block);
  if (!settings || settings.some((s) => s.setting.name === 'smtp-max-auth-failure-rate')) return false;
  const reach = sourceReach(file, block);
  if (reach !== 'public' && reach !== 'remote') return false;
  const range = block.arg ? parseRange(block.arg) : undefined;
  if (limited.some((l) => (range ? rangeCovers(l.range, range) : l.range.prefix === 0))) return false;
  out.push({
    code: 'auth-without-failure-limit',
    message: `${blockNamed(ctx, file, block)} requires SMTP authentication from ${reach === 'public' ? 'the internet' : 'other hosts'} but sets no \`smtp-max-auth-failure-rate\`, so a client may guess passwords as fast as it likes. Add e.g. \`smtp-max-auth-failure-rate 5/m\` to lock out repeated failures.`,
    ...valueSpan(ctx, auth),
  });
  return true;
}
