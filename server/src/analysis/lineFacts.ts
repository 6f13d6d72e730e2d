import { distance } from 'fastest-levenshtein';
import { pushAll } from '../arrays';
import { flattenMessages } from './flatMessages';
import { isHtmlEscapedTag } from './htmlEscapedTags';
import { scriptLine } from './shellScriptLines';
import { endRunStart, isSpaceOrTab, isWhitespace } from '../endRun';
import { conflictMarkerFinding } from './conflictMarkers';
import { invisibleCharacterFindings } from './invisibleCharacters';
import { typographicCharacterFindings } from './typographicCharacters';
import { type Catalog, type DirectiveEntry, GLOBAL } from '../catalog/catalog';
import type { PmtaDocument } from '../syntax/document';
import { type LineInfo, LineKind } from '../syntax/scanner';
import { replaceFix } from './rules/fixes';
import { directiveArgs, lineArgs } from './statement';
import type { Arg, Finding, SymbolDef, SymbolRef } from './types';
import { checkArgs } from './values/check';
import { parseRange } from './values/network';
import { describeSpec } from './values/describe';
import { checkRegexBody, regexBody } from './values/regex';

/**
 * Everything the analysis learns from one line on its own (given the block it sits in): its
 * findings, the names it defines and the names it uses. Cached per line; see analyzer.ts.
 */
export interface LineFacts {
  findings: Finding[];
  defs: SymbolDef[];
  refs: SymbolRef[];
  /** The catalogue row that applies to a directive line. */
  entry?: DirectiveEntry;
  /** Logical arguments of a directive line (continuations included). */
  args?: Arg[];
}

const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * The facts of a line that says nothing checkable (blank, comment, a clean close tag): one shared,
 * frozen object, so most lines of a large file cost no memory here.
 */
export const EMPTY_FACTS: LineFacts = Object.freeze({ findings: NONE, defs: NONE, refs: NONE });

/**
 * How the analyzer stores the facts of a one-line directive (no comma list running on): without
 * its arguments, which are rebuilt from the line's scan when read (most never are), and, when the
 * line has no findings, definitions or references, as one object shared by every line with the
 * same text in the same kind of block (nothing in it then names a line). `factsAt` turns it back
 * into the ordinary LineFacts of one line.
 */
export class CompactFacts {
  constructor(
    readonly findings: Finding[],
    readonly defs: SymbolDef[],
    readonly refs: SymbolRef[],
    readonly entry: DirectiveEntry | undefined,
    readonly info: LineInfo,
  ) {}

  /** Nothing in it names a line: identical lines may store this same object. */
  get shareable(): boolean {
    return this.findings.length === 0 && this.defs.length === 0 && this.refs.length === 0;
  }

  /** Whether computed facts can be stored compactly (their arguments follow from the line alone). */
  static fits(facts: LineFacts, info: LineInfo): boolean {
    return facts.entry !== undefined && facts.args !== undefined && !info.trailingComma && info.kind === LineKind.Directive;
  }

  static of(facts: LineFacts, info: LineInfo): CompactFacts {
    return new CompactFacts(facts.findings, facts.defs, facts.refs, facts.entry, info);
  }
}

/**
 * The LineFacts of one line stored as CompactFacts, made when a rule or feature asks and not kept:
 * keeping a view (and its arguments) per line read made every directive line of a 100k-line file
 * cost ~300 bytes more for the life of the analysis. Findings, defs and refs are the stored
 * arrays themselves, so callers that cache per line compare those.
 */
export class LineView implements LineFacts {
  readonly findings: Finding[];
  readonly defs: SymbolDef[];
  readonly refs: SymbolRef[];
  readonly entry: DirectiveEntry | undefined;
  private cachedArgs: Arg[] | undefined;
  constructor(
    private readonly stored: CompactFacts,
    private readonly line: number,
  ) {
    this.findings = stored.findings;
    this.defs = stored.defs;
    this.refs = stored.refs;
    this.entry = stored.entry;
  }

  get args(): Arg[] {
    return (this.cachedArgs ??= lineArgs(this.stored.info.words, this.line));
  }
}

/** The facts of line `line` from what an analysis stores for it (a compact slot gives a fresh view). */
export function factsAt(slots: readonly (LineFacts | CompactFacts)[], line: number): LineFacts {
  const stored = slots[line];
  return stored instanceof CompactFacts ? new LineView(stored, line) : stored;
}

