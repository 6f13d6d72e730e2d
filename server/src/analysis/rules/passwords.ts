import type { Finding } from '../types';
import type { BlockNode } from '../../syntax/blocks';
import { type DocumentRule, type RuleContext, type Setting, atTopLevel, valueSpan } from './context';
import { configIndex } from './configIndex';
import { unquote } from '../statement';

/** Stock or sample passwords seen in published configurations and tutorials. */
const PLACEHOLDER = /^(change[-_ ]?me.*|.*change[-_]?me|password\d*|passw0rd|pass|secret|admin|test|test123|123456\d*|12345678|qwerty|letmein|default|your[-_ ]?password.*|.*your[-_ ]?pass.*|x+|\*+)$/i;
const MIN_LENGTH = 8;

function weakness(pw: string): string | undefined {
  if (pw.length === 0) return 'is empty';
  if (PLACEHOLDER.test(pw)) return 'is a stock placeholder or a common password';
  if (pw.length < MIN_LENGTH) return `has only ${pw.length} characters`;
  if (/^(.)\1*$/.test(pw)) return 'repeats a single character';
  return undefined;
}

/** `shared-password`'s message (never the secret): `user` has the password of `firstUser`, at `earlier`. */
export function sharedPasswordMessage(user: string, firstUser: string, earlier: string): string {
  return `SMTP user \`${user}\` has the same password as \`${firstUser}\` (${earlier}): one leaked credential opens both accounts, and logs cannot tell who sent what. Give each user its own password.`;
}

/** The password an `<smtp-user>` block sets, unquoted, with its line; undefined when it sets none. */
export function passwordOf(ctx: RuleContext, block: BlockNode): { pw: string; setting: Setting } | undefined {
  const s = configIndex(ctx).settings(block).last.get('password');
  return s && s.args[0] ? { pw: unquote(s.args[0]), setting: s } : undefined;
}

/**
 * `weak-password` and `shared-password` (MISCONFIG SEC-13): `<smtp-user>` passwords that are
 * placeholders, short or empty, or the same for several users. Messages never echo the secret.
 */
export const passwordsRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const byPassword = new Map<string, { user: string; s: Setting }>();
  for (const block of configIndex(ctx).blocks('smtp-user')) {
    const set = passwordOf(ctx, block);
    if (!set) continue;
    const { pw, setting: s } = set;
    const user = block.arg ?? '?';
    const weak = weakness(pw);
    if (weak) {
      out.push({
        code: 'weak-password',
        message: `The password of SMTP user \`${user}\` ${weak}. Anyone who guesses it can send mail through this server under your IPs' reputation. Use a long random password (e.g. 24 characters from a password generator), unique to this user.`,
        ...valueSpan(ctx, s),
      });
    }
    // A user nested in another block (misplaced-block) shares with no one, as across files.
    if (!atTopLevel(ctx, block)) continue;
    const first = byPassword.get(pw);
    if (first && pw.length > 0) {
      out.push({
        code: 'shared-password',
        message: sharedPasswordMessage(user, first.user, `line ${first.s.line + 1}`),
        ...valueSpan(ctx, s),
        data: { firstLine: first.s.line },
      });
    } else if (!first) byPassword.set(pw, { user, s });
  }
  return out;
};
passwordsRule.reads = ['password'];
