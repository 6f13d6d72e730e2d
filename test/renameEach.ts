// Shared by the rename tests (corpus and fuzz): every defined name of a text renamed, one at a time,
// to an unused one, and the finding counts of the result.
import type { Analysis } from '../server/src/analysis/analyzer';
import type { SymbolDef } from '../server/src/analysis/types';
import { RenameError, rename } from '../server/src/features/rename';
import { applyAsEditor, editsOf } from './unit/features/edits';

const URI = 'file:///etc/pmta/config';

/** How many findings of each code an analysis has, leaving out `ignored` codes. */
export function codeCounts(a: Analysis, ignored: readonly string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of a.findings) if (!ignored.includes(f.code)) out[f.code] = (out[f.code] ?? 0) + 1;
  return out;
}

/**
 * Renames each defined name of `text` (once per kind and name; those `skip` says to leave out, and
 * those rename refuses, are passed over) to `renamed-N` (`renamed_N` for a macro), N counting from
 * `first`, and hands each result, applied as an editor applies it, to `check`. Returns how many it renamed.
 */
export function renameEach(text: string, before: Analysis, first: number, check: (def: SymbolDef, newName: string, after: string) => void, skip: (def: SymbolDef) => boolean = () => false): number {
  let renamed = 0;
  const done = new Set<string>();
  for (const def of before.symbols.defs) {
    if (done.has(`${def.kind}:${def.name}`)) continue;
    done.add(`${def.kind}:${def.name}`);
    if (skip(def)) continue;
    const newName = def.kind === 'macro' ? `renamed_${first + renamed}` : `renamed-${first + renamed}`;
    let edit;
    try {
      edit = rename(before, URI, { line: def.line, character: def.start }, newName);
    } catch (e) {
      if (e instanceof RenameError) continue;
      throw e;
    }
    renamed++;
    check(def, newName, applyAsEditor(text, editsOf(edit, URI)));
  }
  return renamed;
}
