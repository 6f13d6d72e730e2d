import type { BlockNode } from '../../syntax/blocks';
import type { Finding } from '../types';
import { type RuleContext, type Setting, blockRule, isTrue, valueSpan, where } from './context';
import { configIndex, loadsBefore, topLevelFiles } from './configIndex';
import { indentOf, insertLineBefore } from './fixes';
import { blockNamed, includedInto, keptHere, lastInBlock, readInto } from './includedInto';
import { inherited, queuesOf } from './inheritance';
import { REPLY_READS, isNestedList, replyRules } from './replyRules';

/** The settings that take a queue out of backoff by themselves. */
const RETURNS = ['backoff-to-normal-after', 'backoff-to-normal-after-delivery'];

/** How a queue leaves backoff by itself, if at all. */
function automaticExit(ctx: RuleContext, block: BlockNode): string | undefined {
  const timer = inherited(ctx, block, 'backoff-to-normal-after');
  const value = (timer?.setting.args[0]?.text ?? configIndex(ctx).defaultOf('backoff-to-normal-after', 'domain') ?? 'never').toLowerCase();
  if (value !== 'never') return `after ${value}`;
  const delivery = inherited(ctx, block, 'backoff-to-normal-after-delivery');
  if (delivery && isTrue(delivery.setting)) return 'after a delivery';
  return undefined;
}

/**
 * `backoff-never-returns` (MISCONFIG THR-03): a queue can enter backoff (through an
 * `smtp-pattern-list` whose `mode=backoff` rules carry no `backoff-to-normal-after=`, or through
 * `backoff-upon-all-sources-disabled`) but nothing returns it to normal: `backoff-to-normal-after`
 * is `never` (the default), `backoff-to-normal-after-delivery` is off, and the list has no
 * `mode=normal` rule. The queue then stays slow until `pmta set queue --mode=normal`. Also for
 * those lines at the top level of a file included inside a `<domain>` (judged as that queue's).
 */
export const backoffExitRule = blockRule(
  (ctx, block) => {
    const own = configIndex(ctx).settings(block).last;
    const ownList = own.get('smtp-pattern-list');
    const ownAll = own.get('backoff-upon-all-sources-disabled');
    if (!ownList && !ownAll) return [];
    // The block itself, or the `<domain>` blocks the top level of this file is read into (judged as the first queue it traps).
    for (const { file, block: queue } of queuesOf(ctx, block)) {
      // Only the lines PowerMTA keeps for the queue (a file included in it may set them later).
      const kept = (s: Setting | undefined) => (s && keptHere(ctx, lastInBlock(file, queue, s.name), s) ? s : undefined);
      const out = judge(ctx, file, queue, kept(ownList), kept(ownAll));
      if (out.length) return out;
    }
    return [];
  },
  { tags: ['domain', 'global'], inherits: true, reads: [...REPLY_READS, 'include'], names: ['smtp-pattern-list'] },
);

/**
 * The findings of a queue (`block` of `file`) that `list` or `allDisabled`, lines of `ctx`, send
 * into backoff.
 */
function judge(ctx: RuleContext, file: RuleContext, block: BlockNode, list: Setting | undefined, allDisabled: Setting | undefined): Finding[] {
  if (!list && !allDisabled) return [];
  const name = list?.args[0]?.text;
  const trap = name === undefined ? undefined : trapOf(file, name);
  const entersByList = list && trap !== undefined;
  const entersByIps = allDisabled && isTrue(allDisabled);
  if (!entersByList && !entersByIps) return [];
  if (automaticExit(file, block)) return [];
  // …or a file included inside the block sets one (or could not be read, and might).
  const included = includedInto(file, block);
  if (!included || included.some((f) => RETURNS.some((n) => configIndex(f).settings(f.structure.root).last.get(n)))) return [];
  const out: Finding[] = [];
  const queue = blockNamed(ctx, file, block);
  const report = (s: Setting, how: string) => {
    const ins = insertLineBefore(ctx.doc, s.line + 1, `${indentOf(ctx.doc, s.line)}backoff-to-normal-after-delivery true`);
    out.push({
      code: 'backoff-never-returns',
      message: `${how}, but nothing brings ${queue} back to normal: \`backoff-to-normal-after\` is never (the default) and \`backoff-to-normal-after-delivery\` is off. Once in backoff the queue stays slow until someone runs \`pmta set queue --mode=normal\`. Add \`backoff-to-normal-after 1h\` or \`backoff-to-normal-after-delivery true\`.`,
      ...valueSpan(ctx, s),
      data: { fix: { title: 'Return to normal after the next successful delivery', edits: [ins] } },
    });
  };
  if (entersByList) report(list!, `The pattern list \`${name}\` puts this queue into backoff (rule on ${where(ctx, { uri: trap!.file.uri, line: trap!.line })})`);
  else report(allDisabled!, 'This queue enters backoff when all of its source IPs are disabled');
  return out;
}

/** What one pattern list's own rules do about backoff: whether one returns to normal, and the first that enters backoff with no timer. */
interface ListExit {
  normal: boolean;
  trap?: number;
}

/**
 * listExit of each `<smtp-pattern-list>` of a file that has rules, by its block; the rules at the
 * top level of a file included inside a list are under the file's root.
 */
function listExits(ctx: RuleContext): Map<BlockNode, ListExit> {
  return configIndex(ctx).memo('backoff-list-exits', REPLY_READS, () => {
    const exits = new Map<BlockNode, ListExit>();
    for (const r of replyRules(ctx)) {
      let exit = exits.get(r.list);
      if (!exit) exits.set(r.list, (exit = { normal: false }));
      if (r.actions.some((a) => a.key === 'mode=normal')) exit.normal = true;
      else if (exit.trap === undefined && r.actions.some((a) => a.key === 'mode=backoff') && !r.actions.some((a) => a.key === 'backoff-to-normal-after')) exit.trap = r.setting.line;
    }
    return exits;
  }, ['smtp-pattern-list']);
}

/**
 * The rule that traps a queue using the pattern list `name`: the first, in load order, that
 * starts backoff with no timer of its own, when no rule of the list ends it. PowerMTA joins the
 * lists of one name, so their rules are those of every such list at the top level of the
 * configuration's files and of the files included inside one (readInto).
 */
function trapOf(ctx: RuleContext, name: string): { file: RuleContext; line: number } | undefined {
  let trap: { file: RuleContext; line: number } | undefined;
  for (const f of topLevelFiles(ctx)) {
    for (const list of configIndex(f).blocks('smtp-pattern-list')) {
      // A list nested in another block (misplaced-block) joins no list.
      if ((list.arg ?? '') !== name || isNestedList(f, list)) continue;
      const parts = [{ file: f, exit: listExits(f).get(list) }, ...readInto(f, list).map((m) => ({ file: m.file, exit: listExits(m.file).get(m.file.structure.root) }))];
      for (const { file, exit } of parts) {
        if (exit?.normal) return undefined;
        if (exit?.trap !== undefined && (!trap || loadsBefore(file, exit.trap, trap.file, trap.line))) trap = { file, line: exit.trap };
      }
    }
  }
  return trap;
}
