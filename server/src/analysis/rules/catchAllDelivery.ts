import type { Finding } from '../types';
import type { BlockNode } from '../../syntax/blocks';
import { type DocumentRule, type RuleContext, type Setting, valueSpan, wholeLine } from './context';
import { blockSettings } from './includedInto';

/**
 * `discard-all-mail` and `smarthost-for-all-mail` (MISCONFIG THR-12): the top-level `<domain *>`,
 * which every queue inherits from, discards mail (`type discard`) or sends everything to fixed
 * hosts (`smtp-hosts`, `route`). Blocks inside a VMTA are left alone: a dedicated black-hole or
 * relay VMTA is a common, deliberate pattern. With two top-level `<domain *>` blocks each is
 * looked at (which one wins is not documented), so a split configuration gets the same findings.
 */
export const catchAllDeliveryRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  if (ctx.doc.enclosingTags.length > 0) return out;
  for (const star of ctx.structure.root.children) if (star.tag === 'domain' && star.arg === '*') catchAll(ctx, star, out);
  return out;
};

function catchAll(ctx: RuleContext, star: BlockNode, out: Finding[]): void {
  // The block's settings with those of files included in it (not judged when one could not be read).
  const settings = blockSettings(ctx, star);
  if (!settings) return;
  const last = new Map(settings.map((s) => [s.setting.name, s]));
  // A deciding line in an included file is reported on the block's tag.
  const place = (s: { file: RuleContext; setting: Setting }) => (s.file.doc === ctx.doc ? valueSpan(ctx, s.setting) : wholeLine(ctx, star.openLine));
  const type = last.get('type');
  if (type?.setting.args[0]?.text.toLowerCase() === 'discard') {
    out.push({
      code: 'discard-all-mail',
      message: '`type discard` in the top-level `<domain *>` makes every queue without its own `type` throw its mail away while reporting it as delivered. Use it only in a dedicated test or black-hole VMTA; here, remove the line (the default is `smtp`).',
      ...place(type),
    });
  }
  for (const name of ['smtp-hosts', 'route']) {
    const found = last.get(name);
    const s = found?.setting;
    if (!found || !s!.args[0] || s!.args[0].text === '""') continue;
    out.push({
      code: 'smarthost-for-all-mail',
      message: `\`${name} ${s!.args.map((a) => a.text).join(' ')}\` in the top-level \`<domain *>\` sends every destination's mail to these hosts instead of the recipients' MX servers. Right for a relay-only PowerMTA; otherwise move it into the \`<domain>\` or \`<virtual-mta>\` that should relay.`,
      ...place(found),
    });
  }
}
catchAllDeliveryRule.reads = ['type', 'smtp-hosts', 'route', 'include'];
