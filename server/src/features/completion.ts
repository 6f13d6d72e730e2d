/**
 * Completion, aware of the enclosing block. At the start of a line: the directives and blocks
 * the catalogue allows there, plus snippets; after `</`: the close tag of the open block; after
 * a directive name: the values its value spec accepts (keywords, booleans, reply actions, record
 * types) and the names of defined blocks for name references; `$` offers domain macros.
 */
import {
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionList,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import fuzzysort, { type SnapshotKey } from 'fuzzysort';
import type { Analysis } from '../analysis/analyzer';
import { type Catalog, getCatalog } from '../catalog/catalog';
import type { BlockEntry, DirectiveEntry, KeywordEntry, SymbolKind, ValueSpec } from '../catalog/types';
import type { SymbolIndex } from '../analysis/symbols';
import { isColdVmtaSelf } from '../analysis/rules/coldVmta';
import { mustBeDefinedFirst } from '../analysis/rules/references';
import type { SymbolDef } from '../analysis/types';
import { LineKind, type Word } from '../syntax/scanner';
import { endRunStart, isWhitespace } from '../endRun';
import { clampPosition, inFile, range, scopeAt } from './common';
import { blockMarkdown, definitionDetail, definitionMarkdown, directiveMarkdown, prose } from './docs';
import { snippetItems } from './snippets';
import { statementWords } from '../analysis/statement';
import { assignComposite, groupText, groupWords, statementStart } from './values';

export interface CompletionOptions {
  /** The client understands snippet syntax (`${1:x}`, `$0`). */
  snippetSupport: boolean;
  /** Offer the snippets of snippets/powermta.json (off when the editor contributes them itself). */
  snippets: boolean;
  /** The character that triggered the request, if any. */
  triggerCharacter?: string;
  /** Leave directive and block documentation to completionItem/resolve (smaller answers for big lists). */
  deferDocumentation?: boolean;
}

/** What completionItem/resolve needs to document an item later. */
interface ItemData {
  directive?: string;
  block?: string;
  scope?: string;
}

export const TRIGGER_CHARACTERS = [' ', '<', '/', '=', ',', '$'];

const DEFAULT_OPTIONS: CompletionOptions = { snippetSupport: true, snippets: true };
const EMPTY: CompletionList = { isIncomplete: false, items: [] };
const MAX_DOCUMENTED_NAMES = 200;
/**
 * Most names offered at once. A 100k-line configuration defines thousands of virtual MTAs; sending
 * them all costs tens of milliseconds per keystroke, so beyond this the server keeps the names that
 * contain what is typed (those that start with it first), or when none does the best fuzzy matches,
 * and marks the list incomplete: the editor asks again as the user types on.
 */
export const MAX_NAME_ITEMS = 200;

export function completion(analysis: Analysis, position: Position, options: CompletionOptions = DEFAULT_OPTIONS, catalog: Catalog = getCatalog()): CompletionList {
  const doc = analysis.doc;
  const p = clampPosition(doc, position);
  if (!p) return EMPTY;
  const { line, character: ch } = p;
  const info = doc.info(line);
  if (info.kind === LineKind.Template || info.kind === LineKind.ConflictMarker) return EMPTY;
  if (info.comment && ch > info.comment.start) return EMPTY;
  const text = doc.line(line);
  const before = text.slice(0, ch);
  const lead = /^[\s\uFEFF]*/.exec(before)![0].length;
  const typed = before.slice(lead);
  const ctx: Ctx = { analysis, catalog, options, line, ch };

  // A line that continues the comma list of the directive above.
  if (info.continued && typed[0] !== '<') {
    const head = statementStart(doc, line - 1);
    if (doc.info(head).kind !== LineKind.Directive) return EMPTY;
    return list(ctx, valueItems(ctx, head));
  }
  if (typed.startsWith('</')) return list(ctx, closeTagItems(ctx, lead));
  if (typed.startsWith('<')) {
    // The argument starts after the blanks, so the blanks are read once: with `(\s+)([^>]*)` a tag
    // holding `>` after a long run of blanks was tried at every split of the run (quadratic).
    const m = /^<([^\s>]*)(\s+)([^\s>][^>]*|)$/.exec(typed);
    if (m) return list(ctx, tagArgItems(ctx, m[1], m[3]));
    if (typed.includes('>')) return EMPTY;
    return list(ctx, nameItems(ctx, lead, true));
  }
  if (!/\s/.test(typed)) {
    if (options.triggerCharacter === ' ' || options.triggerCharacter === '=' || options.triggerCharacter === ',') return EMPTY;
    if (typed.startsWith('/')) return EMPTY;
    return list(ctx, nameItems(ctx, lead, false));
  }
  if (info.kind !== LineKind.Directive) return EMPTY;
  return list(ctx, valueItems(ctx, line));
}

interface Ctx {
  analysis: Analysis;
  catalog: Catalog;
  options: CompletionOptions;
  line: number;
  ch: number;
  /** The directive whose value is being completed, and the line it starts on. */
  directive?: { name: string; line: number };
  /** Set when names were left out (see MAX_NAME_ITEMS). */
  incomplete?: boolean;
}

function list(ctx: Ctx, items: CompletionItem[]): CompletionList {
  return { isIncomplete: ctx.incomplete === true, items };
}

function markdown(value: string) {
  return { kind: MarkupKind.Markdown, value };
}

// ---- start of a line: directive names, block tags, snippets ----------------------------------

function rank(entry: DirectiveEntry | BlockEntry): string {
  if (entry.provenance === 'guide-dialect') return '4';
  if (entry.deprecated) return '3';
  return '1';
}

/** Escapes text for a snippet choice or placeholder. */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}|,]/g, (c) => '\\' + c);
}

