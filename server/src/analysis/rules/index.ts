import type { Rule } from './context';
import { duplicateBlockRule, duplicateDirectiveRule } from './duplicates';
import { openRelayRule } from './openRelay';
import { OPERATOR_RULES } from './operator';
import { publicAdminRule } from './publicAdmin';
import { duplicateDefinitionRule, referencesRule } from './references';
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
