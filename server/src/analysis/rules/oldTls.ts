import { getCatalog } from '../../catalog/catalog';
import type { Finding } from '../types';
import { type DocumentRule, isTrue, valueSpan } from './context';
import { configIndex } from './configIndex';
import { replaceFix } from './fixes';

const OLD_TLS = /-allow-tlsv1(\.1)?$/;
/**
 * The catalogue's `*-allow-tlsv1*` switches for the connections PowerMTA accepts (SMTP, its
 * listeners, the HTTP console). Not the `<domain>` ones for delivery: outgoing TLS is
 * opportunistic (a failed handshake sends the mail anyway, UG5 §3.3.10.95.2), so an old version
 * allowed towards an old peer is better than clear text, and `smtp-tls-allow-tlsv1.1` is on by default.
 */
const OLD_TLS_SWITCHES: readonly string[] = [...new Set(getCatalog().directives.filter((d) => OLD_TLS.test(d.name) && !d.scopes.includes('domain')).map((d) => d.name))];

/** `deprecated-tls-version` (MISCONFIG SEC-16): TLS 1.0 or 1.1 switched back on for connections PowerMTA accepts. */
export const oldTlsRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const name of OLD_TLS_SWITCHES) {
    for (const s of configIndex(ctx).all(name)) {
      if (!isTrue(s)) continue;
      const span = valueSpan(ctx, s);
      out.push({
        code: 'deprecated-tls-version',
        message: `\`${name} ${s.args[0].text}\` turns on TLS ${name.endsWith('1.1') ? '1.1' : '1.0'}, which has known weaknesses and is retired by RFC 8996; peers that still need it are rare. Set it to \`false\` (the default) unless a specific old peer requires it.`,
        ...span,
        data: replaceFix('Turn the old TLS version off', span.line, span.start, span.end, 'false'),
      });
    }
  }
  return out;
};
oldTlsRule.reads = OLD_TLS_SWITCHES;
