import type { BlockNode } from '../../syntax/blocks';
import { type ParsedRange, parseRange, rangeCovers } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, isTrue, valueSpan } from './context';
import { configIndex, topLevelFiles } from './configIndex';
import { blockSettings, blocksReadInto } from './includedInto';
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
      const range = s.block.tag === 'source' && s.block.arg ? parseRange(s.block.arg) : undefined;
      if (range && limits(s.args[0]?.text)) limited.push({ range, block: s.block });
    }
  }
  // …and of the files included inside a source, whose top level is that source's (each source that includes one).
  for (const file of ctx.configuration?.files() ?? []) {
    const s = configIndex(file).settings(file.structure.root).last.get('smtp-max-auth-failure-rate');
    if (!s || !limits(s.args[0]?.text)) continue;
    for (const { block } of blocksReadInto(file)) {
      const range = block.tag === 'source' && block.arg ? parseRange(block.arg) : undefined;
      if (range) limited.push({ range, block });
    }
  }
  const out: Finding[] = [];
  for (const block of index.blocks('source')) {
    const settings = index.settings(block).last;
    const auth = settings.get('require-auth');
    if (!auth || !isTrue(auth)) continue;
    const own = settings.get('smtp-max-auth-failure-rate');
    if (own) continue; // set here: either a limit, or an explicit choice of none
    // …or in a file included inside the block (or one that could not be read, which may set it).
    const included = blockSettings(ctx, block);
    if (!included || included.some((s) => s.setting.name === 'smtp-max-auth-failure-rate')) continue;
    const reach = sourceReach(ctx, block);
    if (reach !== 'public' && reach !== 'remote') continue;
    const range = block.arg ? parseRange(block.arg) : undefined;
    const covered = limited.some((l) => (range ? rangeCovers(l.range, range) : l.range.prefix === 0));
    if (covered) continue;
    out.push({
      code: 'auth-without-failure-limit',
      message: `\`<source ${block.arg}>\` requires SMTP authentication from ${reach === 'public' ? 'the internet' : 'other hosts'} but sets no \`smtp-max-auth-failure-rate\`, so a client may guess passwords as fast as it likes. Add e.g. \`smtp-max-auth-failure-rate 5/m\` to lock out repeated failures.`,
      ...valueSpan(ctx, auth),
    });
  }
  return out;
};
authFailureLimitRule.reads = ['smtp-max-auth-failure-rate', 'require-auth', 'include', ...SOURCE_REACH_READS];