const TEMPLATE = /\{\{|\{%|__[A-Z][A-Z0-9_]*__/;
/** A `$macro` use (its name as MACRO_NAME reads it). */
const MACRO_USE = /\$([A-Za-z0-9_]+)/g;
const SEMICOLON_OK = new Set(['smtp-hosts', 'route']);
/** Values that are text of their own (passwords, keys, templates, ciphers): what they hold is meant. */
const FREE_TEXT_VALUES = new Set(['string', 'quoted-string']);


export function describeScope(scope: string): string {
  return scope === GLOBAL ? 'the top level' : `<${scope}>`;
}

/** The blocks a directive may stand in, over its catalogue rows. */
function allowedScopes(rows: readonly DirectiveEntry[]): string[] {
  return [...new Set(rows.flatMap((r) => r.scopes))];
}

function scopeList(scopes: readonly string[]): string {
  return scopes.map(describeScope).join(', ');
}

export function lineFacts(doc: PmtaDocument, line: number, scope: string, scopeKnown: boolean, catalog: Catalog): LineFacts {
  const info = doc.info(line);
  // Every field from the start: one hidden class, all fields inside the object.
  const facts: LineFacts = { findings: [], defs: [], refs: [], entry: undefined, args: undefined };
  switch (info.kind) {
    case LineKind.Directive:
      directiveFacts(doc, line, info, scope, scopeKnown, catalog, facts);
      break;
    case LineKind.Open:
      openFacts(line, info, scope, scopeKnown, catalog, facts);
      break;
    case LineKind.Close:
      tagShape(line, info, facts);
      break;
    case LineKind.Continuation:
      if (info.words.some((w) => TEMPLATE.test(w.text))) templateFinding(line, info, facts);
      break;
    case LineKind.Template:
      templateFinding(line, info, facts);
      break;
    case LineKind.ConflictMarker:
      facts.findings.push(conflictMarkerFinding(line, info));
      break;
  }
  if (info.kind !== LineKind.Template && info.kind !== LineKind.ConflictMarker) {
    invisibleCharacterFindings(line, info, facts.findings);
    typographicCharacterFindings(line, info, facts.findings, FREE_TEXT_VALUES.has(facts.entry?.value?.type ?? ''));
  }
  if (info.commentGlued && info.comment && info.kind !== LineKind.Template) {
    const before = info.text.slice(info.indent, info.comment.start).trimEnd();
    const lastWord = before.split(/\s+/).pop() ?? '';
    // The comment without the blanks after it: they are not part of what is cut off.
    const ignored = info.text.slice(info.comment.start, endRunStart(info.text, isSpaceOrTab, info.comment.end));
    facts.findings.push({
      code: 'comment-in-value',
      message: `\`#\` right after \`${lastWord}\` starts a comment: PowerMTA reads this line only up to \`${lastWord}\` and ignores \`${ignored.trim()}\`. Put a space before \`#\` if a comment is meant; a password, key or regex cannot contain \`#\` (in a regex write \`\\x23\`).`,
      line,
      start: info.comment.start,
      end: info.comment.start + ignored.length,
    });
  }
  return compact(facts);
}

/**
 * Shares the frozen empty arrays (or the whole empty object) instead of keeping fresh empty ones,
 * and trims the others to their length (an array grown by push keeps room for 17 items).
 */
function compact(facts: LineFacts): LineFacts {
  const empty = facts.findings.length === 0 && facts.defs.length === 0 && facts.refs.length === 0;
  if (empty && facts.entry === undefined && facts.args === undefined) return EMPTY_FACTS;
  facts.findings = facts.findings.length === 0 ? NONE : facts.findings.slice();
  flattenMessages(facts.findings);
  facts.defs = facts.defs.length === 0 ? NONE : facts.defs.slice();
  facts.refs = facts.refs.length === 0 ? NONE : facts.refs.slice();
  if (facts.args) facts.args = facts.args.slice();
  return facts;
}

/** Template markup needs `{` or `__`: most lines have neither, and need no slice and no regex. */
function mayHoldTemplate(text: string): boolean {
  return text.indexOf('{') >= 0 || text.indexOf('__') >= 0;
}

function templateFinding(line: number, info: LineInfo, facts: LineFacts): void {
  facts.findings.push({
    code: 'template-placeholder',
    message: 'Unrendered template markup: PowerMTA cannot load this line. Render the template (Handlebars, Jinja, a script) before deploying the file.',
    line,
    start: info.indent,
    end: info.contentEnd,
  });
}

function directiveFacts(doc: PmtaDocument, line: number, info: LineInfo, scope: string, scopeKnown: boolean, catalog: Catalog, facts: LineFacts): void {
  const name = info.name!;
  if (name.regex) {
    bouncePatternFacts(line, info, scope, facts);
    return;
  }
  if (foreignSyntax(line, info, facts)) return;
  const rows = catalog.directiveRows(name.text);
  if (rows.length === 0 && shellScriptLine(line, info, facts)) return;
  if (mayHoldTemplate(info.text) && TEMPLATE.test(info.text.slice(info.indent, info.contentEnd))) {
    templateFinding(line, info, facts);
    if (TEMPLATE.test(name.text)) return;
  }
  if (rows.length === 0 && scope === 'bounce-category-patterns') {
    facts.findings.push({
      code: 'unknown-directive',
      message: 'Inside `<bounce-category-patterns>` every line is `/regex/ category`; this one does not start with `/`. Is it the rest of a pattern split over several lines? A pattern must stay on one line.',
      line,
      start: info.indent,
      end: info.contentEnd,
    });
    return;
  }
  if (rows.length === 0) {
    unknownDirective(doc, line, info, scope, scopeKnown, catalog, facts);
    return;
  }
  const entry = rows.find((r) => r.scopes.includes(scope)) ?? rows[0];
  facts.entry = entry;
  if (!rows.some((r) => r.scopes.includes(scope)) && scopeKnown) {
    const allowed = allowedScopes(rows);
    facts.findings.push({
      code: 'misplaced-directive',
      message: `\`${entry.name}\` is not allowed in ${describeScope(scope)}; it belongs in ${scopeList(allowed)}.`,
      line,
      start: name.start,
      end: name.end,
      data: { allowed },
    });
  }
  if (name.text !== entry.name) {
    facts.findings.push({
      code: 'non-canonical-case',
      message: `Write \`${entry.name}\` in lower case; the guide never uses capitals in directive names.`,
      line,
      start: name.start,
      end: name.end,
      data: { replacement: entry.name },
    });
  }
  statusFindings(entry, line, name.start, name.end, facts);
  const args = directiveArgs(doc, line);
  facts.args = args;
  if (entry.value) {
    const result = checkArgs(entry.name, entry.value, args, { line, start: name.start, end: name.end }, (l) => doc.line(l));
    pushAll(facts.findings, result.problems);
    for (const r of result.refs) {
      // `source 127.0.0.1` names an address-based source, which has no name to resolve.
      if (r.kinds.includes('source') && parseRange(r.name)) continue;
      // A literal, not `{ ...r, via }`: V8 gives every such spread object a hidden class of its own.
      facts.refs.push({ kinds: r.kinds, name: r.name, line: r.line, start: r.start, end: r.end, via: entry.name });
    }
  }
  if (entry.name === 'domain-macro' && args[0]) {
    facts.defs.push({ kind: 'macro', name: args[0].text, line, start: args[0].start, end: args[0].end, blockLine: line });
  }
  if (entry.macros) {
    for (const arg of entry.name === 'domain-macro' ? args.slice(1) : args) macroRefs(arg.text, arg.line, arg.start, entry.name, facts);
  }
  if (info.nestedOpen && !(scope === 'pattern-list' && ['mail-from', 'rcpt-to', 'header'].includes(entry.name))) {
    facts.findings.push({
      code: 'misplaced-block',
      message: 'A nested `<pattern-list>` can only open at the end of a `mail-from`, `rcpt-to` or `header` rule inside a `<pattern-list>`.',
      line,
      start: info.nestedOpen.start,
      end: info.nestedOpen.end,
    });
  }
}

function statusFindings(entry: DirectiveEntry | import('../catalog/types').BlockEntry, line: number, start: number, end: number, facts: LineFacts): void {
  const label = entry.kind === 'block' ? `<${entry.name}>` : entry.name;
  if (entry.provenance === 'guide-dialect') {
    facts.findings.push({
      code: 'guide-dialect',
      message: `\`${label}\` comes from a popular configuration guide, but PowerMTA documents no such ${entry.kind}. The documented equivalent: ${entry.equivalent ?? 'none'}.`,
      line,
      start,
      end,
      data: { name: entry.name, equivalent: entry.equivalent },
    });
    return;
  }
  if (entry.deprecated === 'invalid') {
    facts.findings.push({
      code: 'removed-directive',
      message: `\`${label}\` is no longer valid in PowerMTA${entry.replacement ? `; use \`${entry.replacement}\`` : ''}. Delete the line.`,
      line,
      start,
      end,
    });
  } else if (entry.deprecated === 'deprecated') {
    facts.findings.push({
      code: 'deprecated-directive',
      message: `\`${label}\` is deprecated${entry.replacement ? `; use \`${entry.replacement}\` instead` : ''}.`,
      line,
      start,
      end,
      data: entry.replacement ? { replacement: entry.replacement } : undefined,
    });
  } else if (entry.legacy) {
    facts.findings.push({
      code: 'legacy-directive',
      message: `\`${label}\` appears in older (${entry.legacy}) configurations but not in the PowerMTA 5.0 guide; check that your version accepts it.`,
      line,
      start,
      end,
    });
  }
}


/**
 * The closest directive name. A loose match (more than two edits away, or only a shared prefix) is
 * dropped when the line's value is plainly wrong for it: `max-connections 100` is not
 * `log-connections`, which takes yes or no, and a name of another kind sends the operator the wrong
 * way. A near typo keeps its suggestion whatever the value, and so does a line with no value yet.
 */
function suggestionFor(doc: PmtaDocument, line: number, info: LineInfo, scope: string, catalog: Catalog): string | undefined {
  const typed = info.name!.text;
  const suggestion = catalog.suggestDirective(typed, scope);
  const entry = suggestion === undefined ? undefined : catalog.directive(suggestion, scope);
  if (!entry?.value || info.words.length === 0 || distance(typed.toLowerCase(), entry.name) <= 2) return suggestion;
  const { problems } = checkArgs(entry.name, entry.value, directiveArgs(doc, line), { line, start: 0, end: 0 }, (l) => doc.line(l));
  return problems.some((p) => p.code === 'invalid-value') ? undefined : suggestion;
}

/**
 * When the suggested name is not allowed where the line stands, says where it belongs: the name
 * is the closest of all, and the quick fix alone would leave a `misplaced-directive`.
 */
function elsewhere(suggestion: string, scope: string, scopeKnown: boolean, catalog: Catalog): string {
  if (!scopeKnown || catalog.allows(scope, suggestion)) return '';
  const allowed = allowedScopes(catalog.directiveRows(suggestion));
  return allowed.length === 0 ? '' : ` It belongs in ${scopeList(allowed)}, not in ${describeScope(scope)}.`;
}

function unknownDirective(doc: PmtaDocument, line: number, info: LineInfo, scope: string, scopeKnown: boolean, catalog: Catalog, facts: LineFacts): void {
  const name = info.name!;
  const block = catalog.block(name.text);
  if (block) {
    facts.findings.push({
      code: 'unknown-directive',
      message: `\`${name.text}\` is a block, not a directive: write \`<${block.name}${block.arg ? ' ' + (block.arg.label ?? 'ARG') : ''}>\` … \`</${block.name}>\`.`,
      line,
      start: name.start,
      end: name.end,
    });
    return;
  }
  const suggestion = suggestionFor(doc, line, info, scope, catalog);
  facts.findings.push({
    code: 'unknown-directive',
    message: `Unknown directive \`${name.text}\`${suggestion ? `; did you mean \`${suggestion}\`?${elsewhere(suggestion, scope, scopeKnown, catalog)}` : '.'}`,
    line,
    start: name.start,
    end: name.end,
    data: suggestion ? { suggestion } : undefined,
  });
}

/**
 * A line of an install script that writes the configuration (shellScriptLines.ts): a shell
 * here-document's first or last line, or an `echo` of one configuration line, on a line whose
 * directive name PowerMTA does not know. Returns true when the line is one. The fix empties a
 * here-document's line and writes the line an `echo` wrote.
 */
function shellScriptLine(line: number, info: LineInfo, facts: LineFacts): boolean {
  const script = scriptLine(info);
  if (!script) return false;
  const fix = (title: string) => script.edit && replaceFix(title, line, script.edit.start, script.edit.end, script.edit.newText);
  let message: string;
  let data: ReturnType<typeof fix>;
  if (script.kind === 'echo') {
    const { echoed } = script;
    const shown = echoed.trim() === '' ? 'an empty line' : `\`${echoed.length > 40 ? `${echoed.slice(0, 39)}…` : echoed}\``;
    message = `Not PowerMTA syntax: a shell \`echo\` that writes ${shown} into a file, left from an install script. PowerMTA reads \`echo\` as a directive it does not know. Write the line it writes instead.`;
    data = fix('Write the line the echo writes');
  } else if (script.kind === 'here-doc-start') {
    message = `Not PowerMTA syntax: a shell command that starts a here-document (\`<<${script.delimiter}\`), left from an install script that writes this file. PowerMTA reads \`${info.name!.text}\` as a directive it does not know. Delete the line, and the \`${script.delimiter}\` line that ends the here-document.`;
    data = fix('Delete the here-document\'s first line');
  } else {
    message = `Not PowerMTA syntax: \`${info.name!.text}\` is the line that ends a shell here-document, left from an install script that writes this file. PowerMTA reads it as a directive it does not know. Delete the line.`;
    data = fix('Delete the here-document\'s last line');
  }
  facts.findings.push({ code: 'foreign-syntax', message, line, start: info.indent, end: info.contentEnd, data });
  return true;
}

/** `;` terminators, `key = value`, braces. Returns true when the line is foreign syntax. */
function foreignSyntax(line: number, info: LineInfo, facts: LineFacts): boolean {
  const name = info.name!;
  const words = info.words;
  const last = words[words.length - 1] ?? name;
  const found: string[] = [];
  let data: Record<string, unknown> | undefined;
  if (name.text.includes('=') || words.some((w) => !w.quoted && !w.regex && (w.text === '=' || w.text.startsWith('=')))) {
    found.push('`key = value` assignments (PowerMTA writes `directive value`)');
  }
  if (!last.quoted && !last.regex && last.text.endsWith(';') && !SEMICOLON_OK.has(name.text.toLowerCase())) {
    found.push('a `;` at the end of the line');
    data = { semicolon: { start: last.end - 1, end: last.end } };
  }
  if (name.text === '{' || name.text === '}' || last.text === '{' || last.text === '}') {
    found.push('`{ … }` braces (PowerMTA blocks are `<tag>` … `</tag>`)');
  }
  if (isHtmlEscapedTag(name.text)) {
    facts.findings.push({
      code: 'foreign-syntax',
      message: `Not PowerMTA syntax: a tag written with HTML entities (\`&lt;\` for \`<\`, \`&gt;\` for \`>\`), left from text copied out of a web page. PowerMTA reads \`${name.text.length > 30 ? `${name.text.slice(0, 29)}…` : name.text}\` as a directive it does not know, and no block opens or closes here. Write the characters the entities stand for.`,
      line,
      start: info.indent,
      end: info.contentEnd,
    });
    return true;
  }
  if (name.text.startsWith('```') || name.text.startsWith('~~~')) {
    // A line of its own: found alone, with a fix that empties it (a line's fix stays on its line).
    facts.findings.push({
      code: 'foreign-syntax',
      message: `Not PowerMTA syntax: a Markdown code fence (${name.text.length > 20 ? `${name.text.slice(0, 19)}…` : name.text}), usually left from text copied out of a chat, a wiki or a web page. PowerMTA reads it as a directive it does not know. Delete the line.`,
      line,
      start: info.indent,
      end: info.contentEnd,
      data: replaceFix('Delete the code fence', line, 0, info.text.length, ''),
    });
    return true;
  }
  if (found.length === 0) return false;
  facts.findings.push({
    code: 'foreign-syntax',
    message: `Not PowerMTA syntax: ${found.join(' and ')}.`,
    line,
    start: info.indent,
    end: info.contentEnd,
    data,
  });
  return true;
}

function bouncePatternFacts(line: number, info: LineInfo, scope: string, facts: LineFacts): void {
  const name = info.name!;
  if (scope !== 'bounce-category-patterns') {
    facts.findings.push({
      code: 'unknown-directive',
      message: 'A line that starts with a `/regex/` belongs inside `<bounce-category-patterns>`.',
      line,
      start: name.start,
      end: name.end,
    });
    return;
  }
  const body = regexBody(name.text);
  if (name.unterminated || body === undefined) {
    facts.findings.push({
      code: 'invalid-regex',
      message: `The pattern \`${name.text}\` has no closing \`/\` on this line; a pattern cannot continue on the next line, and \`#\` inside it starts a comment (write \`\\x23\`).`,
      line,
      start: name.start,
      end: name.end,
    });
    return;
  }
  const problem = checkRegexBody(body);
  if (problem) {
    facts.findings.push({ code: 'invalid-regex', message: `The pattern \`${name.text}\` does not compile: ${problem.message}.`, line, start: name.start, end: name.end });
  }
  const category = info.words[0];
  if (!category) {
    facts.findings.push({ code: 'missing-value', message: 'A bounce pattern needs a category after the regex, e.g. `bad-mailbox`.', line, start: name.start, end: name.end });
  } else if (info.words.length > 1) {
    facts.findings.push({
      code: 'invalid-value',
      message: `Unexpected text after the category \`${category.text}\`: a pattern line is \`/regex/ category\`.`,
      line,
      start: info.words[1].start,
      end: info.words[info.words.length - 1].end,
    });
  }
}

function openFacts(line: number, info: LineInfo, scope: string, scopeKnown: boolean, catalog: Catalog, facts: LineFacts): void {
  if (!tagShape(line, info, facts)) return;
  const tag = info.tag!;
  const entry = catalog.block(tag.text);
  if (!entry) {
    const suggestion = catalog.suggestBlock(tag.text);
    facts.findings.push({
      code: 'unknown-block',
      message: `Unknown block \`<${tag.text}>\`${suggestion ? `; did you mean \`<${suggestion}>\`?` : '.'}`,
      line,
      start: tag.start,
      end: tag.end,
      data: suggestion ? { suggestion } : undefined,
    });
    return;
  }
  if (tag.text !== entry.name) {
    facts.findings.push({
      code: 'non-canonical-case',
      message: `Write \`<${entry.name}>\` in lower case.`,
      line,
      start: tag.start,
      end: tag.end,
      data: { replacement: entry.name },
    });
  }
  if (scopeKnown && !entry.scopes.includes(scope)) {
    facts.findings.push({
      code: 'misplaced-block',
      message: `\`<${entry.name}>\` cannot be nested in ${describeScope(scope)}; it belongs in ${scopeList(entry.scopes)}.`,
      line,
      start: tag.start,
      end: tag.end,
    });
  }
  statusFindings(entry, line, tag.start, tag.end, facts);
  const arg = info.tagArg;
  if (!entry.arg) {
    if (arg) {
      facts.findings.push({ code: 'invalid-value', message: `\`<${entry.name}>\` takes no argument.`, line, start: arg.start, end: arg.end });
    }
    return;
  }
  const optional = entry.arg.optional || (entry.name === 'address-list' && scope !== GLOBAL);
  if (!arg) {
    if (!optional) {
      facts.findings.push({
        code: 'missing-value',
        message: `\`<${entry.name}>\` needs ${entry.arg.label ?? 'an argument'}: ${describeSpec(entry.arg)}.`,
        line,
        start: tag.start,
        end: tag.end,
      });
    }
    return;
  }
  if (entry.name === 'source') {
    sourceTag(line, arg, facts);
    return;
  }
  const args: Arg[] = [{ text: arg.text, line, start: arg.start, endLine: line, end: arg.end }];
  // A stray `>` is reported once, as a malformed tag, not again as a bad value.
  if ((entry.arg.type !== 'string' || /\s/.test(arg.text)) && !hasStrayGreaterThan(arg.text)) {
    const result = checkArgs(`<${entry.name}>`, entry.arg, args, { line, start: tag.start, end: tag.end }, () => info.text);
    pushAll(facts.findings, result.problems);
  }
  if (entry.defines) {
    facts.defs.push({ kind: entry.defines, name: arg.text, line, start: arg.start, end: arg.end, blockLine: line });
  }
  if (entry.macros) macroRefs(arg.text, line, arg.start, `<${entry.name}>`, facts);
}

