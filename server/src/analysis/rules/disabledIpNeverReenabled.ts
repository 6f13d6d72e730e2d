import { parseDuration } from '../values/time';
import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { configIndex, MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';
import { replyRules, REPLY_READS } from './replyRules';

/**
 * `disabled-ip-never-reenabled` (MISCONFIG THR-05): a reply rule disables the source IP without
 * `reenable-after=`, and no `reenable-source-ip-after` in the configuration gives a duration (the
 * default is never), so the IP stays disabled until someone runs `pmta enable source`. Whole
 * configurations only (`wholeConfiguration`): in a fragment the domain settings may live elsewhere.
 */
export const disabledIpRule: DocumentRule = (ctx) => {
  const files = wholeConfiguration(ctx);
  if (!files) return [];
  const reenables = files.some((c) =>
    configIndex(c)
      .all('reenable-source-ip-after')
      .some((s) => {
        const v = s.args[0]?.text.toLowerCase();
        return v !== undefined && v !== 'never' && (parseDuration(v) ?? 0) > 0;
      }),
  );
  if (reenables) return [];
  const out: Finding[] = [];
  for (const rule of replyRules(ctx)) {
    const keys = rule.actions.map((a) => a.key);
    const at = keys.indexOf('disable-source-ip');
    if (at < 0 || keys.includes('reenable-after')) continue;
    const a = rule.actions[at];
    const fix =
      rule.exact && a.end !== undefined
        ? { fix: { title: 'Re-enable the IP after an hour (`reenable-after=1h`)', edits: [{ line: rule.actionsArg!.line, start: a.end, end: a.end, newText: ',reenable-after=1h' }] } }
        : undefined;
    out.push({
      code: 'disabled-ip-never-reenabled',
      message: `This rule disables the sending IP, but nothing re-enables it: the rule has no \`reenable-after=\` and \`reenable-source-ip-after\` defaults to never, so the IP stays out of rotation until someone runs \`pmta enable source\`. Add \`reenable-after=1h\` (or whatever cool-down you want) to the rule.`,
      line: a.start !== undefined ? rule.actionsArg!.line : rule.setting.line,
      start: a.start ?? ctx.doc.info(rule.setting.line).indent,
      end: a.end ?? ctx.doc.info(rule.setting.line).contentEnd,
      data: fix,
    });
  }
  return out;
};
disabledIpRule.reads = [...MAIN_CONFIG_READS, 'reenable-source-ip-after', ...REPLY_READS];