function directiveInsert(entry: DirectiveEntry, snippets: boolean, restOfLine: boolean): { text: string; snippet: boolean } {
  if (restOfLine || !entry.value) return { text: entry.name, snippet: false };
  const v = entry.value;
  if (snippets && v.type === 'bool') return { text: `${entry.name} \${1|yes,no|}`, snippet: true };
  if (snippets && v.type === 'enum' && v.keywords?.length && !v.alternatives?.length) {
    return { text: `${entry.name} \${1|${v.keywords.map(escapeSnippet).join(',')}|}`, snippet: true };
  }
  return { text: entry.name + ' ', snippet: false };
}

function directiveDetail(entry: DirectiveEntry): string {
  if (entry.provenance === 'guide-dialect') return `guide dialect · documented form: ${entry.equivalent ?? 'none'}`;
  if (entry.deprecated) return `${entry.deprecated === 'invalid' ? 'no longer valid' : 'deprecated'}${entry.replacement ? ` · use ${entry.replacement}` : ''}`;
  return entry.syntax ?? entry.name;
}

function directiveItem(entry: DirectiveEntry, r: Range, options: CompletionOptions, restOfLine: boolean, scope: string): CompletionItem {
  const insert = directiveInsert(entry, options.snippetSupport, restOfLine);
  return {
    label: entry.name,
    kind: CompletionItemKind.Property,
    detail: directiveDetail(entry),
    documentation: options.deferDocumentation ? undefined : markdown(directiveMarkdown(entry, false)),
    data: options.deferDocumentation ? ({ directive: entry.name, scope } satisfies ItemData) : undefined,
    tags: entry.deprecated ? [CompletionItemTag.Deprecated] : undefined,
    sortText: rank(entry) + entry.name,
    filterText: entry.name,
    insertTextFormat: insert.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: r, newText: insert.text },
  };
}

function blockInsert(entry: BlockEntry, snippets: boolean, restOfLine: boolean): { text: string; snippet: boolean } {
  if (restOfLine) return { text: `<${entry.name}`, snippet: false };
  const arg = entry.arg;
  if (!snippets) return { text: arg ? `<${entry.name} ` : `<${entry.name}>`, snippet: false };
  const argText = arg ? (arg.optional ? '$1' : ` \${1:${escapeSnippet(arg.label ?? 'ARG')}}`) : '';
  return { text: `<${entry.name}${argText}>\n\t$0\n</${entry.name}>`, snippet: true };
}

