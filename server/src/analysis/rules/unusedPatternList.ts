import type { Finding } from '../types';
import { describeScope } from '../lineFacts';
import { type DocumentRule, inThisFile } from './context';
import { MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';

/** What never runs when a list of this kind is unused. */
const NEVER_RUNS: Record<'smtp-pattern-list' | 'pattern-list', string> = {
  'smtp-pattern-list': 'none of its reply rules (backoff, bouncing, disabling a source IP…) ever applies',
  'pattern-list': 'none of its routing rules ever applies',
};

/**
 * `unused-pattern-list`: an `<smtp-pattern-list>` that no `smtp-pattern-list NAME` line uses, or a
 * `<pattern-list>` that no `pattern-list NAME` line uses: its rules never run. Configurations built
 * from PowerMTA's sample often define `common-errors` and attach only `blocking-errors`. Judged on
 * whole configurations (the use may be in any of their files); a use written in another case
 * counts when no list has its exact name (reference-case-mismatch reports it).
 */
export const unusedPatternListRule: DocumentRule = (ctx) => {
  if (!wholeConfiguration(ctx)) return [];
  const out: Finding[] = [];
  for (const kind of ['smtp-pattern-list', 'pattern-list'] as const) {
    const defs = ctx.symbols.all(kind).filter((d) => inThisFile(ctx, d));
    if (defs.length === 0) continue;
    // The blocks the directive naming a list stands in, from the catalogue (`<domain>`, `<source>`).
    const by = [...new Set(ctx.catalog.directiveRows(kind).flatMap((r) => r.scopes))].map((s) => `\`${describeScope(s)}\``).join(' or ');
    const what = NEVER_RUNS[kind];
    // One pass over the references, rather than the index's case-insensitive map (built over
    // every reference and kept with the index) for a handful of lists. A reference uses the list of
    // its exact name; one that matches no name exactly uses those it matches ignoring case.
    const used = new Set<string>();
    const usedIgnoringCase = new Set<string>();
    for (const r of ctx.symbols.refs) {
      if (!r.kinds.includes(kind)) continue;
      if (ctx.symbols.lookup([kind], r.name).length > 0) used.add(r.name);
      else usedIgnoringCase.add(r.name.toLowerCase());
    }
    for (const def of defs) {
      if (used.has(def.name) || usedIgnoringCase.has(def.name.toLowerCase())) continue;
      out.push({
        code: 'unused-pattern-list',
        message: `\`<${kind} ${def.name}>\` is never used: no ${by} names it with \`${kind} ${def.name}\`, so ${what}. Add \`${kind} ${def.name}\` to the ${by} blocks it is meant for${kind === 'smtp-pattern-list' ? ' (often `<domain *>`)' : ''}, or delete the list.`,
        line: def.line,
        start: def.start,
        end: def.end,
        // The quick fix (codeActions.ts) attaches an smtp-pattern-list to the file's <domain *>.
        data: { kind, name: def.name },
      });
    }
  }
  return out;
};
unusedPatternListRule.inputs = ['symbols'];
unusedPatternListRule.reads = [...MAIN_CONFIG_READS];
