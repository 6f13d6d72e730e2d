import { closest, distance } from 'fastest-levenshtein';
import type { SymbolKind } from '../../catalog/types';
import { hasInvisibleCharacter } from '../invisibleCharacters';
import { MACRO_NAME, isBuiltIn, namespaceOf } from '../symbols';
import type { Finding, SymbolDef } from '../types';
import { shellMacroHint } from '../shellScriptLines';
import { type DocumentRule, type RuleContext, comesBefore, inThisFile, where } from './context';
import { compareOrder } from '../includes/configSet';
import { MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';

function kindWords(kinds: readonly SymbolKind[]): string {
  return kinds.map((k) => (k === 'macro' ? 'domain-macro' : `<${k}>`)).join(' or ');
}

/** `undefined-reference`, `reference-case-mismatch`, `define-before-use`: names resolved across the whole file, in any order. */
export const referencesRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  // Candidate names per set of kinds, and a budget of name comparisons for "did you mean": a file
  // with thousands of undefined names would otherwise compare each with every definition.
  const candidatesByKinds = new Map<string, string[]>();
  let comparisons = SUGGESTION_BUDGET;
  let unread: string | undefined | null = null;
  for (const ref of ctx.symbols.refs) {
    if (!inThisFile(ctx, ref)) continue;
    const defs = ctx.symbols.lookup(ref.kinds, ref.name);
    if (defs.length > 0) {
      if (mustBeDefinedFirst(ref.via) && defs.every((d) => !comesBefore(d, ref))) {
        out.push({
          code: 'define-before-use',
          message: `PowerMTA needs \`<pattern-list ${ref.name}>\` defined before the source that uses it; it is defined later (${where(ctx, firstLoaded(defs))}). Move the list above this block.`,
          line: ref.line,
          start: ref.start,
          end: ref.end,
        });
      }
      continue;
    }
    if (isBuiltIn(ref.kinds, ref.name)) continue;
    const nearly = ctx.symbols.lookupIgnoringCase(ref.kinds, ref.name);
    if (nearly.length > 0) {
      const def = firstLoaded(nearly);
      out.push({
        code: 'reference-case-mismatch',
        message: `\`${ref.name}\` differs only in case from \`${def.name}\` (${where(ctx, def)}); write the name exactly as defined.`,
        line: ref.line,
        start: ref.start,
        end: ref.end,
        data: { suggestion: def.name },
      });
      continue;
    }
    const kindsKey = ref.kinds.join(' ');
    let candidates = candidatesByKinds.get(kindsKey);
    if (!candidates) candidatesByKinds.set(kindsKey, (candidates = candidateNames(ctx, ref.kinds)));
    comparisons -= candidates.length;
    const best = candidates.length && comparisons >= 0 ? closest(ref.name, candidates) : undefined;
    const suggestion = best && distance(best, ref.name) <= Math.max(2, Math.floor(ref.name.length / 3)) ? best : undefined;
    if (unread === null) unread = notReadHere(ctx);
    // Where the name may be defined in a file not read, that is the likelier story than a shell variable.
    const hint = !unread && suggestion === undefined && ref.kinds.length === 1 && ref.kinds[0] === 'macro' ? shellMacroHint(ref.name) : '';
    out.push({
      code: 'undefined-reference',
      message: `No ${kindWords(ref.kinds)} named \`${ref.name}\` is defined${unread ? ' in what was read' : ''}${suggestion ? `; did you mean \`${suggestion}\`?` : '.'}${hint}${unread ? ` ${unread}` : ''}`,
      ...(unread ? { severity: 'warning' as const } : {}),
      line: ref.line,
      start: ref.start,
      end: ref.end,
      data: { name: ref.name, kinds: ref.kinds, suggestion },
    });
  }
  return out;
};

/**
 * Why a name defined nowhere here may still be defined where PowerMTA reads the configuration, or
 * undefined when the whole configuration was read. Then an undefined name is a warning, not an
 * error: a file that an include names but that was not found (often the case on a machine other
 * than the server), or a file checked on its own that looks like part of a configuration (no main
 * file that includes it was found, and it sets fewer than two of a main file's process-wide
 * settings: `wholeConfiguration`), may well define it.
 */
function notReadHere(ctx: RuleContext): string | undefined {
  if (ctx.configuration && !ctx.configuration.complete) return 'Some files this configuration includes could not be read (see `include-not-found`), and one of them may define it.';
  if (wholeConfiguration(ctx)) return undefined;
  return `This file looks like part of a configuration (no file that includes it was found, and it sets fewer than two of a main file's settings such as ${MAIN_EXAMPLES}), so the file that includes it may define the name.`;
}

const MAIN_EXAMPLES = ['log-file', 'spool', 'smtp-listener', 'postmaster'].map((n) => `\`${n}\``).join(', ');

/** The definition PowerMTA reads first (a set's symbols come file by file, not in load order). */
function firstLoaded(defs: readonly SymbolDef[]): SymbolDef {
  let first = defs[0];
  for (const d of defs) if (comesBefore(d, first)) first = d;
  return first;
}

/**
 * The names a misspelt reference of these kinds may be meant as, in load order (of a configuration
 * split over files, or of the file): of two names as close to it, the first defined is suggested.
 */
function candidateNames(ctx: RuleContext, kinds: readonly SymbolKind[]): string[] {
  const defs = kinds.flatMap((k) => ctx.symbols.all(k));
  defs.sort((a, b) => (a.order && b.order ? compareOrder(a.order, b.order) : a.line - b.line));
  return defs.map((d) => d.name).filter((n) => suggestible(n, kinds));
}

/**
 * Whether a defined name may be suggested for a misspelt one: not with a blank inside (a tab pasted
 * into a tag; it cannot be written as one value), nor an invisible character (reported where the name
 * is defined; copying it would spread it), nor, for a `$macro` use, a character a macro use cannot hold.
 */
function suggestible(name: string, kinds: readonly SymbolKind[]): boolean {
  if (kinds.includes('macro') && !MACRO_NAME.test(name)) return false;
  return !/\s/.test(name) && !hasInvisibleCharacter(name);
}

/** Name comparisons one run may spend on suggestions (beyond it, undefined names get none). */
const SUGGESTION_BUDGET = 2_000_000;

/** Kinds whose repeated definition is an error; a repeated `<source X>` is reported as a duplicate block instead. */
const UNIQUE: ReadonlySet<SymbolKind> = new Set([
  'virtual-mta',
  'virtual-mta-pool',
  'smtp-pattern-list',
  'pattern-list',
  'rewrite-list',
  'proxy',
  'address-list',
  'domain-key-list',
  'source-group',
  'smtp-user',
  'macro',
]);

/** `duplicate-definition`: two definitions of one name (VMTAs and pools share a namespace). */
export const duplicateDefinitionRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const seen = new Map<string, SymbolDef>();
  const ordered = ctx.uri === undefined ? ctx.symbols.defs : [...ctx.symbols.defs].sort((a, b) => (comesBefore(a, b) ? -1 : comesBefore(b, a) ? 1 : 0));
  for (const def of ordered) {
    if (!UNIQUE.has(def.kind)) continue;
    const k = namespaceOf(def.kind) + '\u0000' + def.name;
    const first = seen.get(k);
    if (!first) {
      seen.set(k, def);
      continue;
    }
    if (!inThisFile(ctx, def)) continue;
    const what = first.kind === def.kind ? `another ${kindWords([def.kind])}` : `a ${kindWords([first.kind])} (pools and virtual MTAs share one namespace)`;
    out.push({
      code: 'duplicate-definition',
      message: `\`${def.name}\` is already defined as ${what} (${where(ctx, first)}).`,
      line: def.line,
      start: def.start,
      end: def.end,
      data: { firstLine: first.line, firstUri: first.uri },
    });
  }
  return out;
};
referencesRule.inputs = ['symbols'];
// Whether the file looks like a whole configuration decides how sure an undefined name is (notReadHere).
referencesRule.reads = MAIN_CONFIG_READS;
duplicateDefinitionRule.inputs = ['symbols'];
// Names defined by tags reach them through the symbol index (an input of theirs).
referencesRule.names = [];
duplicateDefinitionRule.names = [];

/** Whether the names a directive uses must be defined above it (`define-before-use`; also asked by completion). */
export function mustBeDefinedFirst(via: string): boolean {
  return via === 'pattern-list';
}