function blockItem(entry: BlockEntry, r: Range, typedBracket: boolean, options: CompletionOptions, restOfLine: boolean): CompletionItem {
  const insert = blockInsert(entry, options.snippetSupport, restOfLine);
  return {
    label: `<${entry.name}>`,
    kind: CompletionItemKind.Module,
    detail: entry.provenance === 'guide-dialect' ? `guide dialect · ${entry.equivalent ?? ''}` : `block${entry.arg ? ' ' + (entry.arg.label ?? '') : ''}`,
    documentation: options.deferDocumentation ? undefined : markdown(blockMarkdown(entry, false)),
    data: options.deferDocumentation ? ({ block: entry.name } satisfies ItemData) : undefined,
    tags: entry.deprecated ? [CompletionItemTag.Deprecated] : undefined,
    sortText: rank(entry) + entry.name,
    filterText: typedBracket ? `<${entry.name}` : entry.name,
    insertTextFormat: insert.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    insertTextMode: InsertTextMode.adjustIndentation,
    textEdit: { range: r, newText: insert.text },
  };
}

function nameItems(ctx: Ctx, lead: number, typedBracket: boolean): CompletionItem[] {
  const { analysis, catalog, options, line } = ctx;
  const text = analysis.doc.line(line);
  let end = lead;
  while (end < text.length && !/[\s#]/.test(text[end])) end++;
  const r = range(line, lead, end);
  const restOfLine = text.slice(end).replace(/#.*/, '').trim().length > 0 || (typedBracket && text.slice(end).includes('>'));
  const scope = scopeAt(analysis.doc, line);
  const items: CompletionItem[] = [];
  if (!typedBracket) {
    const setAt = settingLines(analysis, line);
    for (const d of uniqueByName(catalog.directivesIn(scope))) {
      const item = directiveItem(d, r, options, restOfLine, scope);
      const other = d.repeatable ? undefined : setAt.get(d.name);
      if (other !== undefined) {
        // Already set in this block: a second line would be reported as a duplicate. Offered last.
        item.sortText = '5' + d.name;
        item.detail = `already set on line ${other + 1} · ${item.detail}`;
      }
      items.push(item);
    }
  }
  for (const b of catalog.blocksIn(scope)) items.push(blockItem(b, r, typedBracket, options, restOfLine));
  if (!typedBracket && options.snippets && !restOfLine) items.push(...snippetItems(catalog, scope, r, options.snippetSupport));
  return items;
}

/** completionItem/resolve: adds the documentation left out by `deferDocumentation`. */
export function resolveCompletion(item: CompletionItem, catalog: Catalog = getCatalog()): CompletionItem {
  const data = item.data as ItemData | undefined;
  // The editor sends back the item as it got it; anything else is returned untouched.
  if (!data || typeof data !== 'object' || item.documentation) return item;
  if (typeof data.directive === 'string') {
    const entry = catalog.directive(data.directive, typeof data.scope === 'string' ? data.scope : undefined);
    if (entry) return { ...item, documentation: markdown(directiveMarkdown(entry, false)) };
  }
  if (typeof data.block === 'string') {
    const entry = catalog.block(data.block);
    if (entry) return { ...item, documentation: markdown(blockMarkdown(entry, false)) };
  }
  return item;
}

/** The line of each directive set in the block holding `line`, other than on `line` itself. */
function settingLines(analysis: Analysis, line: number): Map<string, number> {
  const out = new Map<string, number>();
  const block = analysis.structure.blockOfLine[line];
  if (!block) return out;
  for (const s of analysis.settings.settings(block).list) if (s.line !== line && !out.has(s.name)) out.set(s.name, s.line);
  return out;
}

function uniqueByName(entries: readonly DirectiveEntry[]): DirectiveEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.name) && !!seen.add(e.name));
}

