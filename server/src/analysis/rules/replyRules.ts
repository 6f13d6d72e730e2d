import type { BlockNode } from '../../syntax/blocks';
import type { Arg } from '../types';
import { regexBody } from '../values/regex';
import { type RuleContext, atTopLevel, scopeOf } from './context';
import { type Placed, configIndex } from './configIndex';

/** One action of a `reply` rule, with its place in the source when the list is written without spaces. */
export interface ReplyAction {
  text: string;
  /** `mode=backoff`, `reenable-after`… (the part before `=` for the valued actions). */
  key: string;
  start?: number;
  end?: number;
}

export interface ReplyRule {
  setting: Placed;
  list: BlockNode;
  regex: Arg;
  body?: string;
  actionsArg?: Arg;
  actions: ReplyAction[];
  /** The action list maps character for character onto one source line (fixes are possible). */
  exact: boolean;
}

const VALUED = /^(backoff-to-normal-after|reenable-after)=/i;

/** What replyRules reads. */
export const REPLY_READS: readonly string[] = ['reply'];

/** Every `reply` rule of every `<smtp-pattern-list>`, parsed once. */
export function replyRules(ctx: RuleContext): ReplyRule[] {
  return configIndex(ctx).memo('reply-rules', REPLY_READS, () => computeReplyRules(ctx), []);
}

function computeReplyRules(ctx: RuleContext): ReplyRule[] {
  const out: ReplyRule[] = [];
  for (const s of configIndex(ctx).all('reply')) {
    if (scopeOf(ctx, s.block) !== 'smtp-pattern-list' || !s.args[0]) continue;
    const regex = s.args[0];
    const actionsArg = s.args[1];
    const actions: ReplyAction[] = [];
    let exact = false;
    if (actionsArg) {
      exact = actionsArg.line === actionsArg.endLine && actionsArg.end - actionsArg.start === actionsArg.text.length;
      let offset = 0;
      for (const text of actionsArg.text.split(',')) {
        const lower = text.toLowerCase();
        const key = VALUED.test(lower) ? lower.slice(0, lower.indexOf('=')) : lower;
        actions.push(exact ? { text, key, start: actionsArg.start + offset, end: actionsArg.start + offset + text.length } : { text, key });
        offset += text.length + 1;
      }
    }
    out.push({ setting: s, list: s.block, regex, body: regex.regex && !regex.unterminated ? regexBody(regex.text) : undefined, actionsArg, actions, exact });
  }
  return out;
}

/** A list inside another block (misplaced-block), in its file or through the blocks the file is included in; not the file's own root. */
export function isNestedList(ctx: RuleContext, list: BlockNode): boolean {
  return list !== ctx.structure.root && !atTopLevel(ctx, list);
}

/** The key `rulesByList` gives a list nested in another block: no name of a top-level list starts so. */
export const NESTED_LIST = '\u0000';

/**
 * Rules grouped by their `<smtp-pattern-list>` name, as PowerMTA joins the top-level lists of one
 * name. A list nested in another block (reported as misplaced) is a group of its own: it joins no
 * list, whatever its name, so its rules neither repeat nor are repeated by another list's.
 */
export function rulesByList(ctx: RuleContext, rules: readonly ReplyRule[]): Map<string, ReplyRule[]> {
  const map = new Map<string, ReplyRule[]>();
  for (const r of rules) {
    const name = isNestedList(ctx, r.list) ? `${NESTED_LIST}${r.list.openLine}` : (r.list.arg ?? '');
    const list = map.get(name);
    if (list) list.push(r);
    else map.set(name, [r]);
  }
  return map;
}
