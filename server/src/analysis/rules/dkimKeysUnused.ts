import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex, MAIN_CONFIG_READS } from './configIndex';
import { domainKeys, signingLines, SIGNING_READS } from './domainKeys';

/**
 * `dkim-keys-unused` (MISCONFIG ID-05): a main configuration defines DKIM keys but never turns
 * `dkim-sign` on (it defaults to no), so the keys are never used. Reported once, on the first key.
 * Fragments and files with includes are skipped: the switch may live in another file.
 */
export const dkimKeysUnusedRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  if (!index.looksLikeMainConfig) return [];
  const keys = domainKeys(ctx);
  if (keys.length === 0 || signingLines(ctx).length > 0) return [];
  const explicitOff = index.all('dkim-sign')[0];
  const out: Finding[] = [];
  out.push({
    code: 'dkim-keys-unused',
    message: `${keys.length === 1 ? 'This DKIM key is' : `These ${keys.length} DKIM keys are`} never used: ${explicitOff ? `\`dkim-sign\` is set to \`${explicitOff.args[0]?.text}\` (line ${explicitOff.line + 1}) and never turned on` : '`dkim-sign` is never turned on, and it defaults to no'}, so mail leaves unsigned. Add \`dkim-sign yes\` to \`<domain *>\`.`,
    ...valueSpan(ctx, keys[0].setting),
  });
  return out;
};
dkimKeysUnusedRule.reads = [...MAIN_CONFIG_READS, 'domain-key', ...SIGNING_READS];
