import { parseRange } from '../values/network';
import type { Finding } from '../types';
import type { BlockNode } from '../../syntax/blocks';
import { type DocumentRule, isTrue, valueSpan, where } from './context';
import { blocksKeeping, keptHere, lastInBlock } from './includedInto';
import { configIndex } from './configIndex';
import { replaceFix } from './fixes';
import { isWidePublic } from './reach';

/**
 * `logs-message-content` (MISCONFIG SEC-18): `log-data` or `log-commands` switched on for every
 * client (`<source 0/0>` or another wide public range) or every destination (`<domain *>`), also at
 * the top level of a file included inside such a block.
 */
export const contentLoggingRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const name of ['log-data', 'log-commands']) {
    for (const s of configIndex(ctx).all(name)) {
      if (!isTrue(s)) continue;
      // Only the line PowerMTA keeps for the block (a file included in it may set it later).
      let scope = keptHere(ctx, lastInBlock(ctx, s.block, name), s) ? everyone(s.block) : undefined;
      if (!scope && s.block === ctx.structure.root) {
        for (const { file, block } of blocksKeeping(ctx, s)) {
          const around = everyone(block);
          if (around) {
            scope = around.replace(/\)$/, `, on ${where(ctx, { uri: file.uri, line: block.openLine })}, which includes this file)`);
            break;
          }
        }
      }
      if (!scope) continue;
      const span = valueSpan(ctx, s);
      const what = name === 'log-data' ? 'every byte of every message (content, addresses, attachments)' : 'the whole SMTP dialogue (sender and recipient addresses)';
      out.push({
        code: 'logs-message-content',
        message: `\`${name} ${s.args[0].text}\` for ${scope} writes ${what} into the log: personal data ends up in log files and backups, and the disk fills fast. It is a debugging aid: turn it on in a narrow \`<domain>\` or \`<source>\` while you debug, and set it to \`no\` here.`,
        ...span,
        data: replaceFix(`Turn ${name} off`, span.line, span.start, span.end, 'no'),
      });
    }
  }
  return out;
};
contentLoggingRule.reads = ['log-data', 'log-commands', 'include'];

/** "every destination (…)" or "every client (…)" for a block that covers them all; undefined otherwise. */
function everyone(b: BlockNode): string | undefined {
  if (b.tag === 'domain' && b.arg === '*') return `every destination (\`<domain *>\`${b.parent?.tag === 'virtual-mta' ? ` of \`${b.parent.arg}\`` : ''})`;
  if (b.tag === 'source' && b.arg) {
    const r = parseRange(b.arg);
    if (r && isWidePublic(r)) return `every client (\`<source ${b.arg}>\`)`;
  }
  return undefined;
}
