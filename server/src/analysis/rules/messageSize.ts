import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex } from './configIndex';
import { sourceReach, SOURCE_REACH_READS } from './reach';

/** `unlimited-message-size` (MISCONFIG SEC-19): `max-message-size 0` or `unlimited` on a source other hosts can reach. */
export const messageSizeRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const s of configIndex(ctx).all('max-message-size')) {
    const v = s.args[0]?.text.toLowerCase();
    if (s.block.tag !== 'source' || (v !== '0' && v !== 'unlimited')) continue;
    const reach = sourceReach(ctx, s.block);
    if (reach !== 'public' && reach !== 'remote') continue;
    out.push({
      code: 'unlimited-message-size',
      message: `\`max-message-size ${s.args[0].text}\` lets ${reach === 'public' ? 'any client on the internet' : 'clients of this source'} send messages of any size: one huge submission can fill the spool disk and stall all queues. Set a limit that fits your mail, e.g. \`max-message-size 50M\`.`,
      ...valueSpan(ctx, s),
    });
  }
  return out;
};
messageSizeRule.reads = ['max-message-size', ...SOURCE_REACH_READS];
