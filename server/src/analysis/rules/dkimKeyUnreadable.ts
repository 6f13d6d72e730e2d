import type { Finding } from '../types';
import { type DocumentRule, where, wholeLine } from './context';
import { lastTopLevel, topLevelFiles } from './configIndex';
import { domainKeys } from './domainKeys';

/**
 * `dkim-key-unreadable` (MISCONFIG ID-07): keys under `/root/` (or `~`) while `run-as-root no`:
 * the pmta user cannot read them, so mail goes out unsigned.
 */
export const dkimKeyUnreadableRule: DocumentRule = (ctx) => {
  // In a configuration split over files, `run-as-root` may be set in another file.
  const found = lastTopLevel(topLevelFiles(ctx), 'run-as-root');
  const root = found?.setting;
  const v = root?.args[0]?.text.toLowerCase();
  if (v !== 'no' && v !== 'false') return [];
  const out: Finding[] = [];
  for (const k of domainKeys(ctx)) {
    if (!/^(\/root(\/|$)|~)/.test(k.path)) continue;
    out.push({
      code: 'dkim-key-unreadable',
      message: `The key file \`${k.path}\` is under root's home, but \`run-as-root ${root!.args[0].text}\` (${where(ctx, { uri: found!.file.uri, line: root!.line })}) makes PowerMTA run as the pmta user, which cannot read /root: the key fails to load and mail for \`${k.domain}\` goes out unsigned. Move the key to e.g. \`/etc/pmta/dkim/\` (owned by pmta, mode 600) and update the path.`,
      ...wholeLine(ctx, k.setting.line),
    });
  }
  return out;
};
dkimKeyUnreadableRule.reads = ['run-as-root', 'domain-key'];
