import type { BlockRule, DocumentRule } from './context';
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
  duplicateBlockRule,
  openRelayRule,
  publicAdminRule,
  ...OPERATOR_RULES,
];

/** Rules over one block at a time (see BlockRule), run for the root and every block. */
export const BLOCK_RULES: readonly BlockRule[] = [duplicateDirectiveRule];
