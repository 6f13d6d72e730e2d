import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { replaceFix } from './fixes';
import { patternRegexes, PATTERN_READS } from './patternRegexes';

/**
 * `anchored-address-pattern` (MISCONFIG ID-10): a pattern-list regex that ends an address with `$`
 * (`/@example\.com$/`). The address PowerMTA matches may carry its angle brackets
 * (`<user@example.com>`), and a From header usually ends in `>`; then the anchor never matches.
 */
export const anchoredAddressPatternRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const { setting, arg, body } of patternRegexes(ctx)) {
    // `$` after a domain-like character, not escaped and not already allowing a `>`.
    if (!/[A-Za-z0-9)\]]\$$/.test(body) || /\\\$$/.test(body) || /(>\??|>\*)\$$/.test(body) || !body.includes('@')) continue;
    const dollar = arg.start + 1 + body.length - 1;
    out.push({
      code: 'anchored-address-pattern',
      message: `\`${arg.text}\` in a \`${setting.name}\` rule ends with \`$\`, but the text PowerMTA matches can end with \`>\` (\`<user@domain>\` in the envelope, \`Name <user@domain>\` in a header), so the rule may never match and the mail takes the default route. Allow the bracket: end the pattern with \`>?$\`, or drop the \`$\`.`,
      line: arg.line,
      start: arg.start,
      end: arg.end,
      data: replaceFix('Allow a closing `>` before the end (`>?$`)', arg.line, dollar, dollar + 1, '>?$'),
    });
  }
  return out;
};
anchoredAddressPatternRule.reads = PATTERN_READS;
anchoredAddressPatternRule.names = [];
