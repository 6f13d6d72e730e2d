import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { sourceHosts, SOURCE_HOST_READS } from './sourceHosts';

const NON_ROUTABLE: Record<string, string> = {
  private: 'a private (RFC 1918) address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  uniqueLocal: 'a unique-local IPv6 address',
};

/** `private-source-ip` (MISCONFIG ID-03): an `smtp-source-host` IP that is not routable on the internet. */
export const privateSourceIpRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const h of sourceHosts(ctx)) {
    if (h.setting.name !== 'smtp-source-host' || !h.range || !h.range.single) continue;
    const what = NON_ROUTABLE[h.range.address.range()];
    if (!what) continue;
    const arg = h.setting.args[0];
    out.push({
      code: 'private-source-ip',
      message: `${h.ipText} is ${what}: receivers see the public address your router or NAT translates it to, not this one, so per-IP reputation, PTR and SPF follow that public IP. Fine behind a 1:1 NAT (as on AWS or GCP) if the public IP is dedicated; otherwise bind the public address here.`,
      line: arg.line,
      start: arg.start,
      end: arg.end,
    });
  }
  return out;
};
privateSourceIpRule.reads = SOURCE_HOST_READS;
privateSourceIpRule.names = ['virtual-mta'];
