import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex } from './configIndex';
import { replaceFix } from './fixes';

/** `csrf-protection-off` (MISCONFIG SEC-09): `http-csrf-protection false`. */
export const csrfOffRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const s of configIndex(ctx).all('http-csrf-protection')) {
    const v = s.args[0]?.text.toLowerCase();
    if (v !== 'no' && v !== 'false') continue;
    const span = valueSpan(ctx, s);
    out.push({
      code: 'csrf-protection-off',
      message: `\`http-csrf-protection ${s.args[0].text}\` lets any web page an operator visits send commands to the console in the operator's name (cross-site request forgery): pausing queues, deleting mail, changing the configuration. Set it to \`true\` (the default); API scripts should use \`http-api-key\` rather than need this off.`,
      ...span,
      data: replaceFix('Turn CSRF protection back on', span.line, span.start, span.end, 'true'),
    });
  }
  return out;
};
csrfOffRule.reads = ['http-csrf-protection'];
