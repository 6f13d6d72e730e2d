import type { Finding } from '../types';
import { type DocumentRule, isTrue, valueSpan } from './context';
import { configIndex } from './configIndex';
import { replaceFix } from './fixes';
import { sourceReach, SOURCE_REACH_READS } from './reach';

/**
 * `plain-auth-unencrypted` (MISCONFIG SEC-10): `allow-unencrypted-plain-auth yes` in a source
 * that clients outside this machine can reach (an address range other than loopback, or a named
 * source bound to such a listener).
 */
export const plainAuthRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const block of configIndex(ctx).blocks('source')) {
    const s = configIndex(ctx).settings(block).last.get('allow-unencrypted-plain-auth');
    if (!s || !isTrue(s)) continue;
    const reach = sourceReach(ctx, block);
    if (reach !== 'public' && reach !== 'remote') continue;
    const span = valueSpan(ctx, s);
    out.push({
      code: 'plain-auth-unencrypted',
      message: `\`<source ${block.arg}>\` accepts AUTH PLAIN/LOGIN before STARTTLS, from ${reach === 'public' ? 'the internet' : 'other hosts'}: user names and passwords cross the network in clear text and can be sniffed. Set \`allow-unencrypted-plain-auth no\` (the default) so clients must start TLS first, or allow it only in \`<source 127.0.0.1>\`.`,
      ...span,
      data: replaceFix('Require TLS before plain-text authentication', span.line, span.start, span.end, 'no'),
    });
  }
  return out;
};
plainAuthRule.reads = ['allow-unencrypted-plain-auth', ...SOURCE_REACH_READS];
