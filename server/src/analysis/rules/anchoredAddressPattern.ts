import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { replaceFix } from './fixes';
import { patternRegexes, PATTERN_READS } from './patternRegexes';

/**
 * `anchored-address-pattern` (MISCONFIG ID-10): a pattern-list regex that ends an address with `$`
 * (`/@example\.com$/`). SparkPost's PowerMTA guide reports that the address matched may carry
 * its angle brackets (`<user@example.com>`), and a From header usually ends in `>`, with its line
 * break still there (UG5 §3.3.14.1); PowerMTA's own guide writes envelope patterns with a bare `$`.
 * So information, and a fix that holds either way: `>?$`, and `>?\s*$` for a header.
 */
export const anchoredAddressPatternRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const { setting, arg, body } of patternRegexes(ctx)) {
    // `$` after a domain-like character, not escaped and not already allowing a `>`.
    if (!/[A-Za-z0-9)\]]\$$/.test(body) || /\\\$$/.test(body) || /(>\??|>\*)\$$/.test(body) || !body.includes('@')) continue;
    const dollar = arg.start + 1 + body.length - 1;
    const header = setting.name === 'header';
    const end = header ? '>?\\s*$' : '>?$';
    out.push({
      code: 'anchored-address-pattern',
      message: header
        ? `\`${arg.text}\` in a \`header\` rule ends with \`$\`, but a header line such as \`From: Name <user@domain>\` ends with \`>\`, and PowerMTA matches it with its line break (UG5 §3.3.14.1), so the rule may never match and the mail takes the default route. End the pattern with \`${end}\`, or drop the \`$\`.`
        : `\`${arg.text}\` in a \`${setting.name}\` rule ends with \`$\`. SparkPost reports that the address PowerMTA matches can be written \`<user@domain>\`, and then the rule never matches and the mail takes the default route (PowerMTA's own guide writes such patterns with \`$\`). \`${end}\` matches either way.`,
      line: arg.line,
      start: arg.start,
      end: arg.end,
      data: replaceFix(`Allow a closing \`>\` before the end (\`${end}\`)`, arg.line, dollar, dollar + 1, end),
    });
  }
  return out;
};
anchoredAddressPatternRule.reads = PATTERN_READS;
anchoredAddressPatternRule.names = [];
