/**
 * Document links for values the catalogue types as paths or URLs: `include` files, DKIM keys,
 * certificates, log and accounting files, spool directories. Relative paths resolve against the
 * document's folder. Only what can be a file is linked: pipes (`|command`), globs, `$macros`,
 * `${templates}` and `{vault}:` keys are left alone.
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { type Catalog, getCatalog } from '../catalog/catalog';
import type { ValueSpec } from '../catalog/types';
import { LineKind } from '../syntax/scanner';
import { range } from './common';
import type { IncludeTargets } from './includeTargets';
import { leafSpecs, valuePieces } from './values';

const LINKABLE = new Set(['path', 'path-or-pipe', 'url']);
const hasPathCache = new WeakMap<ValueSpec, boolean>();

function mayHoldPath(spec: ValueSpec | undefined): boolean {
  if (!spec) return false;
  let known = hasPathCache.get(spec);
  if (known === undefined) {
    known = leafSpecs(spec).some((s) => LINKABLE.has(s.type));
    hasPathCache.set(spec, known);
  }
  return known;
}

/** The URI a value points to, or undefined when it cannot be a file or URL. */
export function linkTarget(value: string, documentUri: string): string | undefined {
  let text = value;
  const quoted = text.startsWith('"');
  if (quoted) {
    if (text.length < 2 || !text.endsWith('"')) return undefined;
    text = text.slice(1, -1);
  }
  if (!text || /[|$*?{}"<>]/.test(text) || (!quoted && /\s/.test(text)) || text.startsWith('~')) return undefined;
  try {
    if (/^https?:\/\//i.test(text)) return new URL(text).href;
    if (/^[A-Za-z]:[\\/]/.test(text)) return new URL('file:///' + text.replace(/\\/g, '/')).href;
    if (text.startsWith('/')) return new URL(text, 'file:///').href;
    if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return undefined;
    if (!documentUri.startsWith('file:')) return undefined;
    return new URL(text, documentUri).href;
  } catch {
    return undefined;
  }
}

/**
 * `includes`: the files each `include` line was resolved to in the document's configuration; a
 * line read as one file links to it (`/etc/pmta/conf.d/x.conf` to the workspace copy).
 */
export function documentLinks(analysis: Analysis, uri: string, catalog: Catalog = getCatalog(), includes?: IncludeTargets): DocumentLink[] {
  const doc = analysis.doc;
  const out: DocumentLink[] = [];
  const add = (text: string, line: number, start: number, end: number) => {
    const resolved = includes?.get(line);
    const target = resolved?.length === 1 ? resolved[0] : linkTarget(text, uri);
    if (target) out.push({ range: range(line, start, end), target, tooltip: `Open ${text.replace(/^"|"$/g, '')}` });
  };
  for (let i = 0; i < doc.lineCount; i++) {
    const info = doc.info(i);
    if (info.kind === LineKind.Open && info.tagArg && info.tag) {
      const arg = catalog.block(info.tag.text)?.arg;
      if (arg && LINKABLE.has(arg.type)) add(info.tagArg.text, i, info.tagArg.start, info.tagArg.end);
      continue;
    }
    if (info.kind !== LineKind.Directive) continue;
    const entry = analysis.entry(i);
    if (!entry || !mayHoldPath(entry.value)) continue;
    for (const piece of valuePieces(doc, i, entry.value)) {
      if (!piece.spec || piece.regex || !(LINKABLE.has(piece.spec.type) || piece.spec.alternatives?.some((a) => LINKABLE.has(a.type)))) continue;
      add(piece.text, piece.line, piece.start, piece.end);
    }
  }
  return out;
}
