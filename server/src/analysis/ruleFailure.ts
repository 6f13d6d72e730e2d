import type { BlockNode } from '../syntax/blocks';
import { RULES } from './rules';
import type { BlockRule, DocumentRule, Rule, RuleContext } from './rules/context';
import type { Finding } from './types';
import { flattenMessages } from './flatMessages';

/**
 * Runs one rule, over the document or over one block. A rule that throws (a bug met on input
 * nobody foresaw) must not take the other checks down with it, nor the language server: its
 * failure becomes an `internal-error` finding (on the block's tag line, or line 1) and the
 * analysis goes on. No closure: this runs for every block of every block rule.
 */
export function runRule(rule: Rule, ctx: RuleContext, block?: BlockNode): Finding[] {
  try {
    const findings = block ? (rule as BlockRule)(ctx, block) : (rule as DocumentRule)(ctx);
    flattenMessages(findings);
    return findings;
  } catch (e) {
    return [ruleFailure(ruleName(rule), block ? Math.max(0, block.openLine) : 0, e)];
  }
}

function ruleFailure(name: string, line: number, error: unknown): Finding {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    code: 'internal-error',
    line,
    start: 0,
    end: 0,
    message: `The check \`${name}\` failed here (${what.slice(0, 300)}), so its problems are not shown; the other checks ran. This is a bug in the PowerMTA tools: please report it with this part of the file.`,
  };
}

/** How an internal-error finding names a rule: its function name, else its place in RULES. */
function ruleName(rule: Rule): string {
  return rule.name || `#${RULES.indexOf(rule) + 1}`;
}
