import type { BlockNode } from '../../syntax/blocks';
import type { RuleContext } from './context';
import { type Placed, configIndex } from './configIndex';

/** One `domain-key SELECTOR,DOMAIN,PATH` line. */
export interface DomainKey {
  setting: Placed;
  block: BlockNode;
  selector: string;
  /** Lower-cased domain pattern as written (`*`, `x.com`, `*.x.com`, `[*.]x.com`, `$macro`). */
  domain: string;
  path: string;
}

export function domainKeys(ctx: RuleContext): DomainKey[] {
  return configIndex(ctx).memo('domain-keys', ['domain-key'], () => computeDomainKeys(ctx), []);
}

function computeDomainKeys(ctx: RuleContext): DomainKey[] {
  const out: DomainKey[] = [];
  for (const s of configIndex(ctx).all('domain-key')) {
    const parts = s.args.map((a) => a.text).join('').split(',');
    if (parts.length < 3) continue;
    out.push({ setting: s, block: s.block, selector: parts[0].trim(), domain: parts[1].trim().toLowerCase(), path: parts.slice(2).join(',').trim() });
  }
  return out;
}

/** Whether a key's domain pattern matches the signing domain `d` (exact, `*`, `*.p`, `[*.]p`). */
export function keyMatches(pattern: string, d: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('[*.]')) {
    const p = pattern.slice(4);
    return d === p || d.endsWith('.' + p);
  }
  if (pattern.startsWith('*.')) return d.endsWith(pattern.slice(1));
  return d === pattern;
}

/**
 * The proper parent domains of a specific key domain, nearest first (`a.b.com` → `b.com`, `com`).
 * PowerMTA takes the first key whose domain equals the sending domain or is a parent of it (UG5
 * §3.3.1.43.1): a parent's key listed earlier is taken for the subdomain too.
 */
export function parentDomains(domain: string): string[] {
  const out: string[] = [];
  for (let i = domain.indexOf('.'); i >= 0; i = domain.indexOf('.', i + 1)) out.push(domain.slice(i + 1));
  return out;
}

/** Whether `domain` names one domain (no wildcard, no `$macro`): a key PowerMTA can shadow. */
export function isSpecificKey(domain: string): boolean {
  return !isWildcardKey(domain) && !domain.includes('$');
}

/** A wildcard key pattern (`*`, `*.x`, `[*.]x`). */
export function isWildcardKey(pattern: string): boolean {
  return pattern === '*' || pattern.startsWith('*.') || pattern.startsWith('[*.]');
}

/** What signingLines reads. */
export const SIGNING_READS: readonly string[] = ['dkim-sign', 'second-dkim-sign'];

/** `dkim-sign` (or `second-dkim-sign`) turned on somewhere. */
export function signingLines(ctx: RuleContext): Placed[] {
  const index = configIndex(ctx);
  return [...index.all('dkim-sign'), ...index.all('second-dkim-sign')].filter((s) => {
    const v = s.args[0]?.text.toLowerCase();
    return v === 'yes' || v === 'true' || v === 'if-x-dkim-options-present';
  });
}
