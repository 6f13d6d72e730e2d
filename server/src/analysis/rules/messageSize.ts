import type { BlockNode } from '../../syntax/blocks';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, type Setting, valueSpan, where } from './context';
import { configIndex } from './configIndex';
import { blocksKeeping, keptHere, lastInBlock } from './includedInto';
import { type Reach, sourceReach, SOURCE_REACH_READS } from './reach';

const unlimited = (s: Setting) => {
  const v = s.args[0]?.text.toLowerCase();
  return v === '0' || v === 'unlimited';
};

/**
 * `unlimited-message-size` (MISCONFIG SEC-19): `max-message-size 0` or `unlimited` on a source other
 * hosts can reach, also at the top level of a file included inside one.
 */
export const messageSizeRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const s of configIndex(ctx).all('max-message-size')) {
    if (!unlimited(s)) continue;
    // Only the line PowerMTA keeps for the source (a file included in it may set it later).
    if (s.block.tag === 'source' && keptHere(ctx, lastInBlock(ctx, s.block, s.name), s)) report(ctx, s, s.block, sourceReach(ctx, s.block), undefined, out);
    if (s.block !== ctx.structure.root) continue;
    for (const { file, block } of blocksKeeping(ctx, s, 'source')) {
      if (report(ctx, s, block, sourceReach(file, block), where(ctx, { uri: file.uri, line: block.openLine }), out)) break;
    }
  }
  return out;
};
messageSizeRule.reads = ['max-message-size', 'include', ...SOURCE_REACH_READS];

/** Reports `s` when the source reaches beyond this machine; `from`: where the source stands when another file holds it. */
function report(ctx: RuleContext, s: Setting, block: BlockNode, reach: Reach, from: string | undefined, out: Finding[]): boolean {
  if (reach !== 'public' && reach !== 'remote') return false;
  out.push({
    code: 'unlimited-message-size',
    message: `\`max-message-size ${s.args[0].text}\` lets ${reach === 'public' ? 'any client on the internet' : 'clients of this source'} send messages of any size${from ? ` (this file is read into \`<source ${block.arg}>\` on ${from})` : ''}: one huge submission can fill the spool disk and stall all queues. Set a limit that fits your mail, e.g. \`max-message-size 50M\`.`,
    ...valueSpan(ctx, s),
  });
  return true;
}
