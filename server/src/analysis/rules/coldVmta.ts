import type { Finding } from '../types';
import type { BlockNode } from '../../syntax/blocks';
import { type DocumentRule, type RuleContext, type Setting, valueSpan, wholeLine } from './context';
import { configIndex, MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';
import { deleteLines } from './fixes';
import { blockNamed, blocksReadInto } from './includedInto';

/**
 * `cold-quota-without-cold-vmta` (MISCONFIG THR-10): `max-cold-virtual-mta-msg` set while no VMTA
 * or pool in the configuration names a `cold-virtual-mta`, so the warm-up quota limits nothing
 * (whole configurations only, `wholeConfiguration`: in a fragment the `cold-virtual-mta` may live
 * in a sibling file).
 * `cold-vmta-self` (THR-11): a VMTA that names itself as its cold VMTA, also on the top level of a
 * file included inside it.
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
  const selfNamed = (s: Setting, file: RuleContext, block: BlockNode) => {
    out.push({
      code: 'cold-vmta-self',
      message: `${blockNamed(ctx, file, block)} names itself as its cold VMTA, so there is no separate new IP to warm up and the quota has no effect. Name the new VMTA being warmed up, or delete the line.`,
      ...wholeLine(ctx, s.line),
      data: { fix: { title: 'Delete the line', edits: [deleteLines(ctx.doc, s.line)] } },
    });
  };
  for (const s of cold) if (isColdVmtaSelf(s.name, s.block, s.args[0]?.text)) selfNamed(s, ctx, s.block);
  // A file included inside a VMTA: its top-level line is that VMTA's.
  const top = cold.filter((s) => s.block === ctx.structure.root);
  for (const s of top) {
    const into = blocksReadInto(ctx).find(({ block }) => isColdVmtaSelf(s.name, block, s.args[0]?.text));
    if (into) selfNamed(s, into.file, into.block);
  }
  return out;
};
coldVmtaRule.reads = [...MAIN_CONFIG_READS, 'cold-virtual-mta', 'max-cold-virtual-mta-msg'];

/** Whether `directive NAME` inside `block` is a virtual MTA naming itself as its cold VMTA (also asked by completion). */
export function isColdVmtaSelf(directive: string, block: { tag: string; arg?: string }, name: string | undefined): boolean {
  return directive === 'cold-virtual-mta' && block.tag === 'virtual-mta' && name !== undefined && name === block.arg;
}
