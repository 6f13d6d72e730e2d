import type { BlockNode } from '../../syntax/blocks';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, type Setting, isTrue, valueSpan } from './context';
import { configIndex } from './configIndex';
import { replaceFix } from './fixes';
import { blockNamed, blocksKeeping, lastInBlock } from './includedInto';
import { type Reach, sourceReach, SOURCE_REACH_READS } from './reach';

const NAME = 'allow-unencrypted-plain-auth';

/**
 * `plain-auth-unencrypted` (MISCONFIG SEC-10): `allow-unencrypted-plain-auth yes` in a source
 * that clients outside this machine can reach (an address range other than loopback, or a named
 * source bound to such a listener), also at the top level of a file included inside one.
 */
export const plainAuthRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const index = configIndex(ctx);
  // The line PowerMTA keeps for the source: a later one in a file included in it overrides the block's.
  for (const block of index.blocks('source')) {
    const s = lastInBlock(ctx, block, NAME);
    if (s && s.file.doc === ctx.doc && isTrue(s.setting)) report(ctx, s.setting, ctx, block, sourceReach(ctx, block), out);
  }
  const top = index.settings(ctx.structure.root).last.get(NAME);
  if (top && isTrue(top)) {
    for (const { file, block } of blocksKeeping(ctx, top, 'source')) {
      if (report(ctx, top, file, block, sourceReach(file, block), out)) break;
    }
  }
  return out;
};
plainAuthRule.reads = ['allow-unencrypted-plain-auth', 'include', ...SOURCE_REACH_READS];

/** Reports `s` when the source (`block` of `file`) reaches beyond this machine. */
function report(ctx: RuleContext, s: Setting, file: RuleContext, block: BlockNode, reach: Reach, out: Finding[]): boolean {
  if (reach !== 'public' && reach !== 'remote') return false;
  const span = valueSpan(ctx, s);
  out.push({
    code: 'plain-auth-unencrypted',
    message: `${blockNamed(ctx, file, block)} accepts AUTH PLAIN without TLS, from ${reach === 'public' ? 'the internet' : 'other hosts'}: user names and passwords cross the network in clear text and can be sniffed. Set \`allow-unencrypted-plain-auth no\` (the default) so clients must start TLS first; they can only if the source has \`allow-starttls yes\` (off by default) and the server a certificate (\`smtp-server-tls-certificate\`). Or allow it only in \`<source 127.0.0.1>\`.`,
    ...span,
    data: replaceFix('Require TLS before plain-text authentication', span.line, span.start, span.end, 'no'),
  });
  return true;
}
