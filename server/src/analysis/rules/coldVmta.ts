import type { Finding } from '../types';
import { type DocumentRule, valueSpan, wholeLine } from './context';
import { configIndex, MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';
import { deleteLines } from './fixes';

/**
 * `cold-quota-without-cold-vmta` (MISCONFIG THR-10): `max-cold-virtual-mta-msg` set while no VMTA
 * or pool in the configuration names a `cold-virtual-mta`, so the warm-up quota limits nothing
 * (whole configurations only, `wholeConfiguration`: in a fragment the `cold-virtual-mta` may live
 * in a sibling file).
 * `cold-vmta-self` (THR-11): a VMTA that names itself as its cold VMTA.
 */
export const coldVmtaRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const out: Finding[] = [];
  const cold = index.all('cold-virtual-mta');
  const files = cold.length === 0 ? wholeConfiguration(ctx) : undefined;
  if (files && files.every((c) => configIndex(c).all('cold-virtual-mta').length === 0)) {
    for (const s of index.all('max-cold-virtual-mta-msg')) {
      out.push({
        code: 'cold-quota-without-cold-vmta',
        message: `\`max-cold-virtual-mta-msg\` sets a daily warm-up quota, but no \`<virtual-mta>\` or pool in the configuration names a \`cold-virtual-mta\`, so the quota applies to nothing and the new IP is not warmed up gradually. Add \`cold-virtual-mta NEW-VMTA\` to the VMTA or pool that should hand mail to the new IP.`,
        ...valueSpan(ctx, s),
      });
    }
  }
  for (const s of cold) {
    if (!isColdVmtaSelf(s.name, s.block, s.args[0]?.text)) continue;
    out.push({
      code: 'cold-vmta-self',
      message: `\`<virtual-mta ${s.block.arg}>\` names itself as its cold VMTA, so there is no separate new IP to warm up and the quota has no effect. Name the new VMTA being warmed up, or delete the line.`,
      ...wholeLine(ctx, s.line),
      data: { fix: { title: 'Delete the line', edits: [deleteLines(ctx.doc, s.line)] } },
    });
  }
  return out;
};
coldVmtaRule.reads = [...MAIN_CONFIG_READS, 'cold-virtual-mta', 'max-cold-virtual-mta-msg'];

/** Whether `directive NAME` inside `block` is a virtual MTA naming itself as its cold VMTA (also asked by completion). */
export function isColdVmtaSelf(directive: string, block: { tag: string; arg?: string }, name: string | undefined): boolean {
  return directive === 'cold-virtual-mta' && block.tag === 'virtual-mta' && name !== undefined && name === block.arg;
}
