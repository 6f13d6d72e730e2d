import type { Finding } from '../types';
import { type RuleContext, type Setting, valueSpan } from './context';
import { expandDomain, mailboxProvider } from './domainNames';
import { domainSettingRule } from './domainSettingRule';

/** Connections per queue (per destination and VMTA) the big providers tolerate from one IP. */
export const PROVIDER_MAX_SMTP_OUT = 30;
/** For `<domain *>`, which covers every other destination. */
export const DEFAULT_MAX_SMTP_OUT = 100;

/**
 * `smtp-out-above-provider-limit` (MISCONFIG THR-01): `max-smtp-out` above 30 in a `<domain>`
 * that covers a big mailbox provider (directly or through a macro), or above 100 in `<domain *>`;
 * also at the top level of a file included inside such a block.
 * PowerMTA's default is 20; the thresholds leave room for tuned setups and flag clear excess. A
 * block that sends its mail to hosts of its own (`smtp-hosts`, or the older `route`: a smarthost
 * or relay) is not judged: its connections go there, not to the domains' mail servers.
 * Per `<domain>` block: an edit re-checks only its own block.
 */
export const providerConnectionsRule = domainSettingRule('max-smtp-out', check);

/** The findings of `max-smtp-out` lines of `list` in a `<domain arg>` (`from`: where that block stands, when another file holds it). */
function check(ctx: RuleContext, list: readonly Setting[], arg: string, macros: ReadonlyMap<string, readonly string[]>, from: string | undefined): Finding[] {
  const out: Finding[] = [];
  const read = from ? ` (this file is read into it on ${from})` : '';
  if (list.some((s) => (s.name === 'smtp-hosts' || s.name === 'route') && s.args.length > 0)) return out;
  for (const s of list) {
    if (s.name !== 'max-smtp-out') continue;
    const n = Number(s.args[0]?.text);
    if (!Number.isFinite(n)) continue;
    if (arg === '*') {
      if (n <= DEFAULT_MAX_SMTP_OUT) continue;
      out.push({
        code: 'smtp-out-above-provider-limit',
        message: `\`max-smtp-out ${n}\` in \`<domain *>\`${read} lets PowerMTA open up to ${n} parallel connections per virtual MTA to each destination that has no block of its own. Receivers count connections per sending IP; far fewer trigger "too many connections" deferrals and temporary blocks. Keep the default at 20 or so (PowerMTA's own default) and raise it only for domains that accept more.`,
        ...valueSpan(ctx, s),
      });
      continue;
    }
    if (n <= PROVIDER_MAX_SMTP_OUT) continue;
    const provider = expandDomain(arg, macros).map(mailboxProvider).find(Boolean);
    if (!provider) continue;
    out.push({
      code: 'smtp-out-above-provider-limit',
      message: `\`max-smtp-out ${n}\` for \`<domain ${arg}>\` (which covers ${provider}${from ? `; this file is read into it on ${from}` : ''}) opens up to ${n} parallel connections per virtual MTA (shared by its IPs) to one of the big mailbox providers; they throttle far lower ("421 too many connections", Yahoo's TS codes) and a burst can get the IP deferred for hours. Stay around 20 (PowerMTA's default) and pace volume with \`max-msg-rate\`.`,
      ...valueSpan(ctx, s),
    });
  }
  return out;
}
