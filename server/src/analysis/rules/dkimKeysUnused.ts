import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, valueSpan, where } from './context';
import { type Placed, configIndex, loadsBefore, MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';
import { type DomainKey, domainKeys, signingLines, SIGNING_READS } from './domainKeys';

/**
 * `dkim-keys-unused` (MISCONFIG ID-05): a configuration defines DKIM keys but never turns
 * `dkim-sign` on (it defaults to no), so the keys are never used. Reported once, on the first key
 * in load order. Whole configurations only (`wholeConfiguration`): in a fragment the switch may
 * live in another file.
 */
export const dkimKeysUnusedRule: DocumentRule = (ctx) => {
  const files = wholeConfiguration(ctx);
  const keys = domainKeys(ctx);
  if (!files || keys.length === 0 || files.some((c) => signingLines(c).length > 0)) return [];
  // The file that holds the configuration's first key (in load order) reports, for every file's keys.
  const own = firstKey(keys);
  for (const c of files) {
    const list = domainKeys(c);
    const k = list.length > 0 ? firstKey(list) : undefined;
    if (k && c.doc !== ctx.doc && loadsBefore(c, k.setting.line, ctx, own.setting.line)) return [];
  }
  const count = files.reduce((n, c) => n + domainKeys(c).length, 0);
  // The message names the configuration's first dkim-sign line in load order.
  let off: Placed | undefined;
  let offIn: RuleContext | undefined;
  for (const c of files) {
    for (const s of configIndex(c).all('dkim-sign')) if (!off || loadsBefore(c, s.line, offIn!, off.line)) [off, offIn] = [s, c];
  }
  const out: Finding[] = [];
  out.push({
    code: 'dkim-keys-unused',
    message: `${count === 1 ? 'This DKIM key is' : `These ${count} DKIM keys are`} never used: ${off ? `\`dkim-sign\` is set to \`${off.args[0]?.text}\` (${where(ctx, { uri: offIn!.uri, line: off.line })}) and never turned on` : '`dkim-sign` is never turned on, and it defaults to no'}, so mail leaves unsigned. Add \`dkim-sign yes\` to \`<domain *>\`.`,
    ...valueSpan(ctx, own.setting),
  });
  return out;
};
/** A file's first key by line (its keys come block by block). */
const firstKey = (keys: readonly DomainKey[]): DomainKey => keys.reduce((a, b) => (b.setting.line < a.setting.line ? b : a));

dkimKeysUnusedRule.reads = [...MAIN_CONFIG_READS, 'domain-key', ...SIGNING_READS];
