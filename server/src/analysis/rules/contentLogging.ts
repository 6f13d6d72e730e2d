import { parseRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, isTrue, valueSpan } from './context';
import { configIndex } from './configIndex';
import { replaceFix } from './fixes';
import { isWidePublic } from './reach';

/**
 * `logs-message-content` (MISCONFIG SEC-18): `log-data` or `log-commands` switched on for every
 * client (`<source 0/0>` or another wide public range) or every destination (`<domain *>`).
 */
export const contentLoggingRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const name of ['log-data', 'log-commands']) {
    for (const s of configIndex(ctx).all(name)) {
      if (!isTrue(s)) continue;
      const b = s.block;
      let scope: string | undefined;
      if (b.tag === 'domain' && b.arg === '*') scope = `every destination (\`<domain *>\`${b.parent?.tag === 'virtual-mta' ? ` of \`${b.parent.arg}\`` : ''})`;
      if (b.tag === 'source' && b.arg) {
        const r = parseRange(b.arg);
        if (r && isWidePublic(r)) scope = `every client (\`<source ${b.arg}>\`)`;
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
contentLoggingRule.reads = ['log-data', 'log-commands'];
