import type { Finding } from '../types';
import { type DocumentRule } from './context';
import type { Fix } from './fixes';
import { type ReplyAction, type ReplyRule, replyRules, REPLY_READS } from './replyRules';

/** Pairs of actions one rule may not combine (LANGUAGE.md §12, UG5 §3.3.15). */
const CONFLICTS: [string, string, string][] = [
  ['mode=backoff', 'mode=normal', 'a reply cannot both start and end backoff'],
  ['skip-mx', 'bounce-queue', 'a reply cannot both try the next MX and bounce the whole queue'],
];
/** Actions that need an earlier one in the same rule. */
const NEEDS: Record<string, string> = { 'reenable-after': 'disable-source-ip', 'backoff-to-normal-after': 'mode=backoff' };
/** Actions PowerMTA explicitly forbids twice (other repeats are merely redundant). */
const ONCE = new Set(['reenable-after', 'backoff-to-normal-after']);

function span(rule: ReplyRule, a?: ReplyAction): { line: number; start: number; end: number } {
  if (a && a.start !== undefined) return { line: rule.actionsArg!.line, start: a.start, end: a.end! };
  const arg = rule.actionsArg ?? rule.regex;
  return { line: arg.line, start: arg.start, end: arg.line === arg.endLine ? arg.end : arg.start + arg.text.length };
}

/** A fix that rewrites the action list (only when it sits on one line exactly as written). */
function rewrite(rule: ReplyRule, title: string, actions: string[]): { fix: Fix } | undefined {
  if (!rule.exact || !rule.actionsArg) return undefined;
  const a = rule.actionsArg;
  return { fix: { title, edits: [{ line: a.line, start: a.start, end: a.end, newText: actions.join(',') }] } };
}

/**
 * `reply-conflicting-actions`, `reply-action-order`, `reply-action-repeated` (MISCONFIG SYN-06):
 * the combination rules of `<smtp-pattern-list>` reply actions.
 */
export const replyActionsRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const rule of replyRules(ctx)) {
    const keys = rule.actions.map((a) => a.key);
    for (const [a, b, why] of CONFLICTS) {
      const ia = keys.indexOf(a);
      const ib = keys.indexOf(b);
      if (ia < 0 || ib < 0) continue;
      const later = Math.max(ia, ib);
      out.push({
        code: 'reply-conflicting-actions',
        message: `\`${a}\` and \`${b}\` in one reply rule: ${why}, and PowerMTA refuses the combination. Keep the one you mean${a === 'mode=backoff' ? ' (usually `mode=backoff`)' : ''}, or write two rules with different patterns.`,
        ...span(rule, rule.actions[later]),
        data: rewrite(rule, `Remove \`${rule.actions[later].text}\``, rule.actions.filter((_, i) => i !== later).map((x) => x.text)),
      });
    }
    const seen = new Map<string, number>();
    rule.actions.forEach((action, i) => {
      const need = NEEDS[action.key];
      if (need && !keys.slice(0, i).includes(need)) {
        const later = keys.indexOf(need, i + 1);
        const fixed = rule.actions.map((x) => x.text).filter((_, j) => j !== later);
        fixed.splice(i, 0, need);
        out.push({
          code: 'reply-action-order',
          message:
            later >= 0
              ? `\`${action.text}\` comes before \`${need}\`; PowerMTA requires \`${need}\` earlier in the same rule. Write \`${need}\` first.`
              : `\`${action.text}\` has no \`${need}\` before it in this rule, so it has nothing to act on and PowerMTA refuses the rule. Add \`${need}\` before it, or remove it.`,
          ...span(rule, action),
          data: rewrite(rule, later >= 0 ? `Move \`${need}\` first` : `Add \`${need}\` before it`, fixed),
        });
      }
      const first = seen.get(action.key);
      if (first === undefined) {
        seen.set(action.key, i);
        return;
      }
      const forbidden = ONCE.has(action.key);
      out.push({
        code: 'reply-action-repeated',
        message: forbidden
          ? `\`${action.key}=\` appears twice in this rule; PowerMTA allows it only once. Keep one value.`
          : `\`${action.text}\` is already in this rule; the repeat does nothing. Remove it.`,
        severity: forbidden ? undefined : 'warning',
        ...span(rule, action),
        data: rewrite(rule, 'Remove the repeat', rule.actions.filter((_, j) => j !== i).map((x) => x.text)),
      });
    });
  }
  return out;
};
replyActionsRule.reads = REPLY_READS;
