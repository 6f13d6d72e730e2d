import ipaddr from 'ipaddr.js';
import type { Analysis } from '../analysis/analyzer';
import { type DomainKeyEntry, type Scope, type SourceHostEntry, domainKeyEntries, expandDomains, sourceHostEntries } from '../analysis/dkim';
import type { BlockNode } from '../syntax/blocks';

/** `smtp-source-host IP NAME`: PTR of IP is NAME, NAME resolves to IP. */
export interface PtrCheck {
  host: SourceHostEntry;
}

/** `domain-key SEL, DOMAIN, FILE`: the TXT record at SEL._domainkey.DOMAIN publishes FILE's public key. */
export interface DkimCheck {
  key: DomainKeyEntry;
  domain: string;
}

/** DOMAIN's SPF policy authorises IP (IP sends mail that DOMAIN signs). */
export interface SpfCheck {
  host: SourceHostEntry;
  domain: string;
  /** Who sends with this IP for this domain, for the message (`<virtual-mta v1>`, `the top level`). */
  sender: string;
}

export interface DnsPlan {
  ptr: PtrCheck[];
  dkim: DkimCheck[];
  spf: SpfCheck[];
  /** Lines left out and why (CIDR sources, private addresses, `*` keys, unknown macros). */
  skipped: string[];
}

/** Address ranges whose public DNS says nothing about the sender (NAT, loopback…). */
const NOT_PUBLIC = new Set(['private', 'loopback', 'linkLocal', 'unspecified', 'carrierGradeNat', 'uniqueLocal', 'broadcast', 'multicast']);

function scopeLabel(scope: Scope): string {
  return scope.kind === 'global' ? 'the top level' : `<${scope.kind} ${scope.name ?? ''}>`;
}

/**
 * What the DNS checks look at. Which IPs send for which domains (see README.md):
 *   a `<virtual-mta>` sends from its own `smtp-source-host` IPs, or the top-level ones when it has
 *   none; it signs for the domains of its own `domain-key` lines, else those of the pools that list
 *   it, else the top-level ones. The top level sends from its IPs for its own key domains.
 */
export function planDnsChecks(analysis: Analysis): DnsPlan {
  const skipped: string[] = [];
  const hosts = sourceHostEntries(analysis);
  const keys = domainKeyEntries(analysis);
  const expanded = new Map<DomainKeyEntry, string[]>();
  for (const k of keys) {
    if (k.domain === '*') {
      skipped.push(`line ${k.line + 1}: the '*' key of selector '${k.selector}' signs for any domain; its DNS record is not looked up`);
      expanded.set(k, []);
      continue;
    }
    const { domains, unresolved } = expandDomains(analysis, k.domain);
    if (unresolved.length) skipped.push(`line ${k.line + 1}: macro ${unresolved.map((u) => '$' + u).join(', ')} is not defined in this file`);
    expanded.set(k, domains);
  }

  const usable: SourceHostEntry[] = [];
  for (const h of hosts) {
    if (!ipaddr.isValid(h.ip)) {
      skipped.push(`line ${h.line + 1}: ${h.ip} is ${h.ip.includes('/') ? 'a range; only single addresses are checked' : 'not an IP address'}`);
      continue;
    }
    const range = ipaddr.parse(h.ip).range();
    if (NOT_PUBLIC.has(range)) {
      skipped.push(`line ${h.line + 1}: ${h.ip} is a ${range} address; its public DNS is that of the address it is translated to`);
      continue;
    }
    usable.push(h);
  }

  const ptr = usable.map((host) => ({ host }));
  const dkim: DkimCheck[] = [];
  for (const k of keys) {
    if (k.vault) {
      if (expanded.get(k)?.length) skipped.push(`line ${k.line + 1}: the key of selector '${k.selector}' is in Vault; its DNS record is not compared`);
      continue;
    }
    for (const domain of expanded.get(k) ?? []) dkim.push({ key: k, domain });
  }

  // Sending pairs.
  const hostsIn = (b: BlockNode) => usable.filter((h) => h.scope.block === b);
  const keysIn = (b: BlockNode) => keys.filter((k) => k.scope.block === b);
  const root = analysis.structure.root;
  const poolsOf = poolMembership(analysis);
  const spf: SpfCheck[] = [];
  const seen = new Set<string>();
  const add = (ips: SourceHostEntry[], keyLines: DomainKeyEntry[], sender: string) => {
    for (const host of ips)
      for (const k of keyLines)
        for (const domain of expanded.get(k) ?? []) {
          const id = `${host.line}\u0000${domain}`;
          if (seen.has(id)) continue;
          seen.add(id);
          spf.push({ host, domain, sender });
        }
  };
  add(hostsIn(root), keysIn(root), 'the top level');
  for (const b of analysis.structure.blocks) {
    if (b.tag !== 'virtual-mta') continue;
    const own = hostsIn(b);
    const hasOwnHosts = hosts.some((h) => h.scope.block === b);
    const ips = hasOwnHosts ? own : hostsIn(root);
    let keyLines = keysIn(b);
    if (keyLines.length === 0) keyLines = (poolsOf.get(b.arg ?? '') ?? []).flatMap(keysIn);
    if (keyLines.length === 0) keyLines = keysIn(root);
    add(ips, keyLines, scopeLabel({ kind: 'virtual-mta', name: b.arg, block: b }));
  }
  return { ptr, dkim, spf, skipped };
}

/** Virtual MTA name → the `<virtual-mta-pool>` blocks that list it. */
function poolMembership(analysis: Analysis): Map<string, BlockNode[]> {
  const out = new Map<string, BlockNode[]>();
  for (const b of analysis.structure.blocks) {
    if (b.tag !== 'virtual-mta-pool') continue;
    for (const line of b.lines) {
      const f = analysis.facts(line);
      if (f.entry?.name !== 'virtual-mta') continue;
      const name = f.args?.[0]?.text;
      if (name) out.set(name, [...(out.get(name) ?? []), b]);
    }
  }
  return out;
}
