import type { Finding } from '../types';
import { matchRank } from '../effective';
import { type DocumentRule, valueSpan } from './context';
import { type Placed, configIndex, MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';
import { expandDomain, macrosOf } from './domainNames';
import { insertLineBefore } from './fixes';

const NO_MACROS: ReadonlyMap<string, string[]> = new Map();

const WATCHED_BY: Record<string, string> = {
  'bounce-processor': 'bounces',
  'feedback-loop-processor': 'feedback-loop reports (complaints)',
};

/**
 * `processor-domain-not-relayed` (MISCONFIG BFP-02): a domain or address a bounce or feedback-loop
 * processor watches (its `<address-list>`) that no `relay-domain` or `relay-address` of the
 * configuration accepts. PowerMTA refuses mail for other domains at RCPT TO, so the reports the
 * processor waits for never arrive. Judged only on a whole configuration (a `relay-domain` may sit
 * in any of its files); silent when a `relay-address` regex could accept the address, and for
 * entries it cannot read (`address /regex/`, unknown macros).
 */
export const processorRelayRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const entries = [...index.all('domain'), ...index.all('address')].filter((s) => s.block.tag === 'address-list' && WATCHED_BY[s.block.parent?.tag ?? '']);
  if (entries.length === 0) return [];
  const files = wholeConfiguration(ctx, 'top level');
  if (!files) return [];
  // `host-name` accepts mail for its domain as a `relay-domain` does (UG5 §3.3.1.32).
  const relayDomains = files.flatMap((c) => [...configIndex(c).all('relay-domain'), ...configIndex(c).all('host-name')]).map((s) => s.args[0]?.text).filter((t): t is string => !!t);
  const relayAddresses = files.flatMap((c) => configIndex(c).all('relay-address')).map((s) => s.args[0]?.text ?? '');
  // A regex may accept any address: nothing can be said then.
  if (relayAddresses.some((a) => a.startsWith('/'))) return [];
  const exactAddresses = new Set(relayAddresses.map((a) => a.toLowerCase()));
  const addressDomains = new Set([...exactAddresses].filter((a) => a.includes('@')).map((a) => a.slice(a.lastIndexOf('@') + 1)));
  const macros = macrosOf(ctx);
  // Macros expanded first, wherever they stand (`$bounces`, `[*.]$brands`, `mail.$tld`).
  const patterns = relayDomains.flatMap((p) => expandDomain(p, macros));
  // A macro nobody defines could stand for anything.
  if (patterns.some((p) => p.includes('$'))) return [];
  const relayed = (domain: string) => patterns.some((p) => matchRank(p, domain, NO_MACROS) !== undefined);
  const out: Finding[] = [];
  for (const s of entries) {
    const finding = check(s);
    if (finding) out.push(finding);
  }
  return out;

  function check(s: Placed): Finding | undefined {
    const value = s.args[0]?.text;
    if (!value || value.startsWith('/')) return undefined;
    const isAddress = s.name === 'address';
    const at = value.lastIndexOf('@');
    if (isAddress && at < 0) return undefined;
    const written = isAddress ? value.slice(at + 1) : value;
    const domains = expandDomain(written, macros);
    if (domains.some((d) => d.includes('$') || d === '')) return undefined;
    const missing = domains.filter((d) => {
      if (relayed(d)) return false;
      if (isAddress) return !exactAddresses.has(value.toLowerCase());
      // Some addresses of the domain accepted one by one: the operator chose which.
      return !addressDomains.has(d);
    });
    if (missing.length === 0) return undefined;
    const processor = s.block.parent!;
    const what = WATCHED_BY[processor.tag];
    const accept = isAddress && domains.length === 1 ? `relay-address ${value}` : `relay-domain ${missing[0]}`;
    const subject = isAddress ? `the address \`${value}\`` : `\`${written}\`${missing[0] !== written.toLowerCase() ? ` (\`${missing[0]}\`)` : ''}`;
    return {
      code: 'processor-domain-not-relayed',
      message: `\`<${processor.tag}>\` watches ${subject}, but no \`relay-domain\`, \`relay-address\` or \`host-name\` in the configuration accepts mail for it. PowerMTA turns such mail away at RCPT TO, so the ${what} sent there never reach the processor. Accept it at the top level: \`${accept}\`.`,
      ...valueSpan(ctx, s),
      // The line goes above the processor, which belongs at the top level.
      ...(processor.parent === ctx.structure.root ? { data: { fix: { title: `Add \`${accept}\``, edits: [insertLineBefore(ctx.doc, processor.openLine, accept)] } } } : {}),
    };
  }
};
processorRelayRule.reads = [...MAIN_CONFIG_READS, 'domain', 'address', 'relay-domain', 'relay-address', 'host-name', 'domain-macro'];
