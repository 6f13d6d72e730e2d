import type { Finding } from '../types';
import { type RuleContext, type Setting, blockRule, valueSpan, where } from './context';
import { configIndex } from './configIndex';
import { blocksReadInto } from './includedInto';
import { expandDomain, macrosOf, mailboxProvider } from './domainNames';
import { replaceFix } from './fixes';

const isNo = (t: string | undefined) => t === 'no' || t === 'false';

const WHY = 'Big mailbox providers expect TLS: Gmail, for one, lists it among its requirements for every sender and marks mail that arrived unencrypted with a red padlock.';

/**
 * `starttls-off-to-provider` (MISCONFIG THR-15): `use-starttls no` in a `<domain>` that covers a
 * big mailbox provider (directly or through a macro), or in `<domain *>`, which covers every
 * destination without a block of its own; also at the top level of a file included inside such a
 * block. Per `<domain>` block: an edit re-checks only its own block.
 */
export const starttlsOffRule = blockRule((ctx, block) => {
  if (block !== ctx.structure.root) return block.arg ? check(ctx, configIndex(ctx).settings(block).list, block.arg, macrosOf(ctx), undefined) : [];
  const list = configIndex(ctx).settings(block).list;
  if (!list.some((s) => s.name === 'use-starttls')) return [];
  // The top level of a file read into `<domain>` blocks: judged by the first that covers a provider.
  for (const { file, block: domain } of blocksReadInto(ctx)) {
    if (domain.tag !== 'domain' || !domain.arg) continue;
    const out = check(ctx, list, domain.arg, macrosOf(file), where(ctx, { uri: file.uri, line: domain.openLine }));
    if (out.length) return out;
  }
  return [];
}, { tags: ['domain', 'global'], reads: ['domain-macro', 'include'], names: [] });

function check(ctx: RuleContext, list: readonly Setting[], arg: string, macros: ReadonlyMap<string, readonly string[]>, from: string | undefined): Finding[] {
  const out: Finding[] = [];
  const read = from ? `; this file is read into it on ${from}` : '';
  for (const s of list) {
    if (s.name !== 'use-starttls' || !isNo(s.args[0]?.text.toLowerCase())) continue;
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
