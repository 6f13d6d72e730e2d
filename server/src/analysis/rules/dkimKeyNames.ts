import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { type DomainKey, domainKeys, isWildcardKey } from './domainKeys';
import type { BlockNode } from '../../syntax/blocks';
import { sharedBlockPairs, sharedTopLevelNames } from '../includes/acrossFiles';

const KEY_EXT = /\.(pem|key|private|priv|txt|der)$/i;
const DOMAINISH = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}$/i;

/** Domain-looking parts of a key path: directories and the file name, without extension or a leading selector. */
function namedDomains(k: DomainKey): string[] {
  const out: string[] = [];
  const segments = k.path.toLowerCase().split('/').filter(Boolean);
  segments.forEach((seg, i) => {
    let name = i === segments.length - 1 ? seg.replace(KEY_EXT, '') : seg;
    const sel = k.selector.toLowerCase();
    for (const sep of ['.', '_', '-']) if (name.startsWith(sel + sep)) name = name.slice(sel.length + 1);
    name = name.replace(/[._-](dkim|domainkey|private|priv|key)$/i, '');
    if (DOMAINISH.test(name)) out.push(name);
  });
  return out;
}

const related = (a: string, b: string) => a === b || a.endsWith('.' + b) || b.endsWith('.' + a);

/** `duplicate-domain-key`'s message: `k` repeats the selector and domain of a key at `earlier` that names `firstPath`. */
export function duplicateKeyMessage(k: DomainKey, earlier: string, firstPath: string): string {
  return `Selector \`${k.selector}\` for \`${k.domain}\` is already defined on ${earlier} with another file (\`${firstPath}\`). PowerMTA uses the first one, so this key is never used; if this is the current key, the signatures do not match the DNS record. Keep one line.`;
}

/**
 * `dkim-key-domain-mismatch` (MISCONFIG ID-08): the key file's name names another domain than the
 * key's domain field (a copy-paste slip). `duplicate-domain-key`: the same selector and domain
 * twice in one block with different files; only the first is ever used.
 */
export const dkimKeyNamesRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const shared = sharedTopLevelNames(ctx).pairs;
  const inBlock = new Map<BlockNode, ReadonlySet<string>>();
  const sharedInBlock = (block: BlockNode) => inBlock.get(block) ?? inBlock.set(block, sharedBlockPairs(ctx, block)).get(block)!;
  const seen = new Map<string, DomainKey>();
  for (const k of domainKeys(ctx)) {
    if (!isWildcardKey(k.domain) && !k.domain.includes('$')) {
      const named = namedDomains(k);
      if (named.length > 0 && !named.some((n) => related(n, k.domain)) && !k.path.toLowerCase().includes(k.domain)) {
        out.push({
          code: 'dkim-key-domain-mismatch',
          message: `This key is for \`${k.domain}\`, but its file name points to \`${named[named.length - 1]}\`. If the file really holds the other domain's key, signatures for ${k.domain} fail verification (the public key in DNS does not match). Check the domain and the path.`,
          ...wholeLine(ctx, k.setting.line),
        });
      }
    }
    // A pair another file of its scope also holds (another top-level file, or a file read into
    // the same block) is compared across the files, in load order (acrossFiles.ts).
    const pair = `${k.selector.toLowerCase()}\u0000${k.domain}`;
    if (shared.size > 0 && k.block === ctx.structure.root && shared.has(pair)) continue;
    if (ctx.configuration && sharedInBlock(k.block).has(pair)) continue;
    const key = `${k.block.openLine}\u0000${k.selector.toLowerCase()}\u0000${k.domain}`;
    const first = seen.get(key);
    if (!first) seen.set(key, k);
    else if (first.path !== k.path) {
      out.push({
        code: 'duplicate-domain-key',
        message: duplicateKeyMessage(k, `line ${first.setting.line + 1}`, first.path),
        ...wholeLine(ctx, k.setting.line),
        data: { firstLine: first.setting.line },
      });
    }
  }
  return out;
};
dkimKeyNamesRule.reads = ['domain-key'];
