import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { configIndex } from './configIndex';
import { domainKeys } from './domainKeys';

/**
 * `dkim-key-unreadable` (MISCONFIG ID-07): keys under `/root/` (or `~`) while `run-as-root no`:
 * the pmta user cannot read them, so mail goes out unsigned.
 */
export const dkimKeyUnreadableRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const root = index.settings(ctx.structure.root).last.get('run-as-root');
  const v = root?.args[0]?.text.toLowerCase();
  if (v !== 'no' && v !== 'false') return [];
  const out: Finding[] = [];
  for (const k of domainKeys(ctx)) {
    if (!/^(\/root(\/|$)|~)/.test(k.path)) continue;
    out.push({
      code: 'dkim-key-unreadable',
      message: `The key file \`${k.path}\` is under root's home, but \`run-as-root ${root!.args[0].text}\` (line ${root!.line + 1}) makes PowerMTA run as the pmta user, which cannot read /root: the key fails to load and mail for \`${k.domain}\` goes out unsigned. Move the key to e.g. \`/etc/pmta/dkim/\` (owned by pmta, mode 600) and update the path.`,
      ...wholeLine(ctx, k.setting.line),
    });
  }
  return out;
};
dkimKeyUnreadableRule.reads = ['run-as-root', 'domain-key'];
