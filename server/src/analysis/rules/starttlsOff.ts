import type { Finding } from '../types';
import { type RuleContext, type Setting, isFalse, valueSpan } from './context';
import { expandDomain, mailboxProvider } from './domainNames';
import { domainSettingRule } from './domainSettingRule';
import { replaceFix } from './fixes';

const WHY = 'Big mailbox providers expect TLS: Gmail, for one, lists it among its requirements for every sender and marks mail that arrived unencrypted with a red padlock.';

/**
 * `starttls-off-to-provider` (MISCONFIG THR-15): `use-starttls no` in a `<domain>` that covers a
 * big mailbox provider (directly or through a macro), or in `<domain *>`, which covers every
 * destination without a block of its own; also at the top level of a file included inside such a
 * block. Per `<domain>` block: an edit re-checks only its own block.
 */
export const starttlsOffRule = domainSettingRule('use-starttls', check);

function check(ctx: RuleContext, list: readonly Setting[], arg: string, macros: ReadonlyMap<string, readonly string[]>, from: string | undefined): Finding[] {
  const out: Finding[] = [];
  const read = from ? `; this file is read into it on ${from}` : '';
  for (const s of list) {
    if (s.name !== 'use-starttls' || !isFalse(s)) continue;
    let scope: string;
    if (arg === '*') scope = `\`<domain *>\` turns TLS off for every destination without a block of its own${read}`;
    else {
      const provider = expandDomain(arg, macros).map(mailboxProvider).find(Boolean);
      if (!provider) continue;
      scope = `\`<domain ${arg}>\` (which covers ${provider}${read}) sends that mail unencrypted`;
    }
    const span = valueSpan(ctx, s);
    out.push({
      code: 'starttls-off-to-provider',
      message: `\`use-starttls ${s.args[0].text}\` in ${scope}. ${WHY} Remove the line (PowerMTA tries STARTTLS by default) or set \`use-starttls yes\`.`,
      ...span,
      data: replaceFix('Set use-starttls yes', span.line, span.start, span.end, 'yes'),
    });
  }
  return out;
}