function closeTagItems(ctx: Ctx, lead: number): CompletionItem[] {
  const { analysis, line } = ctx;
  const frame = analysis.doc.stateBefore(line).frame;
  if (!frame) return [];
  const text = analysis.doc.line(line);
  let end = ctx.ch;
  while (end < text.length && /[\w-]/.test(text[end])) end++;
  if (text[end] === '>') end++;
  const label = `</${frame.tag}>`;
  return [{ label, kind: CompletionItemKind.Module, detail: `closes the block opened above`, filterText: `</${frame.tag}`, sortText: '0', textEdit: { range: range(line, lead, end), newText: label } }];
}

// ---- inside a tag: `<domain $macro>`, `<source {auth}>` --------------------------------------

function tagArgItems(ctx: Ctx, tagName: string, partial: string): CompletionItem[] {
  const block = ctx.catalog.block(tagName);
  if (!block?.arg) return [];
  const macro = /\$([A-Za-z0-9_]*)$/.exec(partial);
  if (macro) return macroItems(ctx, ctx.ch - macro[1].length);
  const word = partial.slice(endRunStart(partial, (c) => !isWhitespace(c)));
  const r = range(ctx.line, ctx.ch - word.length, ctx.ch);
  return (block.arg.keywords ?? []).map((k) => keywordItem(ctx.catalog, k, r));
}

function macroItems(ctx: Ctx, start: number): CompletionItem[] {
  const { analysis, line, ch } = ctx;
  const text = analysis.doc.line(line);
  let end = ch;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end++;
  return namesOf(ctx, ['macro'], range(line, start, end));
}

// ---- values -----------------------------------------------------------------------------------

const keywordDocs = new WeakMap<Catalog, Map<string, KeywordEntry | undefined>>();

function keywordEntry(catalog: Catalog, keyword: string): KeywordEntry | undefined {
  let map = keywordDocs.get(catalog);
  if (!map) keywordDocs.set(catalog, (map = new Map()));
  if (!map.has(keyword)) map.set(keyword, catalog.keyword(keyword));
  return map.get(keyword);
}

function keywordItem(catalog: Catalog, keyword: string, r: Range, sort = '1'): CompletionItem {
  const entry = keywordEntry(catalog, keyword);
  return {
    label: keyword,
    kind: CompletionItemKind.EnumMember,
    documentation: entry ? markdown(prose(entry.doc)) : undefined,
    sortText: sort + keyword,
    filterText: keyword,
    textEdit: { range: r, newText: keyword },
  };
}

/** Distinct definitions of some kinds, with their lower-cased names and a fuzzy-search snapshot, per symbol index (it outlives edits that do not touch names). */
const nameCandidates = new WeakMap<SymbolIndex, Map<string, { defs: SymbolDef[]; lower?: string[]; snapshot?: SnapshotKey<SymbolDef> }>>();

function candidatesOf(symbols: SymbolIndex, kinds: readonly SymbolKind[]) {
  let byKinds = nameCandidates.get(symbols);
  if (!byKinds) nameCandidates.set(symbols, (byKinds = new Map()));
  const key = kinds.join(' ');
  let entry = byKinds.get(key);
  if (!entry) {
    const seen = new Set<string>();
    const defs = kinds.flatMap((k) => symbols.all(k)).filter((d) => !seen.has(d.name) && !!seen.add(d.name));
    byKinds.set(key, (entry = { defs }));
  }
  return entry;
}

