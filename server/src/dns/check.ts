import ipaddr from 'ipaddr.js';
import type { spf as SpfVerify } from 'mailauth/lib/spf';
import type { Analysis } from '../analysis/analyzer';
import { type DomainKeyEntry, type KeyState, compareDkimRecord, dkimRecord, type LineSpan } from '../analysis/dkim';
import { collectSuppressions, isSuppressed } from '../analysis/suppression';
import type { Finding } from '../analysis/types';
import { type DnsClient, type DnsError, describeCode, isNegative } from './client';
import { type DkimCheck, type PtrCheck, type SpfCheck, planDnsChecks } from './plan';

/** The codes this module reports (tested in test/dns/). */
export const DNS_CODES = ['dns-ptr-mismatch', 'dns-dkim-mismatch', 'dns-spf-fail', 'dns-lookup-failed'] as const;

export interface DnsCheckOptions {
  client: DnsClient;
  /** The key file of a `domain-key` line (from a KeyStore); DKIM records are compared only for usable keys. */
  keyState: (entry: DomainKeyEntry) => KeyState | undefined;
}

export interface DnsReport {
  findings: Finding[];
  /** Problems with the check itself that belong to no line (an unreachable server). */
  notices: string[];
  /** Lines left out and why (ranges, private addresses, `*` and Vault keys, unknown macros). */
  skipped: string[];
  counts: { ptr: number; dkim: number; spf: number; failedLookups: number };
}

function at(span: LineSpan): Pick<Finding, 'line' | 'start' | 'end'> {
  return { line: span.line, start: span.start, end: span.end };
}

const sameName = (a: string, b: string) => a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();
const normalIp = (ip: string) => ipaddr.parse(ip).toNormalizedString();

function lookupFailed(span: LineSpan, what: string, e: unknown, client: DnsClient): Finding {
  const code = (e as DnsError).code;
  const why = client.downReason ? `${client.label} did not answer (${client.downReason})` : `${client.label}: ${describeCode(code)}`;
  return {
    code: 'dns-lookup-failed',
    message: `Could not check ${what}: ${why}.`,
    ...at(span),
    data: { dnsCode: (e as DnsError).code },
  };
}

async function checkPtr({ host }: PtrCheck, client: DnsClient): Promise<Finding[]> {
  const out: Finding[] = [];
  const { ip, hostname } = host;
  try {
    const names = await client.reverse(ip);
    if (!names.some((n) => sameName(n, hostname))) {
      out.push({
        code: 'dns-ptr-mismatch',
        message: `The PTR record of ${ip} names ${names.join(', ')}, not ${hostname}; receivers compare it with the EHLO name.`,
        ...at(host.ipSpan),
        data: { ptr: names },
      });
    }
  } catch (e) {
    if (isNegative(e)) out.push({ code: 'dns-ptr-mismatch', message: `${ip} has no PTR record; receivers expect it to name ${hostname}.`, ...at(host.ipSpan), data: { ptr: [] } });
    else out.push(lookupFailed(host.ipSpan, `the PTR record of ${ip}`, e, client));
  }
  const type = ipaddr.parse(ip).kind() === 'ipv6' ? 'AAAA' : 'A';
  try {
    const addrs = (await client.resolve(hostname, type)) as string[];
    if (!addrs.some((a) => ipaddr.isValid(a) && normalIp(a) === normalIp(ip))) {
      out.push({
        code: 'dns-ptr-mismatch',
        message: `${hostname} resolves to ${addrs.join(', ')}, not back to ${ip}.`,
        ...at(host.hostSpan),
        data: { addresses: addrs },
      });
    }
  } catch (e) {
    if (isNegative(e)) out.push({ code: 'dns-ptr-mismatch', message: `${hostname} has no ${type} record; it should resolve back to ${ip}.`, ...at(host.hostSpan), data: { addresses: [] } });
    else out.push(lookupFailed(host.hostSpan, `the ${type} record of ${hostname}`, e, client));
  }
  return out;
}

async function checkDkim({ key, domain }: DkimCheck, opts: DnsCheckOptions): Promise<Finding | undefined> {
  const state = opts.keyState(key);
  if (state?.kind !== 'key') return undefined; // the file findings say what is wrong with it
  const expected = dkimRecord(key.selector, domain, state.key);
  const data = { record: expected };
  let records: string[];
  try {
    records = ((await opts.client.resolve(expected.name, 'TXT')) as string[][]).map((chunks) => chunks.join(''));
  } catch (e) {
    if (isNegative(e)) return { code: 'dns-dkim-mismatch', message: `No DKIM record at ${expected.name}: receivers cannot verify what this key signs. Publish the record shown on hover.`, ...at(key.span), data };
    return lookupFailed(key.span, `the DKIM record at ${expected.name}`, e, opts.client);
  }
  const dkim = records.filter((r) => /(^|;)\s*p\s*=/i.test(r));
  if (dkim.length === 0) return { code: 'dns-dkim-mismatch', message: `The TXT record at ${expected.name} is not a DKIM key record. Publish the record shown on hover.`, ...at(key.span), data };
  const results = dkim.map((r) => compareDkimRecord(r, state.key));
  if (results.some((r) => r.match)) return undefined;
  const first = results[0] as Extract<(typeof results)[number], { match: false }>;
  return {
    code: 'dns-dkim-mismatch',
    message: `The DKIM record at ${expected.name} does not match ${state.path}: ${first.detail}. Signatures with this key fail; publish the record shown on hover.`,
    ...at(key.span),
    data: { ...data, published: dkim },
  };
}

/**
 * mailauth's SPF checker, loaded on first use: it brings joi, libmime and tldts, whose start-up
 * cost every server and CLI start would otherwise pay for a check that runs only on request.
 */
