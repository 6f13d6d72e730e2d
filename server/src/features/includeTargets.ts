/**
 * An `include` line leads to the files its configuration read for it, as the include resolution
 * found them (through the `/etc/pmta` mapping, wildcards expanded): go to definition lists them,
 * the link opens the one file, and hover names them. Without a configuration (a file checked on
 * its own) the line keeps the plain path link of links.ts.
 */
import type { Hover, Location } from 'vscode-languageserver-types';
import { MarkupKind } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { inlineCode } from '../markdown';
import { shortName } from '../workspace';
import { clampPosition, range } from './common';
import { valuePieces } from './values';

/** The URIs each `include` line of a document was resolved to, by line; undefined when the document is checked on its own. */
export type IncludeTargets = ReadonlyMap<number, readonly string[]>;

/** How many files a hover names before it says how many more there are. */
const NAMED_IN_HOVER = 20;

/** The include line's value (the path as written), or undefined when the line is not an `include` its configuration resolved. */
function includeValue(analysis: Analysis, targets: IncludeTargets | undefined, line: number) {
  if (!targets?.has(line)) return undefined;
  const entry = analysis.entry(line);
  if (entry?.name !== 'include') return undefined;
  return valuePieces(analysis.doc, line, entry.value)[0];
}

/** Go to definition anywhere on an `include` line: the start of each file it reads, in load order. */
export function includeDefinition(analysis: Analysis, targets: IncludeTargets | undefined, line: number): Location[] {
  if (!includeValue(analysis, targets, line)) return [];
  return targets!.get(line)!.map((uri) => ({ uri, range: range(0, 0, 0) }));
}

/** Hover on the path of an `include` line: the files it reads (none: it is reported as not found). */
export function includeHover(analysis: Analysis, targets: IncludeTargets | undefined, position: { line: number; character: number }, currentUri: string): Hover | null {
  const p = clampPosition(analysis.doc, position);
  const value = p && includeValue(analysis, targets, p.line);
  if (!p || !value || p.character < value.start || p.character > value.end) return null;
  const files = targets!.get(p.line)!;
  if (files.length === 0) return null;
  const names = files.slice(0, NAMED_IN_HOVER).map((u) => `- ${inlineCode(shortName(u, currentUri))}`);
  if (files.length > NAMED_IN_HOVER) names.push(`- … and ${files.length - NAMED_IN_HOVER} more`);
  const head = files.length === 1 ? 'Reads this file here:' : `Reads these ${files.length} files here, in this order:`;
  return { contents: { kind: MarkupKind.Markdown, value: `${head}\n\n${names.join('\n')}` }, range: range(p.line, value.start, value.end) };
}