function namesOf(ctx: Ctx, kinds: readonly SymbolKind[], r: Range): CompletionItem[] {
  const { analysis } = ctx;
  const candidates = candidatesOf(analysis.symbols, kinds);
  let defs = candidates.defs;
  if (defs.length > MAX_NAME_ITEMS) {
    ctx.incomplete = true;
    const typed = analysis.doc.line(ctx.line).slice(r.start.character, Math.max(r.start.character, ctx.ch));
    if (typed) {
      const containing = namesContaining(candidates, typed.toLowerCase());
      if (containing.length > 0) defs = containing;
      else {
        // A typo or an abbreviation: fuzzy matching (thousands of names take milliseconds, and tens the first time).
        candidates.snapshot ??= fuzzysort.snapshot(defs, { key: 'name' });
        defs = fuzzysort.go(typed, candidates.snapshot, { limit: MAX_NAME_ITEMS, threshold: 0 }).map((m) => m.obj);
      }
    } else defs = defs.slice(0, MAX_NAME_ITEMS);
  }
  const at = ctx.directive;
  const block = at && analysis.structure.blockOfLine[at.line];
  if (at && block) defs = defs.filter((d) => !isColdVmtaSelf(at.name, block, d.name));
  const ranked = ctx.incomplete === true;
  const documented = !ranked && defs.length <= MAX_DOCUMENTED_NAMES;
  return defs.map((d, i) => {
    const late = definedTooLate(ctx, d);
    return {
      label: d.name,
      kind: d.kind === 'macro' ? CompletionItemKind.Constant : CompletionItemKind.Reference,
      detail: late ? `defined below (line ${d.line + 1}): move the list above this block · ${definitionDetail(d)}` : definitionDetail(d),
      documentation: documented ? markdown(definitionMarkdown(analysis, [d], d.name)) : undefined,
      sortText: (late ? '1' : '0') + (ranked ? String(i).padStart(4, '0') : d.name),
      filterText: d.name,
      textEdit: { range: r, newText: d.name },
    };
  });
}

/**
 * A name defined below the line being completed, in the same file, where the directive needs it
 * defined first (`define-before-use`): offered last, with a note, rather than hidden.
 */
function definedTooLate(ctx: Ctx, d: SymbolDef): boolean {
  return !!ctx.directive && mustBeDefinedFirst(ctx.directive.name) && inFile(ctx.analysis, d) && d.line > ctx.directive.line;
}

/**
 * At most MAX_NAME_ITEMS definitions whose name contains `typed` (lower case), ignoring case: those
 * that start with it first, then by where it occurs, shorter names first, then by name.
 */
function namesContaining(candidates: { defs: SymbolDef[]; lower?: string[] }, typed: string): SymbolDef[] {
  const lower = (candidates.lower ??= candidates.defs.map((d) => d.name.toLowerCase()));
  const found: { def: SymbolDef; at: number }[] = [];
  for (let i = 0; i < lower.length; i++) {
    const at = lower[i].indexOf(typed);
    if (at >= 0) found.push({ def: candidates.defs[i], at });
  }
  found.sort((a, b) => a.at - b.at || a.def.name.length - b.def.name.length || (a.def.name < b.def.name ? -1 : a.def.name > b.def.name ? 1 : 0));
  return found.slice(0, MAX_NAME_ITEMS).map((f) => f.def);
}

/** Candidates for the value piece being typed, given the spec it fills. */
function specItems(ctx: Ctx, spec: ValueSpec, prefix: string, start: number, end: number): CompletionItem[] {
  if (spec.type === 'list' && spec.item) return specItems(ctx, spec.item, prefix, start, end);
  const r = range(ctx.line, start, end);
  const out: CompletionItem[] = [];
  const lower = prefix.toLowerCase();
  for (const s of [spec, ...(spec.alternatives ?? [])]) {
    if (!s.prefix) continue;
    if (lower.startsWith(s.prefix)) {
      const inner: ValueSpec = { ...s, prefix: undefined, alternatives: undefined };
      return specItems(ctx, inner, prefix.slice(s.prefix.length), start + s.prefix.length, end);
    }
  }
  if (spec.prefix) return [keywordItem(ctx.catalog, spec.prefix, r)];
  for (const k of spec.keywords ?? []) out.push(keywordItem(ctx.catalog, k, r));
  for (const alt of spec.alternatives ?? []) {
    if (alt.prefix) out.push(keywordItem(ctx.catalog, alt.prefix, r));
    else out.push(...specItems(ctx, alt, prefix, start, end));
  }
  switch (spec.type) {
    case 'bool':
      out.push(keywordItem(ctx.catalog, 'yes', r, '0'), keywordItem(ctx.catalog, 'no', r, '0'), keywordItem(ctx.catalog, 'true', r, '2'), keywordItem(ctx.catalog, 'false', r, '2'));
      break;
    case 'duration-or-never':
      if (!spec.keywords?.includes('never')) out.push(keywordItem(ctx.catalog, 'never', r));
      break;
    case 'name-ref':
      if (spec.refs) out.push(...namesOf(ctx, spec.refs, r));
      break;
  }
  return out;
}