/** `<source X>`: X is an IP/CIDR, a reserved `{name}`, or a name used by listeners and users. */
function sourceTag(line: number, arg: { text: string; start: number; end: number }, facts: LineFacts): void {
  const text = arg.text;
  if (text === '*') {
    facts.findings.push({
      code: 'guide-dialect',
      message: '`<source *>` comes from a popular configuration guide; PowerMTA matches every client with `<source 0/0>`.',
      line,
      start: arg.start,
      end: arg.end,
      data: { name: 'source *', equivalent: '<source 0/0>', replacement: '0/0' },
    });
    return;
  }
  if (parseRange(text)) return;
  if (/^[\d./:]+$/.test(text)) {
    facts.findings.push({
      code: 'invalid-value',
      message: `\`${text}\` is not a valid IP address or CIDR range (write e.g. \`10.0.0.0/8\`, \`10/8\` or \`0/0\`).`,
      line,
      start: arg.start,
      end: arg.end,
    });
    return;
  }
  facts.defs.push({ kind: 'source', name: text, line, start: arg.start, end: arg.end, blockLine: line });
}

/** Checks the shape of a tag line; returns false when it is too broken to analyse further. */
function tagShape(line: number, info: LineInfo, facts: LineFacts): boolean {
  const tag = info.tag!;
  if (tag.text.length === 0) {
    facts.findings.push({ code: 'malformed-tag', message: 'A tag needs a name, e.g. `<domain example.com>`.', line, start: info.indent, end: info.contentEnd });
    return false;
  }
  if (info.tagUnterminated) {
    const what = info.kind === LineKind.Open ? 'opens no block' : 'closes no block';
    facts.findings.push({
      code: 'malformed-tag',
      message: `The tag \`${info.text.slice(info.indent, info.contentEnd)}\` has no closing \`>\`, so it ${what}: the lines below are read as if it were not there. Add \`>\` at its end.`,
      line,
      start: info.indent,
      end: info.contentEnd,
    });
    return false;
  }
  if (info.tagTrailing) {
    facts.findings.push({
      code: 'malformed-tag',
      message: 'Text after `>`: a block tag must stand alone on its line (a comment after it is fine).',
      line,
      start: info.tagTrailing.start,
      end: info.tagTrailing.end,
    });
  }
  strayGreaterThan(line, info, facts);
  return true;
}

