/**
 * Rename a named block or macro (virtual MTAs, pools, pattern lists, sources, macros…) at its
 * definition and every reference. Refuses names PowerMTA cannot read back as the same name, and
 * names already taken in the same namespace (virtual MTAs and pools share one).
 */
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { MACRO_NAME, isPowerMtaName } from '../analysis/symbols';
import { parseRange } from '../analysis/values/network';
import { KIND_WORDS, type SymbolOccurrences, clampPosition, range, symbolAt } from './common';

/** A rename the server refuses; the message is shown to the user. */
export class RenameError extends Error {}

function occurrencesAt(analysis: Analysis, position: Position): SymbolOccurrences {
  const p = clampPosition(analysis.doc, position);
  const sym = p && symbolAt(analysis, p.line, p.character);
  if (!sym) throw new RenameError('Only names of virtual MTAs, pools, pattern lists, sources, macros and other named blocks can be renamed.');
  // Also where the file has a block of it (`<source {pickup}>` configures the source PowerMTA asks
  // for): renamed, the block would apply to nothing.
  if (isPowerMtaName(sym.name)) throw new RenameError(`\`${sym.name}\` is a name PowerMTA provides; it cannot be renamed.`);
  // `<address-list><b>` reads here as a block named `><b`, glued to its tag: replacing that text
  // would join the new name to the tag. PowerMTA reads no such name either.
  if (/[<>]/.test(sym.name)) throw new RenameError(`\`${sym.name}\` holds \`<\` or \`>\`, so it is not a name PowerMTA can read; correct the tag line by hand.`);
  return sym;
}

export function prepareRename(analysis: Analysis, position: Position): { range: Range; placeholder: string } {
  const sym = occurrencesAt(analysis, position);
  return { range: range(sym.at.line, sym.at.start, sym.at.end), placeholder: sym.name };
}

/** Why `newName` cannot replace the symbol, or undefined when it can. */
export function invalidName(analysis: Analysis, sym: SymbolOccurrences, newName: string): string | undefined {
  const what = sym.kinds.map((k) => KIND_WORDS[k]).join(' or ');
  if (newName.length === 0) return 'The new name is empty.';
  if (sym.kinds.includes('macro')) {
    if (!MACRO_NAME.test(newName)) return 'A domain macro name may only contain letters, digits and `_`.';
  } else if (/[\s<>#"',;=]/.test(newName)) {
    return `A ${what} name cannot contain spaces or any of \` < > # " ' , ; = \`.`;
  }
  if (isPowerMtaName(newName)) return `Names starting with \`{\` are reserved for PowerMTA's own ${what}s.`;
  if (sym.kinds.includes('source') && parseRange(newName)) return `\`${newName}\` reads as an address range, not a source name.`;
  for (const kind of sym.kinds) {
    const taken = analysis.symbols.definitionsOf(kind, newName)[0];
    if (taken) return `A ${KIND_WORDS[taken.kind]} named \`${newName}\` already exists (line ${taken.line + 1}).`;
  }
  return undefined;
}

export function rename(analysis: Analysis, uri: string, position: Position, newName: string): WorkspaceEdit {
  const sym = occurrencesAt(analysis, position);
  // The same name: only references written in another case change (a rename that fixes them).
  const problem = newName === sym.name ? undefined : invalidName(analysis, sym, newName);
  if (problem) throw new RenameError(problem);
  const seen = new Set<string>();
  const changes: Record<string, TextEdit[]> = { [uri]: [] };
  for (const s of [...sym.defs, ...sym.refs]) {
    if (s.name === newName) continue;
    const file = s.uri ?? uri;
    const key = `${file}:${s.line}:${s.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (changes[file] ??= []).push({ range: range(s.line, s.start, s.end), newText: newName });
  }
  for (const edits of Object.values(changes)) edits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { changes };
}