/** The specs the next argument may fill, given the arguments before it. */
function candidateSpecs(spec: ValueSpec | undefined, previous: readonly string[], current: string): ValueSpec[] {
  if (!spec) return [];
  if (spec.type === 'composite' && spec.args) {
    const args = spec.args;
    if (spec.separator === ',') {
      const commas = [...previous, current].join(',').split(',').length - 1;
      return [args[Math.min(commas, args.length - 1)]];
    }
    const { next } = assignComposite(args, previous);
    const out: ValueSpec[] = [];
    for (let s = next; s < args.length; s++) {
      out.push(args[s]);
      if (!args[s].optional) break;
    }
    if (next >= args.length && args[args.length - 1]?.rest) out.push(args[args.length - 1]);
    return out;
  }
  return previous.length === 0 ? [spec] : [];
}

const CATEGORY_KEYWORD_SCOPE = 'bounce-category-patterns';

function valueItems(ctx: Ctx, head: number): CompletionItem[] {
  const { analysis, catalog, line, ch } = ctx;
  const doc = analysis.doc;
  const headInfo = doc.info(head);
  const name = headInfo.name;
  if (!name) return [];
  const text = doc.line(line);
  const words = statementWords(doc, head).filter((lw) => lw.line < line || (lw.line === line && lw.w.start < ch));
  const lastWord = words[words.length - 1];
  const touching = lastWord && lastWord.line === line && lastWord.w.end >= ch ? lastWord.w : undefined;
  if (touching && (touching.quoted || touching.regex)) return [];
  if (name.regex && name.end >= ch) return [];
  if (touching) words[words.length - 1] = { line, w: { ...touching, text: touching.text.slice(0, ch - touching.start), end: ch } as Word };
  const groups = groupWords(words);
  const texts = groups.map(groupText);
  let index = groups.length;
  if (touching || (texts.length && texts[texts.length - 1].endsWith(','))) index = groups.length - 1;
  const current = index < texts.length ? texts[index] : '';
  const itemPrefix = touching ? touching.text.slice(0, ch - touching.start).split(',').pop()! : '';
  const start = ch - itemPrefix.length;
  let end = ch;
  while (end < text.length && !/[\s,#]/.test(text[end])) end++;

  const macro = /\$([A-Za-z0-9_]*)$/.exec(itemPrefix);
  if (macro) return macroItems(ctx, ch - macro[1].length);

  if (name.regex) {
    // `/regex/ category` inside <bounce-category-patterns>.
    if (scopeAt(doc, head) !== CATEGORY_KEYWORD_SCOPE || index > 0) return [];
    const categories = catalog.keywords.find((k) => k.usedIn.includes(CATEGORY_KEYWORD_SCOPE));
    return (categories?.name.split('|') ?? []).map((c) => keywordItem(catalog, c, range(line, start, end)));
  }
  const scope = scopeAt(doc, head);
  const entry = catalog.directive(name.text, scope);
  if (!entry?.value) return [];
  ctx.directive = { name: entry.name, line: head };
  const items: CompletionItem[] = [];
  for (const spec of candidateSpecs(entry.value, texts.slice(0, index), current)) items.push(...specItems(ctx, spec, itemPrefix, start, end));
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.label) && !!seen.add(i.label));
}
