/**
 * The snippets of `snippets/powermta.json` (VS Code snippet format, also contributed to VS Code
 * by the extension) offered as completion items by the server, so every editor gets them. A
 * snippet is offered where its first statement is allowed, as the catalogue says.
 */
import { type CompletionItem, CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type Range } from 'vscode-languageserver-types';
import data from '../../../snippets/powermta.json';
import type { Catalog } from '../catalog/catalog';

export interface Snippet {
  name: string;
  prefixes: string[];
  description: string;
  body: string;
  /** The body with every placeholder at its default, for clients without snippet support. */
  plain: string;
}

interface RawSnippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

export const SNIPPETS: readonly Snippet[] = Object.entries(data as Record<string, RawSnippet>).map(([name, s]) => {
  const body = Array.isArray(s.body) ? s.body.join('\n') : s.body;
  return { name, prefixes: Array.isArray(s.prefix) ? s.prefix : [s.prefix], description: s.description ?? name, body, plain: expandSnippet(body) };
});

/**
 * The text a snippet inserts with every placeholder at its default: `${1:x}` -> x, `${1|a,b|}`
 * -> a, `$1` -> the default given elsewhere for 1 (or nothing), `\$` -> `$`.
 */
export function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  for (const m of body.matchAll(/\$\{(\d+):((?:[^}\\]|\\.)*)\}/g)) if (!defaults.has(m[1])) defaults.set(m[1], m[2]);
  for (const m of body.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)) if (!defaults.has(m[1])) defaults.set(m[1], m[2].split(',')[0]);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      out += body[++i];
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    const rest = body.slice(i);
    let m = /^\$\{(\d+):((?:[^}\\]|\\.)*)\}/.exec(rest);
    if (m) {
      out += m[2].replace(/\\(.)/g, '$1');
      i += m[0].length - 1;
      continue;
    }
    m = /^\$\{(\d+)\|([^|]*)\|\}/.exec(rest) ?? /^\$\{?(\d+)\}?/.exec(rest);
    if (m) {
      out += defaults.get(m[1]) ?? '';
      i += m[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** The first statement of a snippet: a `<tag` or a directive name. */
function firstStatement(body: string): { tag?: string; directive?: string } | undefined {
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const tag = /^<([\w-]+)/.exec(line);
    if (tag) return { tag: tag[1] };
    return { directive: line.split(/\s+/)[0] };
  }
  return undefined;
}

/** Whether a snippet may be inserted directly inside `scope`. */
export function snippetFits(catalog: Catalog, snippet: Snippet, scope: string): boolean {
  const first = firstStatement(snippet.body);
  if (!first) return scope === 'global';
  if (first.tag) return catalog.block(first.tag)?.scopes.includes(scope) ?? false;
  return catalog.allows(scope, first.directive!);
}

/** Completion items for the snippets that fit `scope`, replacing `range`. */
export function snippetItems(catalog: Catalog, scope: string, range: Range, snippetSupport: boolean): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const s of SNIPPETS) {
    if (!snippetFits(catalog, s, scope)) continue;
    const plain = s.plain;
    for (const prefix of s.prefixes) {
      out.push({
        label: prefix,
        kind: CompletionItemKind.Snippet,
        detail: s.name,
        documentation: { kind: MarkupKind.Markdown, value: `${s.description}\n\n\`\`\`powermta\n${plain.replace(/\t/g, '    ')}\n\`\`\`` },
        filterText: prefix,
        sortText: '2' + prefix,
        insertTextFormat: snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        insertTextMode: InsertTextMode.adjustIndentation,
        textEdit: { range, newText: snippetSupport ? s.body : plain },
      });
    }
  }
  return out;
}
