import type { Finding } from '../types';
import { type BlockRule, type RuleContext, type Setting, blockRule, where } from './context';
import { configIndex } from './configIndex';
import { blocksReadInto } from './includedInto';
import { macrosOf } from './domainNames';

/**
 * Judges the settings of one `<domain arg>`: `list` is the block's own settings (or those of a file's
 * top level read into it), `macros` the `domain-macro` lists its `$name` parts read, `from` where
 * the block stands when another file holds it.
 */
export type DomainSettingsCheck = (ctx: RuleContext, list: readonly Setting[], arg: string, macros: ReadonlyMap<string, readonly string[]>, from: string | undefined) => Finding[];

/**
 * A block rule over a setting of `<domain>` blocks that depends on the domains the block covers:
 * each `<domain>` is checked with its own settings; the top level of a file read into `<domain>`
 * blocks (holding `name`) is judged by the first of them that gives findings. An edit re-checks
 * only its own block.
 */
export function domainSettingRule(name: string, check: DomainSettingsCheck): BlockRule {
  return blockRule((ctx, block) => {
    const list = configIndex(ctx).settings(block).list;
    if (block !== ctx.structure.root) return block.arg ? check(ctx, list, block.arg, macrosOf(ctx), undefined) : [];
    if (!list.some((s) => s.name === name)) return [];
    for (const { file, block: domain } of blocksReadInto(ctx)) {
      if (domain.tag !== 'domain' || !domain.arg) continue;
      const out = check(ctx, list, domain.arg, macrosOf(file), where(ctx, { uri: file.uri, line: domain.openLine }));
      if (out.length) return out;
    }
    return [];
  }, { tags: ['domain', 'global'], reads: ['domain-macro', 'include'], names: [] });
}
