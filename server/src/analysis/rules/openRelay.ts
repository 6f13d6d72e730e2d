import type { BlockNode } from '../../syntax/blocks';
import { isCatchAll, regexBody } from '../values/regex';
import { formatRange, parseRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, type Setting, isTrue, valueSpan, where, wholeLine } from './context';
import { configIndex } from './configIndex';
import { blockSettings } from './includedInto';
import { type Fix, indentOf, insertLineBefore } from './fixes';
import { isLoopbackOnly, isWidePublic, listenerBindings, SOURCE_REACH_READS } from './reach';

export { listenerBindings } from './reach';

/**
 * Relaying granted without authentication in this source's settings, those of files included
 * inside it counted (undefined too when one of them could not be read): the relaying line, and
 * the file it is in.
 */
function relaysWithoutAuth(ctx: RuleContext, block: BlockNode): { file: RuleContext; setting: Setting } | undefined {
  const settings = blockSettings(ctx, block);
  if (!settings) return undefined;
  const last = (name: string) => {
    for (let i = settings.length - 1; i >= 0; i--) if (settings[i].setting.name === name) return settings[i];
    return undefined;
  };
  const relay = last('always-allow-relaying');
  if (!relay || !isTrue(relay.setting)) return undefined;
  const auth = last('require-auth');
  return auth && isTrue(auth.setting) ? undefined : relay;
}

/** Where to report a relaying line: on it when it is in this file, else on the block's tag (it comes from a file included there). */
function relayFinding(ctx: RuleContext, block: BlockNode, relay: { file: RuleContext; setting: Setting }): Pick<Finding, 'line' | 'start' | 'end' | 'data'> {
  if (relay.file.doc === ctx.doc) return { ...valueSpan(ctx, relay.setting), data: requireAuthFix(ctx, relay.setting) };
  return wholeLine(ctx, block.openLine);
}

/**
 * `open-relay` (MISCONFIG SEC-01/02/03): relaying for everyone through a public `<source>`, a
 * named source bound to a non-loopback listener, or a catch-all relay-domain / relay-address.
 */
export const openRelayRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  // A file included inside a block has no top level of its own: the relaying lines of one
  // included in a <source> are judged by that source's file (relaysWithoutAuth).
  if (ctx.doc.enclosingTags.length > 0) return out;
  const named = new Map<string, BlockNode>();
  for (const block of ctx.structure.byTag.get('source') ?? []) {
    if (block.parent !== ctx.structure.root || !block.arg) continue;
    const range = parseRange(block.arg);
    if (!range) {
      named.set(block.arg, block);
      continue;
    }
    if (!isWidePublic(range)) continue;
    const relay = relaysWithoutAuth(ctx, block);
    if (relay) {
      out.push({
        code: 'open-relay',
        message: `Open relay: \`<source ${block.arg}>\` covers ${range.prefix === 0 ? 'every address on the internet' : `the public range ${formatRange(range)}`} and allows relaying without \`require-auth true\`${relay.file.doc === ctx.doc ? '' : ` (\`always-allow-relaying\` on ${where(ctx, { uri: relay.file.uri, line: relay.setting.line })})`}. Spammers find such servers within hours and the IPs get blocklisted. Grant relaying only in a \`<source>\` for your feeder IPs, or add \`require-auth true\`.`,
        ...relayFinding(ctx, block, relay),
      });
    }
  }
  for (const binding of listenerBindings(ctx)) {
    const block = named.get(binding.source);
    if (!block || !binding.range || isLoopbackOnly(binding.range)) continue;
    const relay = relaysWithoutAuth(ctx, block);
    if (!relay) continue;
    out.push({
      code: 'open-relay',
      message: `Open relay: the named source \`${binding.source}\` is used by the listener \`${binding.listener}\` (line ${binding.line + 1}) and allows relaying without \`require-auth true\`, so anyone who reaches that listener can relay. Require authentication here, or bind the listener to 127.0.0.1.`,
      ...relayFinding(ctx, block, relay),
    });
  }
  const index = configIndex(ctx);
  for (const s of [...index.all('relay-domain'), ...index.all('relay-address')]) {
    const value = s.args[0]?.text;
    if (!value || s.block !== ctx.structure.root) continue;
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

/** Quick fix: add `require-auth true` under the relaying line (clients must then log in to relay). */
function requireAuthFix(ctx: RuleContext, relay: Setting): { fix: Fix } {
  return { fix: { title: 'Require SMTP authentication for relaying (`require-auth true`)', edits: [insertLineBefore(ctx.doc, relay.line + 1, `${indentOf(ctx.doc, relay.line)}require-auth true`)] } };
}

function isCatchAllDomain(value: string): boolean {
  return value === '*' || /^(\[\*\.\]|\*\.)[a-z]{2,}$/i.test(value);
}
openRelayRule.reads = ['always-allow-relaying', 'require-auth', 'relay-domain', 'relay-address', 'include', ...SOURCE_REACH_READS];
