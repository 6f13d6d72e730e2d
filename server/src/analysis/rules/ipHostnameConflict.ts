import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { sharedTopLevelNames, vmtaReadInto } from '../includes/acrossFiles';
import { type SourceHost, sourceHosts, SOURCE_HOST_READS } from './sourceHosts';


/** Where a source host is announced, for messages: its `<virtual-mta>`, or the top level. */
export function hostPlace(vmta: string | undefined): string {
  return vmta !== undefined ? `\`<virtual-mta ${vmta}>\`` : 'the top level';
}

/** `ip-hostname-conflict`'s message: `h` announces its IP as another name than the one `place` does. */
export function ipConflictMessage(h: SourceHost, otherHost: string | undefined, place: string): string {
  return `IP ${h.ipText} is announced as \`${h.host}\` here but as \`${otherHost}\` in ${place}. An IP has one PTR record, so at least one of the names does not match it: receivers see an EHLO that fails forward-confirmed reverse DNS, and the IP's reputation is split across names. Use the IP's PTR name everywhere it appears.`;
}

/** `hostname-on-many-ips`'s message: `h`'s name is also the name of `otherIp` at `place`. */
export function manyIpsMessage(h: SourceHost, otherIp: string, place: string): string {
  return `\`${h.host}\` is also the EHLO name of IP ${otherIp} in ${place}. One name for several IPs needs a PTR record on each IP and an A record listing all of them; it also blurs per-IP reputation and makes blocks harder to trace. Prefer one name per IP (e.g. \`mta1\`, \`mta2\`).`;
}

/**
 * `ip-hostname-conflict` and `hostname-on-many-ips` (MISCONFIG ID-02): one source IP announced
 * under different EHLO names, or one EHLO name used for several IPs. One map per direction:
 * linear in the number of source-host lines.
 */
export const ipHostnameRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  // Addresses and names another file also holds are compared across the files, in load order (acrossFiles.ts).
  const shared = sharedTopLevelNames(ctx);
  // The lines of a file included inside a <virtual-mta> are that VMTA's.
  const container = vmtaReadInto(ctx);
  const where = (h: SourceHost) => `${hostPlace(h.vmta ?? container)} (line ${h.setting.line + 1})`;
  const hostOfIp = new Map<string, SourceHost>();
  const ipOfHost = new Map<string, SourceHost>();
  for (const h of sourceHosts(ctx)) {
    if (!h.range || !h.range.single || !h.host || !h.hostArg) continue;
    const ip = h.range.address.toNormalizedString();
    const byIp = shared.ips.has(ip) ? h : hostOfIp.get(ip);
    if (!byIp) hostOfIp.set(ip, h);
    else if (byIp.host !== h.host) {
      out.push({
        code: 'ip-hostname-conflict',
        message: ipConflictMessage(h, byIp.host, where(byIp)),
        ...h.hostArg,
        data: { firstLine: byIp.setting.line, replacement: byIp.host },
      });
    }
    const byHost = shared.hosts.has(h.host) ? h : ipOfHost.get(h.host);
    if (!byHost) ipOfHost.set(h.host, h);
    else if (byHost.range && byHost.range.address.toNormalizedString() !== ip) {
      out.push({
        code: 'hostname-on-many-ips',
        message: manyIpsMessage(h, byHost.ipText, where(byHost)),
        ...h.hostArg,
        data: { firstLine: byHost.setting.line },
      });
    }
  }
  return out;
};
ipHostnameRule.reads = SOURCE_HOST_READS;
ipHostnameRule.names = ['virtual-mta'];
