import { type ParsedRange, parseIp, parseRange, rangeCovers } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex, lastTopLevel, topLevelFiles } from './configIndex';

interface Listener {
  range: ParsedRange;
  port: number;
  text: string;
}

/** `[ip]:port`, `ip:port`, `[IPv6:addr]:port` items of an smtp-hosts / route value (names are skipped). */
function literalTargets(value: string): { ip: string; port: number }[] {
  const out: { ip: string; port: number }[] = [];
  for (const item of value.split(/[,;\s]+/)) {
    const m = /^\[(?:IPv6:)?([^\]]+)\](?::(\d+))?$/i.exec(item) ?? /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(item);
    if (m && parseIp(m[1])) out.push({ ip: m[1], port: m[2] ? Number(m[2]) : 25 });
  }
  return out;
}

/**
 * `smtp-hosts-loop` (MISCONFIG THR-13): a domain routed to an address and port PowerMTA itself
 * listens on, so the mail comes straight back in. A route to the built-in dummy listener
 * (`dummy-smtp-port`) is a deliberate black hole and is not reported. Loopback targets match a
 * wildcard listener; other targets must fall inside a listener's own range.
 */
export const smtpHostsLoopRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const listeners: Listener[] = [];
  const add = (text: string | undefined) => {
    const m = text ? /^\[?(.*?)\]?:(\d+)$/.exec(text) : null;
    const range = m ? parseRange(m[1]) : undefined;
    if (m && range) listeners.push({ range, port: Number(m[2]), text: text! });
  };
  // Listeners and the dummy listener of every file of a configuration split over files.
  const files = topLevelFiles(ctx);
  for (const file of files) {
    for (const s of configIndex(file).settings(file.structure.root).list) if (s.name === 'smtp-listener') add(s.args[0]?.text);
    for (const b of file.structure.root.children) if (b.tag === 'smtp-listener') add(b.arg);
  }
  if (listeners.length === 0) return [];
  const dummyPort = Number(lastTopLevel(files, 'dummy-smtp-port')?.setting.args[0]?.text ?? '0');
  const dummyIp = lastTopLevel(files, 'dummy-smtp-ip')?.setting.args[0]?.text;
  const out: Finding[] = [];
  for (const name of ['smtp-hosts', 'route']) {
    for (const s of index.all(name)) {
      const value = s.args.map((a) => a.text).join(' ');
      for (const t of literalTargets(value)) {
        if (dummyPort > 0 && t.port === dummyPort && (!dummyIp || dummyIp === t.ip)) continue;
        const target = parseRange(t.ip)!;
        const hit = listeners.find((l) => {
          if (l.port !== t.port) return false;
          const wildcard = l.range.prefix === 0 || l.range.address.range() === 'unspecified';
          if (wildcard) return target.address.range() === 'loopback' || target.address.range() === 'unspecified';
          return rangeCovers(l.range, target);
        });
        if (!hit) continue;
        out.push({
          code: 'smtp-hosts-loop',
          message: `\`${name}\` sends \`<domain ${s.block.arg ?? '*'}>\` to ${t.ip}:${t.port}, where this PowerMTA itself listens (\`smtp-listener ${hit.text}\`): the mail comes back in and is queued for the same domain again, round after round, until \`max-message-hops\` or \`bounce-after\` stops it. Point it at the real next hop, or at the dummy listener (\`dummy-smtp-port\`) if a black hole is meant.`,
          ...valueSpan(ctx, s),
        });
      }
    }
  }
  return out;
};
smtpHostsLoopRule.reads = ['smtp-listener', 'dummy-smtp-port', 'dummy-smtp-ip', 'smtp-hosts', 'route'];
