import type { BlockNode } from '../../syntax/blocks';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, type Setting, isFalse, isTrue, valueSpan, where } from './context';
import { configIndex } from './configIndex';
import { replaceFix } from './fixes';
import { blocksKeeping, keptHere, lastInBlock } from './includedInto';
import { sourceReach, SOURCE_REACH_READS } from './reach';

const GRANTS: Record<string, string> = {
  'process-x-virtual-mta': 'choose the virtual MTA, and so the sending IP and its reputation, with an `X-Virtual-MTA` header',
  'always-allow-api-submission': 'use the submission API features (today mail-merge: one message expanded to many recipients)',
};

/**
 * `public-vmta-selection` (MISCONFIG SEC-12): `process-x-virtual-mta yes` or
 * `always-allow-api-submission yes` in a `<source>` everyone can reach (a wide public range, or a
 * named source bound to a public listener) that lets clients relay without authentication
 * (`always-allow-relaying yes`, no `require-auth true`); also at the top level of a file included
 * inside such a source. Where such clients cannot relay, they can only send mail to the relay
 * domains, and choosing its virtual MTA does no harm; a client that logs in relays, and is meant to
 * choose.
 */
export const publicVmtaSelectionRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const name of Object.keys(GRANTS)) {
    for (const s of configIndex(ctx).all(name)) {
      if (!isTrue(s)) continue;
      // Only the line PowerMTA keeps for the source (a file included in it may set it later).
      if (s.block.tag === 'source' && keptHere(ctx, lastInBlock(ctx, s.block, name), s) && report(ctx, s, ctx, s.block, undefined, out)) continue;
      if (s.block !== ctx.structure.root) continue;
      for (const { file, block } of blocksKeeping(ctx, s, 'source')) {
        if (report(ctx, s, file, block, where(ctx, { uri: file.uri, line: block.openLine }), out)) break;
      }
    }
  }
  return out;
};
publicVmtaSelectionRule.reads = [...Object.keys(GRANTS), 'always-allow-relaying', 'require-auth', 'smtp-service', 'include', ...SOURCE_REACH_READS];

/** Reports `s` when anyone can reach the source without logging in; `from`: where the source stands when another file holds it. */
function report(ctx: RuleContext, s: Setting, file: RuleContext, block: BlockNode, from: string | undefined, out: Finding[]): boolean {
  if (sourceReach(file, block) !== 'public') return false;
  if (!isTrue(lastInBlock(file, block, 'always-allow-relaying')?.setting)) return false;
  if (isTrue(lastInBlock(file, block, 'require-auth')?.setting)) return false;
  if (isFalse(lastInBlock(file, block, 'smtp-service')?.setting)) return false;
  const span = valueSpan(ctx, s);
  out.push({
    code: 'public-vmta-selection',
    message: `\`${s.name} ${s.args[0].text}\` in \`<source ${block.arg}>\`${from ? ` (this file is read into it on ${from})` : ''} lets any client on the internet, which may relay here without logging in (\`always-allow-relaying yes\`), ${GRANTS[s.name]}. Grant it only in the \`<source>\` of your own injectors (127.0.0.1 or your application servers), or add \`require-auth true\` here.`,
    ...span,
    data: replaceFix(`Set ${s.name} no`, span.line, span.start, span.end, 'no'),
  });
  return true;
}
