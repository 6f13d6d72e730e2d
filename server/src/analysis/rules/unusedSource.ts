import type { Finding, SymbolDef } from '../types';
import { type DocumentRule, type RuleContext, inThisFile } from './context';
import { MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';
import { replaceFix } from './fixes';
import { isPowerMtaName } from '../symbols';

/** Names people write for this machine, and the address PowerMTA needs instead. */
const LOOPBACK_NAMES: Readonly<Record<string, string>> = {
  localhost: '127.0.0.1',
  'localhost.localdomain': '127.0.0.1',
  'ip6-localhost': '::1',
};

/**
 * `unused-source`: a named `<source NAME>` (a name, not an address or range) that nothing asks
 * for. PowerMTA matches connections to sources by their address; a named source applies only
 * where a listener (`smtp-listener ADDR:PORT source=NAME`, or `source NAME` in an
 * `<smtp-listener>`) or an `<smtp-user>` (`source NAME`) names it (LANGUAGE.md §4). So
 * `<source localhost>`, meant for connections from this machine, applies to none of them; the
 * quick fix writes the address. The names in braces are PowerMTA's own (`isPowerMtaName`), which
 * it asks for itself. Judged on whole configurations (the use may be in any of their files).
 */
export const unusedSourceRule: DocumentRule = (ctx) => {
  if (!wholeConfiguration(ctx)) return [];
  const defs = ctx.symbols.all('source').filter((d) => inThisFile(ctx, d) && !isPowerMtaName(d.name));
  if (defs.length === 0) return [];
  const used = new Set<string>();
  for (const r of ctx.symbols.refs) if (r.kinds.includes('source')) used.add(r.name.toLowerCase());
  const out: Finding[] = [];
  for (const def of defs) {
    if (used.has(def.name.toLowerCase())) continue;
    out.push(finding(ctx, def));
  }
  return out;
};
unusedSourceRule.inputs = ['symbols'];
unusedSourceRule.reads = [...MAIN_CONFIG_READS];

function finding(ctx: RuleContext, def: SymbolDef): Finding {
  const address = LOOPBACK_NAMES[def.name.toLowerCase()];
  const base = `\`<source ${def.name}>\` is a named source that nothing uses: PowerMTA matches connections to sources by their address, and applies a named one only where a listener (\`smtp-listener ADDR:PORT source=${def.name}\`) or an \`<smtp-user>\` (\`source ${def.name}\`) names it, so its settings never apply.`;
  const at = { line: def.line, start: def.start, end: def.end };
  if (address) {
    // Not when that address has a block already: the fix would make a second one.
    const taken = (ctx.structure.byTag.get('source') ?? []).some((b) => b.arg === address);
    return {
      code: 'unused-source',
      message: `${base} For connections from this machine, write the address: \`<source ${address}>\`.`,
      ...at,
      ...(taken ? {} : { data: replaceFix(`Write the address: <source ${address}>`, def.line, def.start, def.end, address) }),
    };
  }
  return { code: 'unused-source', message: `${base} Bind it to a listener, name it in an \`<smtp-user>\`, or delete it.`, ...at };
}
