import { isHostname } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex } from './configIndex';
import { sourceHosts, SOURCE_HOST_READS } from './sourceHosts';

const LOCAL = /^(localhost|localhost\.localdomain|localdomain)$/i;

/** Digits and dots only, or a colon: an IP literal (checked by shape; ipaddr.js is slow at rejecting names). */
const IP_LIKE = /^[\d.]+$|:/;

function problem(name: string): string | undefined {
  const bare = name.replace(/\.$/, '');
  if (LOCAL.test(bare)) return 'is a local-only name';
  if (IP_LIKE.test(bare)) return 'is an IP address, not a host name';
  if (!bare.includes('.')) return 'has a single label, so it is not fully qualified';
  return undefined;
}

/**
 * `helo-not-fqdn` (MISCONFIG ID-01): the EHLO name of `smtp-source-host`, `smtp-proxy-source-host`
 * or `host-name` is not a fully qualified domain name. Values that are not host names at all are
 * left to `invalid-value`.
 */
export const heloNameRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const report = (name: string, via: string, at: { line: number; start: number; end: number }) => {
    const why = problem(name);
    if (!why) return;
    out.push({
      code: 'helo-not-fqdn',
      message: `\`${name}\` (${via}) ${why}. PowerMTA greets receivers with it in EHLO; Gmail, Microsoft and most filters want a fully qualified name whose A record points back to the sending IP and that matches the IP's PTR record, and reject or junk mail otherwise. Write the IP's reverse-DNS name, e.g. \`mta1.example.com\`.`,
      ...at,
    });
  };
  for (const h of sourceHosts(ctx)) if (h.host && h.hostArg) report(h.host, h.setting.name, h.hostArg);
  for (const s of configIndex(ctx).all('host-name')) {
    const v = s.args[0]?.text;
    if (v && isHostname(v)) report(v, 'host-name', valueSpan(ctx, s));
  }
  return out;
};
heloNameRule.reads = [...SOURCE_HOST_READS, 'host-name'];
heloNameRule.names = ['virtual-mta'];
