import type { Finding } from '../types';
import { type DocumentRule, isTrue, valueSpan } from './context';
import { configIndex } from './configIndex';
import { replaceFix } from './fixes';

/** `world-readable-logs` (MISCONFIG SEC-20): log or accounting files readable by every local user. */
export const worldReadableRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const index = configIndex(ctx);
  const hits = [...index.all('log-file-world-readable'), ...index.all('world-readable').filter((s) => s.block.tag === 'acct-file')];
  for (const s of hits) {
    if (!isTrue(s)) continue;
    const span = valueSpan(ctx, s);
    const what = s.name === 'world-readable' ? `the accounting file \`${s.block.arg ?? ''}\`` : 'the PowerMTA log files';
    out.push({
      code: 'world-readable-logs',
      message: `\`${s.name} ${s.args[0].text}\` makes ${what} readable by every account on the machine; they hold recipient addresses and delivery details. Leave it \`no\` and add the reading account to the pmta group instead.`,
      ...span,
      data: replaceFix('Keep the files private', span.line, span.start, span.end, 'no'),
    });
  }
  return out;
};
worldReadableRule.reads = ['log-file-world-readable', 'world-readable'];
