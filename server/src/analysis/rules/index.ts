import type { DocumentRule } from './context';
import { duplicateBlockRule, duplicateDirectiveRule } from './duplicates';
import { openRelayRule } from './openRelay';
import { OPERATOR_RULES } from './operator';
import { publicAdminRule } from './publicAdmin';
import { duplicateDefinitionRule, referencesRule } from './references';
import { structureRule } from './structure';

/** Every whole-document rule, run in this order after the per-line facts. */
export const DOCUMENT_RULES: readonly DocumentRule[] = [
  structureRule,
  referencesRule,
  duplicateDefinitionRule,
  duplicateDirectiveRule,
  duplicateBlockRule,
  openRelayRule,
  publicAdminRule,
  ...OPERATOR_RULES,
];
