import type { BlockNode } from '../../syntax/blocks';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, type Setting, where } from './context';
import { configIndex, lastTopLevel, topLevelFiles } from './configIndex';
import { blockSettings, readInto } from './includedInto';

/**
 * A VMTA that only relays to fixed hosts, discards, or pipes: its own source IP does not matter.
 * Its `<domain *>` blocks count with those at the top level of files included inside it, and
 * their settings with those of files included inside them (blockSettings); a file that could not
 * be read there may be one of them.
 */
function isRelayOrSink(ctx: RuleContext, vmta: BlockNode): boolean {
  const stars: { file: RuleContext; block: BlockNode; at: number }[] = [];
  for (const c of vmta.children) if (isStar(c)) stars.push({ file: ctx, block: c, at: c.openLine });
  for (const m of readInto(ctx, vmta)) for (const c of m.file.structure.root.children) if (isStar(c)) stars.push({ file: m.file, block: c, at: m.at });
  const last = new Map<string, Setting>();
  for (const star of stars.sort((a, b) => a.at - b.at)) {
    const settings = blockSettings(star.file, star.block);
    if (!settings) return true;
    for (const { setting } of settings) last.set(setting.name, setting);
  }
  const type = last.get('type')?.args[0]?.text.toLowerCase();
  return last.has('smtp-hosts') || last.has('route') || last.has('queue-to') || (type !== undefined && type !== 'smtp');
}

const isStar = (b: BlockNode) => b.tag === 'domain' && b.arg === '*';

const SOURCE_NAMES = new Set(['smtp-source-host', 'smtp-proxy-source-host', 'use-proxy']);

/**
 * Whether a VMTA sets its own source: in the block, or in a file included inside it. A file
 * checked alone does not follow its includes, and a file the configuration could not read may
 * hold it: an `include` line counts as one then.
 */
function hasOwnSource(ctx: RuleContext, vmta: BlockNode): boolean {
  const own = configIndex(ctx).settings(vmta).last;
  for (const name of SOURCE_NAMES) if (own.has(name)) return true;
  if (!own.has('include')) return false;
  const settings = ctx.configuration ? blockSettings(ctx, vmta) : undefined;
  return !settings || settings.some(({ setting }) => SOURCE_NAMES.has(setting.name));
}

/**
 * `vmta-without-source-host` (MISCONFIG REQ-04): a `<virtual-mta>` with no `smtp-source-host` (or
 * `smtp-proxy-source-host`, `use-proxy`, in the block or a file included inside it), so its mail leaves from the global source IP
 * and host name rather than an address of its own. VMTAs that only relay, discard or pipe are
 * skipped.
 */
export const vmtaSourceHostRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  // The global source may be set in another file of the configuration.
  const global = lastTopLevel(topLevelFiles(ctx), 'smtp-source-host');
  const out: Finding[] = [];
  for (const vmta of index.blocks('virtual-mta')) {
    if (hasOwnSource(ctx, vmta)) continue;
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
