import type { Rule, RuleContext } from './context';
import { duplicateBlockRule, duplicateDirectiveRule } from './duplicates';
import { openRelayRule } from './openRelay';
import { OPERATOR_RULES } from './operator';
import { publicAdminRule } from './publicAdmin';
import { duplicateDefinitionRule, referencesRule } from './references';
import { prepareSourceHosts } from './sourceHosts';
import { structureRule } from './structure';

/**
 * Every rule, whole-document and per-block, run in this order after the per-line facts; findings
 * on the same spot are reported in this order too.
 */
export const RULES: readonly Rule[] = [
  structureRule,
  referencesRule,
  duplicateDefinitionRule,
  duplicateBlockRule,
  openRelayRule,
  publicAdminRule,
  ...OPERATOR_RULES,
  duplicateDirectiveRule,
];

/**
 * Shared facts that several rules read and that take long on a large file, computed in steps
 * before the rules run, so the analyzer can pause between the steps (the rules then find them
 * memoised in the settings index).
 */
export function* prepareRules(ctx: RuleContext): Generator<void, void> {
  yield* prepareSourceHosts(ctx);
}
