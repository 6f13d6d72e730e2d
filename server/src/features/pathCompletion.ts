/**
 * Completion of a file path typed as a value (`include`, key and certificate files, `log-file`,
 * the path of a `domain-key`…): once the value holds a `/`, the entries of the folder typed so
 * far. Where the folder does not exist as written, the places the configuration reads it from
 * are listed instead (`/etc/pmta/` in a workspace copy: `folders`).
 */
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import type { FolderEntry } from '../analysis/host';
import type { ValueSpec } from '../catalog/types';
import { clampPosition, range } from './common';
import { statementStart, valuePieces } from './values';

/** Entries read from one folder, and items offered, at most. */
const MAX_ENTRIES = 2000;
const MAX_ITEMS = 200;
const PATH_TYPES = new Set(['path', 'path-or-pipe']);

export interface PathSource {
  /** The folders a folder written in the value may be read from, in order (as written first). */
  folders(written: string): string[];
  list(folder: string, max: number): FolderEntry[] | undefined;
}

const isPath = (spec: ValueSpec | undefined): boolean => !!spec && (PATH_TYPES.has(spec.type) || !!spec.alternatives?.some((a) => PATH_TYPES.has(a.type)));

/** Items for the path under the cursor, or undefined when the cursor is not in a path value that holds a `/`. */
export function pathCompletion(analysis: Analysis, position: { line: number; character: number }, source: PathSource): CompletionItem[] | undefined {
  const p = clampPosition(analysis.doc, position);
  if (!p) return undefined;
  const head = statementStart(analysis.doc, p.line);
  const entry = analysis.entry(head);
  if (!entry?.value) return undefined;
  const piece = valuePieces(analysis.doc, head, entry.value).find((x) => x.line === p.line && x.start < p.character && p.character <= x.end);
  if (!piece || piece.quoted || piece.regex || !isPath(piece.spec)) return undefined;
  const typed = piece.text.slice(0, p.character - piece.start);
  const slash = typed.lastIndexOf('/');
  // Pipes, URLs, macros, templates and wildcards are not folders to list.
  if (slash < 0 || /^\||^[a-z][a-z0-9+.-]*:\/\/|[$*?{}[\]]/i.test(typed)) return undefined;
  const written = typed.slice(0, slash + 1);
  const partial = typed.slice(slash + 1);
  let entries: FolderEntry[] | undefined;
  for (const folder of source.folders(written)) if ((entries = source.list(folder, MAX_ENTRIES))) break;
  if (!entries) return [];
  const edit = range(p.line, p.character - partial.length, piece.end);
  return entries
    .filter((e) => e.name.startsWith(partial) && (partial.startsWith('.') || !e.name.startsWith('.')))
    .sort((a, b) => Number(b.isDirectory) - Number(a.isDirectory) || a.name.localeCompare(b.name))
    .slice(0, MAX_ITEMS)
    .map((e, i) => {
      const label = e.isDirectory ? `${e.name}/` : e.name;
      return { label, kind: e.isDirectory ? CompletionItemKind.Folder : CompletionItemKind.File, textEdit: { range: edit, newText: label }, sortText: String(i).padStart(4, '0') };
    });
}
