import { type ParsedRange, parseRange, rangeCovers } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext } from './context';
import { compareLoad, configIndex, topLevelFiles } from './configIndex';
import { isLoopbackOnly } from './reach';
import { sourceHosts, SOURCE_HOST_READS } from './sourceHosts';

/**
 * `source-ip-outside-listeners` (issue 8, identity group): when every SMTP listener names a
 * specific address (no `0/0` or `0.0.0.0` listener), those addresses are the machine's known
 * interfaces. A source IP outside all of them may not be configured on this machine, and
 * PowerMTA cannot send from an address it does not have. A hint only: a machine often has more
 * addresses than it listens on.
 */
export const sourceIpListenersRule: DocumentRule = (ctx) => {
  const listeners: ParsedRange[] = [];
  const texts: string[] = [];
  const add = (text: string | undefined) => {
    if (!text) return;
    const r = parseRange(text.replace(/^\[|\]?:\d+$/g, ''));
    if (r) {
      listeners.push(r);
      texts.push(text);
    }
  };
  // The listeners of every file of a configuration split over files, in load order.
  const found: { file: RuleContext; line: number; text: string | undefined }[] = [];
  for (const file of topLevelFiles(ctx)) {
    for (const s of configIndex(file).settings(file.structure.root).list) if (s.name === 'smtp-listener') found.push({ file, line: s.line, text: s.args[0]?.text });
    for (const b of file.structure.root.children) if (b.tag === 'smtp-listener') found.push({ file, line: b.openLine, text: b.arg });
  }
  found.sort((a, b) => compareLoad(a.file, a.line, b.file, b.line));
  for (const l of found) add(l.text);
  if (listeners.length === 0) return [];
  if (listeners.some((r) => r.prefix === 0 || r.address.range() === 'unspecified')) return [];
  if (listeners.every((r) => isLoopbackOnly(r))) return [];
  const out: Finding[] = [];
  for (const h of sourceHosts(ctx)) {
    if (h.setting.name !== 'smtp-source-host' || !h.range || !h.range.single || isLoopbackOnly(h.range)) continue;
    if (listeners.some((l) => rangeCovers(l, h.range!))) continue;
    const arg = h.setting.args[0];
    out.push({
      code: 'source-ip-outside-listeners',
      message: `${h.ipText} is not among the addresses this server listens on (${texts.join(', ')}). If the address is not configured on this machine, PowerMTA cannot bind to it and every connection from ${h.vmta ? `\`${h.vmta}\`` : 'this source'} fails. Check that the IP is assigned to an interface here (\`ip addr\`), or correct it.`,
      line: arg.line,
      start: arg.start,
      end: arg.end,
    });
  }
  return out;
};
sourceIpListenersRule.reads = ['smtp-listener', ...SOURCE_HOST_READS];
