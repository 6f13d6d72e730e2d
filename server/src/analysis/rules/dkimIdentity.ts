import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex, MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';
import { domainKeys, keyMatches } from './domainKeys';
import { macrosOf } from './domainNames';

/**
 * `dkim-identity-no-key` (MISCONFIG ID-09): `dkim-identity @X` where no `domain-key` in the
 * configuration covers X or a parent domain of X (macros expanded one level, from any file). Only
 * whole configurations are judged (`wholeConfiguration`): a fragment's keys may sit in a sibling file.
 */
export const dkimIdentityRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const files = wholeConfiguration(ctx);
  if (!files) return [];
  const macros = macrosOf(ctx);
  const patterns: string[] = [];
  for (const c of files) {
    for (const k of domainKeys(c)) {
      if (k.domain.startsWith('$')) for (const d of macros.get(k.domain.slice(1)) ?? ['*']) patterns.push(d.toLowerCase());
      else patterns.push(k.domain);
    }
  }
  const out: Finding[] = [];
  for (const s of index.all('dkim-identity')) {
    const v = s.args[0]?.text ?? '';
    const at = v.lastIndexOf('@');
    if (at < 0) continue;
    const d = v.slice(at + 1).toLowerCase().replace(/\.$/, '');
    if (!d || /[*$]/.test(d)) continue;
    const labels = d.split('.');
    const candidates = labels.map((_, i) => labels.slice(i).join('.')).filter((p) => p.includes('.'));
    if (patterns.some((p) => candidates.some((c) => keyMatches(p, c)))) continue;
    out.push({
      code: 'dkim-identity-no-key',
      message: `\`dkim-identity ${v}\` asks PowerMTA to sign as \`${d}\`, but no \`domain-key\` in the configuration covers ${d} or a parent domain of it, so those messages cannot be signed with that identity. Add \`domain-key SELECTOR,${d},/etc/pmta/dkim/SELECTOR.${d}.pem\` (and publish the selector in DNS).`,
      ...valueSpan(ctx, s),
    });
  }
  return out;
};
dkimIdentityRule.reads = [...MAIN_CONFIG_READS, 'domain-key', 'domain-macro', 'dkim-identity'];
