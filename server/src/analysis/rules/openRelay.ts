import type { BlockNode } from '../../syntax/blocks';
import { isCatchAll, regexBody } from '../values/regex';
import { type ParsedRange, formatRange, isPublicRange, parseRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, type Setting, isTrue, lastSetting, settingsOf, valueSpan } from './context';

/** A public range wider than a /24 (IPv4) or /48 (IPv6): "everyone", for relay purposes. */
function isWidePublic(r: ParsedRange): boolean {
  return isPublicRange(r) && r.prefix < (r.address.kind() === 'ipv4' ? 24 : 48);
}

function isLoopbackOnly(r: ParsedRange): boolean {
  return r.address.range() === 'loopback' && r.prefix >= (r.address.kind() === 'ipv4' ? 8 : 128);
}

/** Relaying granted without authentication in this source's own settings. */
function relaysWithoutAuth(settings: readonly Setting[]): Setting | undefined {
  const relay = lastSetting(settings, 'always-allow-relaying');
  if (!isTrue(relay)) return undefined;
  return isTrue(lastSetting(settings, 'require-auth')) ? undefined : relay;
}

/**
 * `open-relay` (MISCONFIG SEC-01/02/03): relaying for everyone through a public `<source>`, a
 * named source bound to a non-loopback listener, or a catch-all relay-domain / relay-address.
 */
export const openRelayRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const named = new Map<string, BlockNode>();
  for (const block of ctx.structure.byTag.get('source') ?? []) {
    if (block.parent !== ctx.structure.root || !block.arg) continue;
    const range = parseRange(block.arg);
    if (!range) {
      named.set(block.arg, block);
      continue;
    }
    if (!isWidePublic(range)) continue;
    const relay = relaysWithoutAuth(settingsOf(ctx, block));
    if (relay) {
      out.push({
        code: 'open-relay',
        message: `Open relay: \`<source ${block.arg}>\` covers ${range.prefix === 0 ? 'every address on the internet' : `the public range ${formatRange(range)}`} and allows relaying without \`require-auth true\`. Spammers find such servers within hours and the IPs get blocklisted. Grant relaying only in a \`<source>\` for your feeder IPs, or add \`require-auth true\`.`,
        ...valueSpan(ctx, relay),
      });
    }
  }
  for (const binding of listenerBindings(ctx)) {
    const block = named.get(binding.source);
    if (!block || !binding.range || isLoopbackOnly(binding.range)) continue;
    const relay = relaysWithoutAuth(settingsOf(ctx, block));
    if (!relay) continue;
    out.push({
      code: 'open-relay',
      message: `Open relay: the named source \`${binding.source}\` is used by the listener \`${binding.listener}\` (line ${binding.line + 1}) and allows relaying without \`require-auth true\`, so anyone who reaches that listener can relay. Require authentication here, or bind the listener to 127.0.0.1.`,
      ...valueSpan(ctx, relay),
    });
  }
  for (const s of settingsOf(ctx, ctx.structure.root)) {
    const value = s.args[0]?.text;
    if (!value) continue;
    if (s.name === 'relay-domain' && isCatchAllDomain(value)) {
      out.push({
        code: 'open-relay',
        message: `Open relay: \`relay-domain ${value}\` accepts mail for ${value === '*' ? 'every domain' : 'a whole top-level domain'} from any client. List only the domains this server receives mail for (bounce and FBL domains).`,
        ...valueSpan(ctx, s),
      });
    }
    if (s.name === 'relay-address') {
      const body = regexBody(value);
      if (body !== undefined && isCatchAll(body)) {
        out.push({
          code: 'open-relay',
          message: `Open relay: \`relay-address ${value}\` matches every recipient, from any client. Match only the addresses this server receives mail for.`,
          ...valueSpan(ctx, s),
        });
      }
    }
  }
  return out;
};

function isCatchAllDomain(value: string): boolean {
  return value === '*' || /^(\[\*\.\]|\*\.)[a-z]{2,}$/i.test(value);
}

interface Binding {
  source: string;
  listener: string;
  range?: ParsedRange;
  line: number;
}

/** `smtp-listener ADDR:PORT source=NAME` lines and `<smtp-listener ADDR:PORT>` blocks with `source NAME`. */
export function listenerBindings(ctx: RuleContext): Binding[] {
  const out: Binding[] = [];
  const rangeOf = (listener: string) => parseRange(listener.replace(/^\[|\]?:\d+$/g, ''));
  for (const s of settingsOf(ctx, ctx.structure.root)) {
    if (s.name !== 'smtp-listener') continue;
    const listener = s.args[0]?.text;
    const src = s.args.find((a) => a.text.toLowerCase().startsWith('source='));
    if (listener && src) out.push({ source: src.text.slice(7), listener, range: rangeOf(listener), line: s.line });
  }
  for (const block of ctx.structure.byTag.get('smtp-listener') ?? []) {
    if (block.parent !== ctx.structure.root || !block.arg) continue;
    const src = lastSetting(settingsOf(ctx, block), 'source');
    const name = src?.args[0]?.text;
    if (name) out.push({ source: name, listener: block.arg, range: rangeOf(block.arg), line: block.openLine });
  }
  return out;
}
