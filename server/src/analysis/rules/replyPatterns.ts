import type { Finding } from '../types';
import { isCatchAll } from '../values/regex';
import { type DocumentRule, wholeLine } from './context';
import { deleteLines } from './fixes';
import { type ReplyRule, replyRules, rulesByList, REPLY_READS } from './replyRules';

/** A pattern made only of a reply code (or a code class): `^4`, `^5\d\d`, `550`, `^55[0-3]`. */
const CODE_ONLY = /^\^?(?:[45]|[45](?:\\d|\[0-9\]|\d|\[\d-\d\]|\.){1,2})\s?$/;
/** Connection-level codes that do signal throttling on their own. */
const CONNECTION_CODES = /^\^?4(21|2\\d|2\[0-9\])\s?$/;

/**
 * `broad-reply-pattern` (MISCONFIG THR-06): a reply pattern that matches ordinary per-recipient
 * errors (`/^5\d\d/`, `/^550/`, `/^4/`…) or everything (`//`) in a list that has other rules.
 * A list whose only rule is a catch-all is a dedicated list (e.g. a black-hole VMTA) and is left
 * alone. `duplicate-reply-pattern` (THR-07): the same pattern twice in one list.
 */
export const replyPatternsRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const rules of rulesByList(ctx, replyRules(ctx)).values()) {
    const seen = new Map<string, ReplyRule>();
    for (const rule of rules) {
      if (rule.body === undefined) continue;
      const body = rule.body;
      const actions = rule.actions.map((a) => a.text).join(',') || 'its action';
      if (isCatchAll(body) && rules.length > 1) {
        out.push(catchAllFinding(rule, rules.indexOf(rule) === 0));
      } else if (CODE_ONLY.test(body) && !CONNECTION_CODES.test(body)) {
        out.push({
          code: 'broad-reply-pattern',
          message: `\`${rule.regex.text}\` matches any reply with that code, including ordinary per-recipient errors such as "mailbox unknown" or "over quota". One bad address then triggers \`${actions}\` for the whole queue. Match the provider's throttling or blocking text instead (e.g. \`/421 .* too many/\`, \`/TS01/\`).`,
          ...span(rule),
        });
      }
      const key = body.toLowerCase();
      const first = seen.get(key);
      if (!first) {
        seen.set(key, rule);
        continue;
      }
      out.push({
        code: 'duplicate-reply-pattern',
        message: duplicateReplyMessage(rule, first, `on line ${first.setting.line + 1} of this list`),
        ...wholeLine(ctx, rule.setting.line),
        data: { firstLine: first.setting.line, fix: { title: 'Delete the duplicate rule', edits: [deleteLines(ctx.doc, rule.setting.line)] } },
      });
    }
  }
  return out;
};

/**
 * `broad-reply-pattern` for a catch-all rule (`//`) in a list with other rules; `first`: no rule
 * of the list comes before it. A list joined across files is checked in includes/acrossFiles.ts.
 */
export function catchAllFinding(rule: ReplyRule, first: boolean): Finding {
  const actions = rule.actions.map((a) => a.text).join(',') || 'its action';
  return {
    code: 'broad-reply-pattern',
    message: `\`${rule.regex.text}\` matches every reply, so \`${actions}\` applies to ${first ? 'every reply, and where a rule after it asks for something else, the first match wins' : 'every reply the rules above did not catch, ordinary bad-mailbox errors included'}. Match the provider's throttling text instead (e.g. \`/too many connections/\`).`,
    ...span(rule),
  };
}

/** `duplicate-reply-pattern`'s message: `rule` repeats the pattern of `first`, which stands `earlier`. */
export function duplicateReplyMessage(rule: ReplyRule, first: ReplyRule, earlier: string): string {
  const actions = (r: ReplyRule) => r.actions.map((a) => a.text).join(',');
  return `\`${rule.regex.text}\` already appears ${earlier}; ${actions(first) !== actions(rule) ? 'where two matching rules conflict PowerMTA uses the first, so the different actions here never apply' : 'the repeat adds nothing'}. Delete it.`;
}

function span(rule: ReplyRule): { line: number; start: number; end: number } {
  return { line: rule.regex.line, start: rule.regex.start, end: rule.regex.end };
}
replyPatternsRule.reads = REPLY_READS;
