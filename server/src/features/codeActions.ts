/**
 * Quick fixes, keyed by diagnostic code and the finding's `data`: did-you-mean replacements,
 * the missing close tag, removing `;`, lower-casing names, mechanical replacements of deprecated
 * and guide-dialect names (including moving `backoff-trigger-pattern` rules into an
 * `<smtp-pattern-list>`), generic `data.fix` edits, creating a missing virtual MTA, attaching an
 * unused `<smtp-pattern-list>` to `<domain *>`, resolving a merge conflict (`conflictFixes.ts`), and
 * a suppression comment for any diagnostic.
 */
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { isCode } from '../analysis/codes';
import { type Conflict, conflictAt, findConflicts } from '../analysis/conflictMarkers';
import { decodeHtmlEntities, isHtmlEscapedTag } from '../analysis/htmlEscapedTags';
import { scriptLine } from '../analysis/shellScriptLines';
import { SUPPRESSION_COMMENT, suppressedCodes } from '../analysis/suppression';
import { endRunStart, isSpaceOrTab, isWhitespace } from '../endRun';
import { type FixEdit, indentOf } from '../analysis/rules/fixes';
import type { Finding } from '../analysis/types';
import { type Catalog, getCatalog } from '../catalog/catalog';
import type { DirectiveEntry, SymbolKind, ValueSpec } from '../catalog/types';
import type { BlockNode } from '../syntax/blocks';
import type { PmtaDocument } from '../syntax/document';
import { LineKind } from '../syntax/scanner';
import { blockOpenedAt, range, scopeAt } from './common';
import { conflictFixes } from './conflictFixes';
import type { FormatOptions } from './formatting';

export interface CodeActionOptions {
  /** Indentation used for lines the fixes insert. */
  format: FormatOptions;
  /** CodeActionContext.only: the kinds the client wants. */
  only?: string[];
}

const SOURCE = 'powermta';

/**
 * Deprecated names whose replacement is known to mean the same thing, with how the value is
 * carried over. The replacement name itself comes from the catalogue.
 */
export const MECHANICAL_DEPRECATIONS: Record<string, (value: string) => string | undefined> = {
  'delivery-priority': (v) => v,
  '421-means-mx-unavailable': (v) => v,
  'max-msg-per-hour': (v) => (/^\d+$/.test(v) ? `${v}/h` : undefined),
  'backoff-max-msg-per-hour': (v) => (/^\d+$/.test(v) ? `${v}/h` : undefined),
};

interface Ctx {
  analysis: Analysis;
  uri: string;
  catalog: Catalog;
  options: CodeActionOptions;
  /** The document's merge conflicts, found once per request when a marker's fixes are asked for. */
  conflicts?: Conflict[];
  /** The edits that decode every tag line escaped for HTML, made once per request. */
  escapedTags?: TextEdit[];
  /** The edits that leave what PowerMTA should read of every line of an install script, made once per request. */
  scriptLines?: TextEdit[];
  /**
   * The actions over the whole file already offered in this request: each once, with the first
   * diagnostic it serves (a request over the whole text with a thousand diagnostics would
   * otherwise carry the same thousands of edits a thousand times).
   */
  wholeFileOffered: Set<string>;
}

export function codeActions(
  analysis: Analysis,
  uri: string,
  diagnostics: readonly Diagnostic[],
  options: CodeActionOptions,
  catalog: Catalog = getCatalog(),
): CodeAction[] {
  if (options.only && !options.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.Empty)) return [];
  const ctx: Ctx = { analysis, uri, catalog, options, wholeFileOffered: new Set() };
  const out: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== undefined && d.source !== SOURCE) continue;
    const code = typeof d.code === 'string' ? d.code : undefined;
    if (!code || !isCode(code)) continue;
    const f = findingFor(analysis, d, code);
    out.push(...fixesFor(ctx, f, d));
    suppressions.push(...suppress(ctx, f, d));
  }
  return [...out, ...suppressions];
}