let spfVerify: typeof SpfVerify | undefined;
function loadSpf(): typeof SpfVerify {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  spfVerify ??= (require('mailauth/lib/spf') as { spf: typeof SpfVerify }).spf;
  return spfVerify;
}

interface SpfOutcome {
  result: string;
  comment?: string;
  record?: string;
}

async function spfResult(check: SpfCheck, client: DnsClient, cache: Map<string, Promise<SpfOutcome>>): Promise<SpfOutcome> {
  const id = `${check.host.ip}\u0000${check.domain}`;
  let p = cache.get(id);
  if (!p) {
    p = loadSpf()({
      sender: `postmaster@${check.domain}`,
      ip: check.host.ip,
      helo: check.host.hostname,
      mta: 'pmta-lint',
      // node:dns-shaped answers (MX records are objects, hence the cast to the library's narrower type).
      resolver: ((name: string, type: string) => client.resolve(name, type as 'TXT')) as never,
    }).then((r: any) => ({ result: r.status.result, comment: r.status.comment, record: r.rr }));
    cache.set(id, p);
  }
  return p;
}

async function checkSpf(check: SpfCheck, client: DnsClient, cache: Map<string, Promise<SpfOutcome>>): Promise<Finding | undefined> {
  const { host, domain, sender } = check;
  let r: SpfOutcome;
  try {
    r = await spfResult(check, client, cache);
  } catch (e) {
    return lookupFailed(host.ipSpan, `the SPF policy of ${domain}`, e, client);
  }
  const record = r.record ? ` (policy: ${r.record})` : '';
  const who = `${host.ip} (used by ${sender})`;
  // The signing domain stands in for the envelope sender, which SPF checks (with the HELO name)
  // and which the configuration does not hold; it is often the same domain.
  const ifSender = `If the mail this IP sends uses ${domain} as its return path (envelope sender), SPF fails for it, and DMARC then rests on the DKIM signature alone.`;
  switch (r.result) {
    case 'pass':
      return undefined;
    case 'fail':
      return { code: 'dns-spf-fail', message: `The SPF policy of ${domain} does not authorise ${who}${record}. ${ifSender}`, ...at(host.ipSpan), data: { domain, result: r.result } };
    case 'softfail':
    case 'neutral':
      return {
        code: 'dns-spf-fail',
        severity: 'information',
        message: `The SPF policy of ${domain} does not authorise ${who} (result: ${r.result})${record}; receivers treat that as a weak signal, not a failure.`,
        ...at(host.ipSpan),
        data: { domain, result: r.result },
      };
    case 'none':
      return { code: 'dns-spf-fail', severity: 'information', message: `${domain} publishes no SPF policy, so nothing authorises ${who}; where it is the return path, receivers get no SPF pass for this mail.`, ...at(host.ipSpan), data: { domain, result: r.result } };
    case 'permerror':
      return { code: 'dns-spf-fail', message: `The SPF policy of ${domain} is broken (${stripMta(r.comment)}), so receivers cannot authorise ${who} with it (a permanent error). ${ifSender}`, ...at(host.ipSpan), data: { domain, result: r.result } };
    default:
      if (client.downReason) return lookupFailed(host.ipSpan, `the SPF policy of ${domain}`, { code: 'ESERVERDOWN' }, client);
      return { code: 'dns-lookup-failed', message: `Could not check the SPF policy of ${domain} for ${host.ip}: ${stripMta(r.comment)}.`, ...at(host.ipSpan), data: { domain, result: r.result } };
  }
}

function stripMta(comment: string | undefined): string {
  return (comment ?? 'no details').replace(/^pmta-lint:\s*/, '');
}

/**
 * Runs the DNS checks of a configuration: PTR and forward lookups for every public source IP, the
 * DKIM record of every file key with a concrete domain, and SPF for every (source IP, signing
 * domain) pair (see plan.ts). Bounded by the client's timeout and concurrency.
 */
export async function checkDns(analysis: Analysis, opts: DnsCheckOptions): Promise<DnsReport> {
  const plan = planDnsChecks(analysis);
  const spfCache = new Map<string, Promise<SpfOutcome>>();
  const parts = await Promise.all([
    ...plan.ptr.map((c) => checkPtr(c, opts.client)),
    ...plan.dkim.map((c) => checkDkim(c, opts).then((f) => (f ? [f] : []))),
    ...plan.spf.map((c) => checkSpf(c, opts.client, spfCache).then((f) => (f ? [f] : []))),
  ]);
  const suppressions = collectSuppressions(analysis.doc);
  const findings = dedupe(parts.flat())
    .filter((f) => !isSuppressed(suppressions, f))
    .sort((a, b) => a.line - b.line || a.start - b.start);
  const notices: string[] = [];
  const client = opts.client;
  if (client.downReason) {
    notices.push(`${client.label} did not answer (${client.downReason}); ${client.skipped} further lookup(s) were skipped, so the DNS checks are incomplete.`);
  } else if (client.queries > 0 && client.answered === 0) {
    notices.push(`${client.label} answered none of ${client.queries} lookup(s); the DNS checks are incomplete.`);
  }
  return {
    findings,
    notices,
    skipped: [...plan.skipped].sort((a, b) => lineOf(a) - lineOf(b)),
    counts: { ptr: plan.ptr.length, dkim: plan.dkim.length, spf: plan.spf.length, failedLookups: findings.filter((f) => f.code === 'dns-lookup-failed').length },
  };
}

/** Several checks may fail on the same line for the same reason (e.g. SPF of two domains when the server is down). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.line}:${f.start}:${f.code}:${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

const lineOf = (note: string) => Number(/^line (\d+)/.exec(note)?.[1] ?? 0);