/**
 * A `>` inside a tag's argument (`<virtual-mta v1>>`, `</domain>>`, `<address-list><b>`): no name,
 * domain or address contains one, so it is a typo that makes the name (or the whole tag) read wrong.
 * A `|program` of `<acct-file>` is a command line and may hold one.
 */
function hasStrayGreaterThan(arg: string): boolean {
  return arg.includes('>') && !arg.startsWith('|');
}

function strayGreaterThan(line: number, info: LineInfo, facts: LineFacts): void {
  const arg = info.tagArg;
  if (!arg || !hasStrayGreaterThan(arg.text)) return;
  const tagText = info.text.slice(info.indent, info.contentEnd);
  // Only doubled `>` at the end (`v1>>`, `v1 >>`) has a mechanical fix.
  // Where the `>` at the end, with the blanks before them, start.
  const gts = endRunStart(arg.text, (c) => c === 62);
  const cut = endRunStart(arg.text, isWhitespace, gts);
  const fixable = gts < arg.text.length && !arg.text.slice(0, cut).includes('>');
  facts.findings.push({
    code: 'malformed-tag',
    message: `\`>\` inside the tag \`${tagText}\`: a tag ends at its \`>\`, and no block name contains one, so PowerMTA cannot read this tag as meant. ${fixable ? 'Remove the doubled `>`.' : 'Remove the stray `>`.'}`,
    line,
    start: arg.start,
    end: arg.end,
    ...(fixable ? { data: { fix: { title: 'Remove the extra `>`', edits: [{ line, start: arg.start + cut, end: arg.end, newText: '' }] } } } : {}),
  });
}

function macroRefs(text: string, line: number, start: number, via: string, facts: LineFacts): void {
  if (!text.includes('$')) return;
  for (const m of text.matchAll(MACRO_USE)) {
    const at = start + m.index! + 1;
    facts.refs.push({ kinds: ['macro'], name: m[1], line, start: at, end: at + m[1].length, via });
  }
}