/** The current finding behind a diagnostic (its `data` is fresher than what the client echoes back). */
function findingFor(analysis: Analysis, d: Diagnostic, code: string): Finding {
  const hit = analysis.findings.find((f) => f.code === code && f.line === d.range.start.line && f.start === d.range.start.character);
  if (hit) return hit;
  return {
    code: code as Finding['code'],
    message: typeof d.message === 'string' ? d.message : d.message.value,
    line: d.range.start.line,
    start: d.range.start.character,
    end: d.range.end.character,
    endLine: d.range.end.line,
    data: (d.data as Record<string, unknown> | undefined) ?? undefined,
  };
}

function action(ctx: Ctx, title: string, d: Diagnostic, edits: TextEdit[], preferred = false): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred || undefined, edit: { changes: { [ctx.uri]: edits } } };
}

function replace(line: number, start: number, end: number, newText: string): TextEdit {
  return { range: range(line, start, end), newText };
}

/** Inserts whole lines before `line` (at the end of the document when `line` is past it). */
function insertLines(ctx: Ctx, line: number, lines: string[]): TextEdit {
  const doc = ctx.analysis.doc;
  if (line >= doc.lineCount) {
    const last = doc.lineCount - 1;
    const lastText = doc.line(last);
    const lead = lastText.length ? '\n' : '';
    return { range: range(last, lastText.length, lastText.length), newText: lead + lines.join('\n') + (lastText.length ? '' : '\n') };
  }
  return { range: range(line, 0, 0), newText: lines.map((l) => l + '\n').join('') };
}

/** A comma list of domains written alone on a line (`orange.fr,wanadoo.fr`): no directive name. */
const DOMAIN_LIST_LINE = /^[\w*[\].-]+\.[\w-]+(?:[ \t]*,[ \t]*[\w*[\].-]+)*$/;

/**
 * `domain-macro NAME` with no list, and the list alone on the next line (a generator's habit): a
 * list continues on the next line only after a trailing comma, so the next line reads as an
 * unknown directive. The fix joins it to the macro line. Not when a comment ends either line, nor
 * when the list ends with a comma (joined, it would take in the line after it).
 */
