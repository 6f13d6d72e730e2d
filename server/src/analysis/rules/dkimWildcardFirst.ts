import type { BlockNode } from '../../syntax/blocks';
import { lineList } from '../../numbers';
import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { deleteLines, insertLineBefore } from './fixes';
import { type DomainKey, domainKeys, isWildcardKey, keyMatches } from './domainKeys';

/** Why a wildcard key before specific ones is wrong (shared with the check across files). */
export const WILDCARD_FIRST_WHY =
  "PowerMTA uses the first matching `domain-key`, so those domains are signed with this wildcard key instead of their own, and DKIM fails where the selector's DNS record does not hold this key.";

/**
 * `dkim-wildcard-key-first` (MISCONFIG ID-06): a wildcard `domain-key` listed before specific keys
 * it matches, in the same block. PowerMTA takes the first matching key, so the specific ones are
 * never used. Per block: each key is checked against the wildcards seen so far (few per block).
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
    const wildcards: { key: DomainKey; shadowed: DomainKey[] }[] = [];
    for (const k of keys) {
      if (k.domain.startsWith('$')) continue;
      for (const w of wildcards) if (!isWildcardKey(k.domain) && keyMatches(w.key.domain, k.domain)) w.shadowed.push(k);
      if (isWildcardKey(k.domain)) wildcards.push({ key: k, shadowed: [] });
    }
    for (const { key, shadowed } of wildcards) {
      if (shadowed.length === 0) continue;
      const last = shadowed[shadowed.length - 1].setting.line;
      const line = key.setting.line;
      const info = ctx.doc.info(line);
      const movable = !info.trailingComma && !ctx.doc.info(last).trailingComma;
      out.push({
        code: 'dkim-wildcard-key-first',
        message: `The wildcard key for \`${key.domain}\` comes before ${shadowed.length === 1 ? 'a specific key' : `${shadowed.length} specific keys`} it also matches (${lineList(shadowed.map((k) => k.setting.line + 1))}). ${WILDCARD_FIRST_WHY} Put wildcard keys after the specific ones.`,
        ...wholeLine(ctx, line),
        data: movable
          ? {
              fix: {
                title: `Move the wildcard key below line ${last + 1}`,
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
