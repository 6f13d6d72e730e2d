import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex, MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';
import { signingLines, SIGNING_READS } from './domainKeys';

/**
 * `dkim-sign-without-key` (MISCONFIG ID-04): signing is switched on but the configuration defines
 * no `domain-key` at all, so nothing gets signed. Only whole configurations are judged
 * (`wholeConfiguration`): a fragment's keys may sit in a sibling file.
 */
export const dkimSignWithoutKeyRule: DocumentRule = (ctx) => {
  const files = wholeConfiguration(ctx);
  if (!files || files.some((c) => configIndex(c).all('domain-key').length > 0)) return [];
  const out: Finding[] = [];
  for (const s of signingLines(ctx)) {
    out.push({
      code: 'dkim-sign-without-key',
      message: `\`${s.name} ${s.args[0].text}\` turns DKIM signing on, but the configuration has no \`domain-key\` line, so PowerMTA finds no key and sends the mail unsigned, silently: Gmail and Yahoo then reject or junk bulk mail that fails DMARC. Add \`domain-key SELECTOR,DOMAIN,/etc/pmta/dkim/SELECTOR.DOMAIN.pem\` at the top level or in the \`<virtual-mta>\`.`,
      ...valueSpan(ctx, s),
    });
  }
  return out;
};
dkimSignWithoutKeyRule.reads = [...MAIN_CONFIG_READS, 'domain-key', ...SIGNING_READS];
