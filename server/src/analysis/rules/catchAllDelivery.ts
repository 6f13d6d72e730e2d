import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, valueSpan } from './context';
import { type LastSettings, configIndex } from './configIndex';

/**
 * `discard-all-mail` and `smarthost-for-all-mail` (MISCONFIG THR-12): the top-level `<domain *>`,
 * which every queue inherits from, discards mail (`type discard`) or sends everything to fixed
 * hosts (`smtp-hosts`, `route`). Blocks inside a VMTA are left alone: a dedicated black-hole or
 * relay VMTA is a common, deliberate pattern. With two top-level `<domain *>` blocks each is
 * looked at (which one wins is not documented), so a split configuration gets the same findings.
 */
export const catchAllDeliveryRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const out: Finding[] = [];
  if (ctx.doc.enclosingTags.length > 0) return out;
  for (const star of ctx.structure.root.children) if (star.tag === 'domain' && star.arg === '*') catchAll(ctx, index.settings(star).last, out);
  return out;
};

function catchAll(ctx: RuleContext, own: LastSettings, out: Finding[]): void {
  const type = own.get('type');
  if (type?.args[0]?.text.toLowerCase() === 'discard') {
    out.push({
      code: 'discard-all-mail',
      message: '`type discard` in the top-level `<domain *>` makes every queue without its own `type` throw its mail away while reporting it as delivered. Use it only in a dedicated test or black-hole VMTA; here, remove the line (the default is `smtp`).',
      ...valueSpan(ctx, type),
    });
  }
  for (const name of ['smtp-hosts', 'route']) {
    const s = own.get(name);
    if (!s || !s.args[0] || s.args[0].text === '""') continue;
    out.push({
      code: 'smarthost-for-all-mail',
      message: `\`${name} ${s.args.map((a) => a.text).join(' ')}\` in the top-level \`<domain *>\` sends every destination's mail to these hosts instead of the recipients' MX servers. Right for a relay-only PowerMTA; otherwise move it into the \`<domain>\` or \`<virtual-mta>\` that should relay.`,
      ...valueSpan(ctx, s),
    });
  }
}
catchAllDeliveryRule.reads = ['type', 'smtp-hosts', 'route'];
