import type { BlockNode } from '../../syntax/blocks';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, where } from './context';
import { configIndex, lastTopLevel, topLevelFiles } from './configIndex';
import { blockSettings } from './includedInto';

/**
 * A VMTA that only relays to fixed hosts, discards, or pipes: its own source IP does not matter.
 * Its `<domain *>` settings count with those of files included inside it (blockSettings); a file
 * that could not be read there may be one of them.
 */
function isRelayOrSink(ctx: RuleContext, vmta: BlockNode): boolean {
  const star = vmta.children.find((c) => c.tag === 'domain' && c.arg === '*');
  if (!star) return false;
  const settings = blockSettings(ctx, star);
  if (!settings) return true;
  const last = new Map(settings.map(({ setting }) => [setting.name, setting]));
  const type = last.get('type')?.args[0]?.text.toLowerCase();
  return last.has('smtp-hosts') || last.has('route') || last.has('queue-to') || (type !== undefined && type !== 'smtp');
}

/**
 * `vmta-without-source-host` (MISCONFIG REQ-04): a `<virtual-mta>` with no `smtp-source-host` (or
 * `smtp-proxy-source-host`, `use-proxy`, `include`), so its mail leaves from the global source IP
 * and host name rather than an address of its own. VMTAs that only relay, discard or pipe are
 * skipped.
 */
export const vmtaSourceHostRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  // The global source may be set in another file of the configuration.
  const global = lastTopLevel(topLevelFiles(ctx), 'smtp-source-host');
  const out: Finding[] = [];
  for (const vmta of index.blocks('virtual-mta')) {
    const own = index.settings(vmta).last;
    if (['smtp-source-host', 'smtp-proxy-source-host', 'use-proxy', 'include'].some((n) => own.has(n))) continue;
    if (isRelayOrSink(ctx, vmta)) continue;
    const info = ctx.doc.info(vmta.openLine);
    out.push({
      code: 'vmta-without-source-host',
      message: `\`<virtual-mta ${vmta.arg ?? ''}>\` has no \`smtp-source-host\`, so its mail leaves from ${global ? `the global source address and host name (${where(ctx, { uri: global.file.uri, line: global.setting.line })})` : "the machine's default address and host name"}, not from an IP of its own: its reputation mixes with other traffic and per-VMTA limits no longer match an IP. Add \`smtp-source-host IP HOST-NAME\`.`,
      line: vmta.openLine,
      start: info.indent,
      end: info.contentEnd,
    });
  }
  return out;
};
vmtaSourceHostRule.reads = ['smtp-source-host', 'smtp-proxy-source-host', 'use-proxy', 'include', 'type', 'smtp-hosts', 'route', 'queue-to'];
vmtaSourceHostRule.names = ['virtual-mta', 'domain'];