function joinListBelow(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction | undefined {
  const doc = ctx.analysis.doc;
  if (f.line + 1 >= doc.lineCount) return undefined;
  const info = doc.info(f.line);
  if (info.kind !== LineKind.Directive || info.name?.text.toLowerCase() !== 'domain-macro' || info.words.length !== 1 || info.comment) return undefined;
  const next = doc.info(f.line + 1);
  if (next.kind !== LineKind.Directive || next.comment || !DOMAIN_LIST_LINE.test(next.text.slice(next.indent, next.contentEnd))) return undefined;
  const edit: TextEdit = { range: range(f.line, info.contentEnd, next.indent, f.line + 1), newText: ' ' };
  return action(ctx, `Join the domain list on line ${f.line + 2} to \`domain-macro ${info.words[0].text}\``, d, [edit], true);
}

function deleteLine(ctx: Ctx, line: number): TextEdit {
  const doc = ctx.analysis.doc;
  if (line + 1 < doc.lineCount) return { range: range(line, 0, 0, line + 1), newText: '' };
  if (line === 0) return { range: range(0, 0, doc.line(0).length), newText: '' };
  return { range: range(line - 1, doc.line(line - 1).length, doc.line(line).length, line), newText: '' };
}

function unit(ctx: Ctx): string {
  const f = ctx.options.format;
  return f.useTabs ? '\t' : ' '.repeat(f.indent || 4);
}

function leading(ctx: Ctx, line: number): string {
  return indentOf(ctx.analysis.doc, line);
}

function fixesFor(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction[] {
  const out: CodeAction[] = [];
  const data = f.data ?? {};
  const suggestion = typeof data.suggestion === 'string' ? data.suggestion : undefined;
  switch (f.code) {
    case 'unknown-directive':
    case 'undefined-reference':
    case 'reference-case-mismatch':
      if (suggestion) out.push(action(ctx, `Change to \`${suggestion}\``, d, [replace(f.line, f.start, f.end, suggestion)], true));
      if (f.code === 'undefined-reference') {
        const create = createVirtualMta(ctx, f, d);
        if (create) out.push(create);
      }
      break;
    case 'unknown-block':
      if (suggestion) out.push(action(ctx, `Change to \`<${suggestion}>\``, d, renameTag(ctx, f, suggestion), true));
      break;
    case 'non-canonical-case': {
      const replacement = typeof data.replacement === 'string' ? data.replacement : undefined;
      if (replacement) out.push(action(ctx, `Write \`${replacement}\` in lower case`, d, renameTag(ctx, f, replacement), true));
      break;
    }
    case 'malformed-tag': {
      // A tag with a name but no `>`: add it where the content ends (before a comment).
      const info = ctx.analysis.doc.info(f.line);
      if (info.tagUnterminated && info.tag?.text && f.start === info.indent) {
        out.push(action(ctx, 'Add `>`', d, [replace(f.line, info.contentEnd, info.contentEnd, '>')], true));
      }
      break;
    }
    case 'unused-pattern-list': {
      const fix = attachToDefaultDomain(ctx, f, d);
      if (fix) out.push(fix);
      break;
    }
    case 'missing-value': {
      const fix = joinListBelow(ctx, f, d);
      if (fix) out.push(fix);
      break;
    }
    case 'unclosed-block': {
      const fix = closeTag(ctx, f, d);
      if (fix) out.push(fix);
      break;
    }
    case 'foreign-syntax':
      out.push(...foreignSyntax(ctx, f, d));
      break;
    case 'deprecated-directive': {
      const fix = deprecatedFix(ctx, f, d);
      if (fix) out.push(fix);
      break;
    }
    case 'guide-dialect':
      out.push(...guideDialect(ctx, f, d));
      break;
    case 'merge-conflict-marker': {
      ctx.conflicts ??= findConflicts(ctx.analysis.doc);
      const conflict = conflictAt(ctx.conflicts, f.line);
      if (conflict) for (const fix of conflictFixes(ctx.analysis.doc, conflict)) out.push(action(ctx, fix.title, d, [fix.edit]));
      break;
    }
  }
  const fix = data.fix as { title?: unknown; edits?: unknown } | undefined;
  if (fix && typeof fix.title === 'string' && Array.isArray(fix.edits)) {
    const edits = fix.edits
      .filter((e): e is { line: number; start: number; end: number; endLine?: number; newText: string } => typeof e?.line === 'number' && typeof e.newText === 'string')
      .map((e) => ({ range: range(e.line, e.start, e.end, e.endLine ?? e.line), newText: e.newText }));
    if (edits.length) out.push(action(ctx, fix.title, d, edits, true));
  }
  return out;
}

/** Replaces a name at the finding; on an open tag, the matching close tag too. */
function renameTag(ctx: Ctx, f: Finding, name: string): TextEdit[] {
  const edits = [replace(f.line, f.start, f.end, name)];
  const info = ctx.analysis.doc.info(f.line);
  if (info.kind === LineKind.Open) {
    const block = blockOpenedAt(ctx.analysis, f.line);
    const close = block && block.closeLine >= 0 ? ctx.analysis.doc.info(block.closeLine).tag : undefined;
    if (close && close.text !== name) edits.push(replace(block!.closeLine, close.start, close.end, name));
  }
  return edits;
}

/**
 * Whether a name can be written into a new line and read back as itself: one with a blank
 * (`<smtp-pattern-list c\tommon-errors>`) is not one argument, and `#`, `<`, `>` or `{` end or
 * change it.
 */
function writableName(name: string): boolean {
  return !/[\s<>#{]/.test(name);
}

/**
 * An unused `<smtp-pattern-list NAME>`: `smtp-pattern-list NAME` put at the end of the file's
 * top-level `<domain *>` (every queue without a block of its own), indented like its settings.
 */
function attachToDefaultDomain(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction | undefined {
  const name = f.data?.name;
  if (f.data?.kind !== 'smtp-pattern-list' || typeof name !== 'string' || !writableName(name)) return undefined;
  const root = ctx.analysis.structure.root;
  const block = root.children.find((b) => b.tag === 'domain' && b.arg === '*' && b.closedBy === 'tag');
  if (!block) return undefined;
  const indent = block.lines.length ? leading(ctx, block.lines[0]) : leading(ctx, block.openLine) + unit(ctx);
  return action(ctx, `Use it for every queue: \`smtp-pattern-list ${name}\` in \`<domain *>\` (line ${block.openLine + 1})`, d, [insertLines(ctx, block.closeLine, [`${indent}smtp-pattern-list ${name}`])], true);
}

function closeTag(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction | undefined {
  const tag = f.data?.tag;
  const insertLine = f.data?.insertLine;
  if (typeof tag !== 'string' || typeof insertLine !== 'number') return undefined;
  const doc = ctx.analysis.doc;
  let at = Math.min(insertLine, doc.lineCount);
  // Keep blank lines that end the block below the new close tag.
  while (at - 1 > f.line && at - 1 < doc.lineCount && doc.info(at - 1).kind === LineKind.Blank) at--;
  return action(ctx, `Insert \`</${tag}>\``, d, [insertLines(ctx, at, [leading(ctx, f.line) + `</${tag}>`])], true);
}

function foreignSyntax(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction[] {
  const out: CodeAction[] = [];
  const info = ctx.analysis.doc.info(f.line);
  if (info.name && isHtmlEscapedTag(info.name.text)) {
    if (!firstOffer(ctx, 'escaped-tags')) return out;
    ctx.escapedTags ??= escapedTagEdits(ctx.analysis.doc);
    const n = ctx.escapedTags.length;
    out.push(action(ctx, `Write the characters the HTML entities stand for (${n} tag ${n === 1 ? 'line' : 'lines'})`, d, ctx.escapedTags, true));
    return out;
  }
  if (info.name && ctx.catalog.directiveRows(info.name.text).length === 0 && scriptLine(info)?.edit) {
    // A script's lines fixed one by one leave blocks half-written (`echo "<domain x>"` before its
    // `echo "</domain>"`): all at once as well.
    if (!firstOffer(ctx, 'script-lines')) return out;
    ctx.scriptLines ??= scriptLineEdits(ctx);
    const n = ctx.scriptLines.length;
    if (n > 1) out.push(action(ctx, `Clean up all ${n} lines of the install script (write what each echo writes, delete the here-document lines)`, d, ctx.scriptLines));
    return out;
  }
  const content = info.text.slice(info.indent, info.contentEnd);
  const m = /^([A-Za-z][\w.-]*)\s*=\s*(\S(?:.*\S)?)$/.exec(content.replace(/;\s*$/, ''));
  if (m && ctx.catalog.directiveRows(m[1]).length > 0) {
    const fixed = `${m[1]} ${m[2]}`;
    out.push(action(ctx, `Rewrite as \`${fixed}\``, d, [replace(f.line, info.indent, info.contentEnd, fixed)], true));
  }
  const semi = f.data?.semicolon as { start?: unknown; end?: unknown } | undefined;
  if (semi && typeof semi.start === 'number' && typeof semi.end === 'number') {
    out.push(action(ctx, 'Remove the `;`', d, [replace(f.line, semi.start, semi.end, '')], !m));
  }
  return out;
}

/** Whether the whole-file action `kind` is not yet offered in this request (and is now). */
function firstOffer(ctx: Ctx, kind: string): boolean {
  if (ctx.wholeFileOffered.has(kind)) return false;
  ctx.wholeFileOffered.add(kind);
  return true;
}

/**
 * The fixes of every line of an install script in the document (shellScriptLines.ts) that the
 * analysis reports as one, as one list of edits.
 */
function scriptLineEdits(ctx: Ctx): TextEdit[] {
  const out: TextEdit[] = [];
  const doc = ctx.analysis.doc;
  for (let i = 0; i < doc.lineCount; i++) {
    const info = doc.info(i);
    if (info.kind !== LineKind.Directive || !info.name || !scriptLine(info) || ctx.catalog.directiveRows(info.name.text).length > 0) continue;
    const fix = ctx.analysis.facts(i).findings.find((f) => f.code === 'foreign-syntax')?.data?.fix as { edits?: FixEdit[] } | undefined;
    for (const e of fix?.edits ?? []) out.push(replace(e.line, e.start, e.end, e.newText));
  }
  return out;
}

/** One edit per tag line of the document escaped for HTML, decoding its content (a comment stays as written). */
function escapedTagEdits(doc: PmtaDocument): TextEdit[] {
  const out: TextEdit[] = [];
  for (let i = 0; i < doc.lineCount; i++) {
    const info = doc.info(i);
    if (info.kind !== LineKind.Directive || !info.name || !isHtmlEscapedTag(info.name.text)) continue;
    out.push(replace(i, 0, info.contentEnd, decodeHtmlEntities(info.text.slice(0, info.contentEnd))));
  }
  return out;
}

function deprecatedFix(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction | undefined {
  const info = ctx.analysis.doc.info(f.line);
  const entry = ctx.analysis.facts(f.line).entry;
  const convert = entry && MECHANICAL_DEPRECATIONS[entry.name];
  if (!entry || !convert || !entry.replacement || !info.name) return undefined;
  if (!ctx.catalog.allows(scopeAt(ctx.analysis.doc, f.line), entry.replacement)) return undefined;
  const args = ctx.analysis.facts(f.line).args ?? [];
  if (args.length !== 1 || args[0].line !== f.line) return undefined;
  const value = convert(args[0].text);
  if (value === undefined) return undefined;
  return action(ctx, `Replace with \`${entry.replacement} ${value}\``, d, [
    replace(f.line, info.name.start, info.name.end, entry.replacement),
    replace(f.line, args[0].start, args[0].end, value),
  ]);
}

/** A guide-dialect directive can be renamed when its documented replacement takes the same kind of value here. */
function valueCarriesOver(from: ValueSpec | undefined, to: ValueSpec | undefined): boolean {
  if (!from || !to) return false;
  if (from.type === to.type) return true;
  return from.type === 'duration' && (to.type === 'duration-list' || to.type === 'duration-or-never');
}

function guideDialect(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction[] {
  const data = f.data ?? {};
  if (typeof data.replacement === 'string') {
    return [action(ctx, `Replace with \`${data.replacement}\``, d, [replace(f.line, f.start, f.end, data.replacement)], true)];
  }
  const entry = ctx.analysis.facts(f.line).entry;
  if (!entry || entry.provenance !== 'guide-dialect') return [];
  if (entry.name === 'backoff-trigger-pattern') {
    const fix = triggerPatternToList(ctx, f, d);
    return fix ? [fix] : [];
  }
  const scope = scopeAt(ctx.analysis.doc, f.line);
  const target = entry.replacement ? ctx.catalog.directive(entry.replacement, scope) : undefined;
  if (!target || target.provenance === 'guide-dialect' || !target.scopes.includes(scope) || !valueCarriesOver(entry.value, target.value)) return [];
  return [action(ctx, `Replace with the documented \`${target.name}\``, d, [replace(f.line, f.start, f.end, target.name)], true)];
}

function topLevelBlock(block: BlockNode): BlockNode {
  let b = block;
  while (b.parent && b.parent.tag !== 'global') b = b.parent;
  return b;
}

function uniqueName(ctx: Ctx, kind: SymbolKind, base: string): string {
  let name = base;
  for (let k = 2; ctx.analysis.symbols.definitionsOf(kind, name).length > 0; k++) name = `${base}-${k}`;
  return name;
}

/**
 * `backoff-trigger-pattern /re/` lines of a `<domain>` become `reply /re/ mode=backoff` rules of
 * an `<smtp-pattern-list>`: the one the domain already uses, or a new list placed before the
 * top-level block and referenced from the domain.
 */
function triggerPatternToList(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction | undefined {
  const { analysis } = ctx;
  const doc = analysis.doc;
  const domain = analysis.structure.blockOfLine[f.line];
  if (!domain || domain.tag !== 'domain') return undefined;
  const triggers = domain.lines.filter((l) => {
    const facts = analysis.facts(l);
    const arg = facts.args?.[0];
    return facts.entry?.name === 'backoff-trigger-pattern' && facts.args?.length === 1 && arg?.regex && !arg.unterminated && !facts.findings.some((x) => x.code === 'invalid-regex');
  });
  if (!triggers.includes(f.line)) return undefined;
  const rules = triggers.map((l) => {
    const info = doc.info(l);
    const comment = info.comment ? ' ' + info.text.slice(info.comment.start).trimEnd() : '';
    return `reply ${analysis.facts(l).args![0].text} mode=backoff${comment}`;
  });
  const edits: TextEdit[] = [];
  const refLine = domain.lines.find((l) => analysis.entry(l)?.name === 'smtp-pattern-list');
  const listName = refLine !== undefined ? analysis.facts(refLine).args?.[0]?.text : undefined;
  let title: string;
  if (refLine !== undefined) {
    // The list must be in this file for the rules to move into it.
    const def = listName ? analysis.symbols.lookup(['smtp-pattern-list'], listName).find((x) => x.uri === analysis.uri) : undefined;
    const list = def ? blockOpenedAt(analysis, def.blockLine) : undefined;
    if (!list || list.closeLine < 0) return undefined;
    const indent = list.lines.length ? leading(ctx, list.lines[0]) : leading(ctx, list.openLine) + unit(ctx);
    edits.push(insertLines(ctx, list.closeLine, rules.map((r) => indent + r)));
    for (const l of triggers) edits.push(deleteLine(ctx, l));
    title = `Move ${triggers.length === 1 ? 'this rule' : `${triggers.length} backoff-trigger-pattern rules`} into <smtp-pattern-list ${listName}>`;
  } else {
    const kept = (domain.arg ?? '').replace(/[^A-Za-z0-9._-]+/g, '').replace(/^[.-]+/, '');
    const base = kept.slice(0, endRunStart(kept, (c) => c === 46 || c === 45)) || 'default';
    const name = uniqueName(ctx, 'smtp-pattern-list', `${base}-backoff`);
    const top = topLevelBlock(domain);
    const indent = leading(ctx, top.openLine);
    edits.push(insertLines(ctx, top.openLine, [`${indent}<smtp-pattern-list ${name}>`, ...rules.map((r) => indent + unit(ctx) + r), `${indent}</smtp-pattern-list>`, '']));
    const first = doc.info(triggers[0]);
    edits.push(replace(triggers[0], first.indent, doc.line(triggers[0]).length, `smtp-pattern-list ${name}`));
    for (const l of triggers.slice(1)) edits.push(deleteLine(ctx, l));
    title = `Move ${triggers.length === 1 ? 'this rule' : `${triggers.length} backoff-trigger-pattern rules`} into a new <smtp-pattern-list ${name}>`;
  }
  return action(ctx, title, d, edits, true);
}

/** `<virtual-mta NAME>` with a source-host line whose placeholders are reported until filled in. */
function createVirtualMta(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction | undefined {
  const kinds = f.data?.kinds;
  const name = typeof f.data?.name === 'string' ? f.data.name : undefined;
  if (!name || !Array.isArray(kinds) || !kinds.includes('virtual-mta') || !writableName(name)) return undefined;
  const { analysis } = ctx;
  const block = analysis.structure.blockOfLine[f.line];
  const at = block && block.tag !== 'global' ? topLevelBlock(block).openLine : f.line;
  const source = ctx.catalog.directive('smtp-source-host', 'virtual-mta') as DirectiveEntry | undefined;
  const labels = source?.value?.args?.map((a) => a.label ?? a.type.toUpperCase()) ?? ['IP-ADDRESS', 'HOST-NAME'];
  const indent = leading(ctx, at);
  const lines = [`${indent}<virtual-mta ${name}>`, `${indent}${unit(ctx)}smtp-source-host ${labels.join(' ')}`, `${indent}</virtual-mta>`, ''];
  return action(ctx, `Create virtual MTA \`${name}\``, d, [insertLines(ctx, at, lines)]);
}

// ---- suppression comments ------------------------------------------------------------------

const isListFiller = (c: number): boolean => c === 44 || isWhitespace(c);

/** Adds `code` to a `pmta-lint: KIND=…` comment on `line`, or returns undefined when there is none. */
function extendSuppression(ctx: Ctx, line: number, kind: string, code: string): TextEdit | 'covered' | undefined {
  const info = ctx.analysis.doc.info(line);
  if (!info.comment) return undefined;
  const comment = info.text.slice(info.comment.start);
  const m = SUPPRESSION_COMMENT.exec(comment);
  if (!m || m[1].toLowerCase() !== kind) return undefined;
  const codes = suppressedCodes(m[2]);
  // No list, or one that names no code, silences every code.
  if (codes.length === 0 || codes.includes(code)) return 'covered';
  // After the last code: the list's trailing blanks and commas stay after the appended one.
  const end = info.comment.start + m.index + m[0].length - (m[2].length - endRunStart(m[2], isListFiller));
  return { range: range(line, end, end), newText: ',' + code };
}

function suppress(ctx: Ctx, f: Finding, d: Diagnostic): CodeAction[] {
  const doc = ctx.analysis.doc;
  const out: CodeAction[] = [];
  const line = f.line;
  if (line < 0 || line >= doc.lineCount) return out;
  const info = doc.info(line);
  const code = f.code;

  // A comment line above; not above a continuation line, which would cut the list in two.
  if (info.kind !== LineKind.Continuation) {
    const above = line > 0 ? extendSuppression(ctx, line - 1, 'disable-next-line', code) : undefined;
    if (above !== 'covered') {
      const edit = above ?? insertLines(ctx, line, [`${leading(ctx, line)}# pmta-lint: disable-next-line=${code}`]);
      out.push(action(ctx, `Suppress \`${code}\` with a comment above this line`, d, [edit]));
    }
  }
  // A template line or a conflict marker is content to its end: a `#` there starts no comment.
  if (info.kind === LineKind.Template || info.kind === LineKind.ConflictMarker) return out;
  const same = extendSuppression(ctx, line, 'disable', code);
  if (same !== 'covered') {
    let edit = same;
    const text = doc.line(line);
    // Another pmta-lint comment on the line would swallow an appended one.
    if (!edit && info.comment && /pmta-lint:/i.test(text.slice(info.comment.start))) return out;
    if (!edit) {
      if (info.comment) edit = { range: range(line, text.length, text.length), newText: ` pmta-lint: disable=${code}` };
      else {
        const end = endRunStart(text, isSpaceOrTab);
        edit = { range: range(line, end, text.length), newText: `  # pmta-lint: disable=${code}` };
      }
    }
    out.push(action(ctx, `Suppress \`${code}\` on this line`, d, [edit]));
  }
  return out;
}

