import { type RuleContext, perAnalysis } from './context';
import { configIndex } from './configIndex';

/**
 * Expands a `<domain>` argument's `$macro` parts with the file's `domain-macro` lists (one level
 * of macro per part, cross product when several appear, capped), for rules that ask "does this
 * block cover gmail.com?".
 */
export function expandDomain(arg: string, macros: ReadonlyMap<string, readonly string[]>, cap = 2000): string[] {
  let out = [arg.toLowerCase()];
  const re = /\$([A-Za-z0-9_]+)/;
  for (let guard = 0; guard < 4; guard++) {
    const next: string[] = [];
    let changed = false;
    for (const d of out) {
      const m = re.exec(d);
      const items = m ? findMacro(macros, m[1]) : undefined;
      if (!m || !items) {
        next.push(d);
        continue;
      }
      changed = true;
      for (const item of items) {
        next.push(d.slice(0, m.index) + item.toLowerCase() + d.slice(m.index + m[0].length));
        if (next.length >= cap) return next;
      }
    }
    out = next;
    if (!changed) break;
  }
  return out;
}

/**
 * The `domain-macro` lists a file's `$name` parts read: the file's own when it is checked alone;
 * in a configuration those of every file, in load order (a macro is the process's, wherever it is
 * defined; a later definition of a name replaces an earlier one, as within one file).
 */
export function macrosOf(ctx: RuleContext): ReadonlyMap<string, readonly string[]> {
  const c = ctx.configuration;
  if (!c) return configIndex(ctx).macros;
  return perAnalysis(c, 'macros', () => {
    const all = new Map<string, readonly string[]>();
    for (const f of c.files()) for (const [name, items] of configIndex(f).macros) all.set(name, items);
    return all;
  });
}

function findMacro(macros: ReadonlyMap<string, readonly string[]>, name: string): readonly string[] | undefined {
  const exact = macros.get(name);
  if (exact) return exact;
  for (const [k, v] of macros) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

const PROVIDERS: RegExp[] = [
  /^(gmail|googlemail)\.com$/,
  /^(yahoo|ymail|rocketmail)\.[a-z.]+$/,
  /^aol\.[a-z.]+$/,
  /^verizon\.net$/,
  /^(hotmail|outlook|live|windowslive|msn|passport)\.[a-z.]+$/,
  /^(icloud|me|mac)\.com$/,
  /^gmx\.[a-z.]+$/,
  /^web\.de$/,
  /^(mail|inbox|list|bk)\.ru$/,
  /^yandex\.[a-z.]+$/,
];

/** The big mailbox provider a domain belongs to, if any (wildcard prefixes stripped). */
export function mailboxProvider(domain: string): string | undefined {
  const d = domain.replace(/^\[\*\.\]|^\*\./, '');
  return PROVIDERS.some((re) => re.test(d)) ? d : undefined;
}
