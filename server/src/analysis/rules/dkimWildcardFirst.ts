import type { BlockNode } from '../../syntax/blocks';
import { lineList } from '../../numbers';
import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { deleteLines, insertLineBefore } from './fixes';
import { type DomainKey, domainKeys, isSpecificKey, isWildcardKey, keyMatches, parentDomains } from './domainKeys';

/** Why a wildcard key before specific ones is wrong (shared with the check across files). */
export const WILDCARD_FIRST_WHY =
  "PowerMTA uses the first matching `domain-key`, so those domains are signed with this wildcard key instead of their own, and DKIM fails where the selector's DNS record does not hold this key.";

/** Why a parent domain's key before its subdomains' keys is wrong (shared with the check across files). */
export const PARENT_FIRST_WHY =
  "PowerMTA takes the first key whose domain equals the sending domain or is a parent of it, so mail from those subdomains is signed with this key instead of their own (as this domain, with this selector).";

/** What a key before others shadows, in a message: `the wildcard key for \`*\`` or `the key for \`example.com\``. */
export function shadowingKeyName(key: DomainKey): string {
  return isWildcardKey(key.domain) ? `The wildcard key for \`${key.domain}\`` : `The key for \`${key.domain}\``;
}

/** The later keys a key shadows are specific keys of its wildcard, or keys of its subdomains. */
export function shadowedWhat(key: DomainKey, count: number): string {
  if (isWildcardKey(key.domain)) return count === 1 ? 'a specific key' : `${count} specific keys`;
  return count === 1 ? 'a key for a subdomain' : `${count} keys for subdomains`;
}

/**
 * `dkim-wildcard-key-first` (MISCONFIG ID-06): a wildcard `domain-key` listed before specific keys
 * it matches, or a parent domain's key before keys of its subdomains, in the same block. PowerMTA
 * takes the first key whose domain matches the sending domain or is a parent of it (UG5
 * §3.3.1.43.1), so the later ones are never used. Per block: each specific key is checked against
 * the wildcards seen so far (few per block) and the keys seen so far of its parent domains.
 */
export const dkimWildcardFirstRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const byBlock = new Map<BlockNode, DomainKey[]>();
  for (const k of domainKeys(ctx)) {
    const list = byBlock.get(k.block);
    if (list) list.push(k);
    else byBlock.set(k.block, [k]);
  }
  for (const keys of byBlock.values()) {
    const shadowing: { key: DomainKey; shadowed: DomainKey[] }[] = [];
    const wildcards: { key: DomainKey; shadowed: DomainKey[] }[] = [];
    // The keys of each specific domain seen so far, which later keys of its subdomains come after.
    const byDomain = new Map<string, { key: DomainKey; shadowed: DomainKey[] }[]>();
    for (const k of keys) {
      if (k.domain.startsWith('$')) continue;
      if (isWildcardKey(k.domain)) {
        const entry = { key: k, shadowed: [] };
        wildcards.push(entry);
        shadowing.push(entry);
        continue;
      }
      if (!isSpecificKey(k.domain)) continue;
      for (const w of wildcards) if (keyMatches(w.key.domain, k.domain)) w.shadowed.push(k);
      for (const parent of parentDomains(k.domain)) for (const p of byDomain.get(parent) ?? []) p.shadowed.push(k);
      const entry = { key: k, shadowed: [] };
      const same = byDomain.get(k.domain);
      if (same) same.push(entry);
      else byDomain.set(k.domain, [entry]);
      shadowing.push(entry);
    }
    for (const { key, shadowed } of shadowing) {
      if (shadowed.length === 0) continue;
      const last = shadowed[shadowed.length - 1].setting.line;
      const line = key.setting.line;
      const info = ctx.doc.info(line);
      const movable = !info.trailingComma && !ctx.doc.info(last).trailingComma;
      out.push({
        code: 'dkim-wildcard-key-first',
        message: isWildcardKey(key.domain)
          ? `${shadowingKeyName(key)} comes before ${shadowedWhat(key, shadowed.length)} it also matches (${lineList(shadowed.map((k) => k.setting.line + 1))}). ${WILDCARD_FIRST_WHY} Put wildcard keys after the specific ones.`
          : `${shadowingKeyName(key)} comes before ${shadowedWhat(key, shadowed.length)} (${lineList(shadowed.map((k) => k.setting.line + 1))}). ${PARENT_FIRST_WHY} Put the subdomains' keys first.`,
        ...wholeLine(ctx, line),
        data: movable
          ? {
              fix: {
                title: `Move the ${isWildcardKey(key.domain) ? 'wildcard ' : ''}key below line ${last + 1}`,
                edits: [deleteLines(ctx.doc, line), insertLineBefore(ctx.doc, last + 1, ctx.doc.line(line).slice(0, info.contentEnd))],
              },
            }
          : undefined,
      });
    }
  }
  return out;
};
dkimWildcardFirstRule.reads = ['domain-key'];
