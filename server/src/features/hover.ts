/**
 * Hover: a directive's meaning, syntax, type, default, allowed blocks and status; a block tag's
 * documentation; a value in words (`4d12h` = 4 days 12 hours, `100/15m` = 400/h, `50M`, `10/8`);
 * a reference's definition (a vMTA's source IP and host name, a macro's expansion); the meaning
 * of a code in a `# pmta-lint:` comment.
 */
import { effectiveSettings } from '../analysis/effective';
import { effectiveMarkdown } from '../report/effective';
import { type Hover, MarkupKind, type Position, type Range } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { CODES, isCode } from '../analysis/codes';
import { isBuiltIn } from '../analysis/symbols';
import { parseRange } from '../analysis/values/network';
import { describeDuration, describeRate, parseDataRate, parseDuration, parseRate, parseSize } from '../analysis/values/time';
import { type Catalog, getCatalog } from '../catalog/catalog';
import type { ValueSpec } from '../catalog/types';
import { LineKind } from '../syntax/scanner';
import { KIND_WORDS, clampPosition, contains, range, scopeAt, symbolAt } from './common';
import { blockMarkdown, definitionMarkdown, directiveMarkdown, prose } from './docs';
import { inlineCode } from '../markdown';
import { statementStart, valuePieces } from './values';
import { formatCount } from '../numbers';

export function hover(analysis: Analysis, position: Position, catalog: Catalog = getCatalog()): Hover | null {
  const doc = analysis.doc;
  const p = clampPosition(doc, position);
  if (!p) return null;
  const { line, character: ch } = p;
  const info = doc.info(line);

  if (info.comment && ch > info.comment.start) return commentHover(info.text, info.comment.start, line, ch);

  const sym = symbolAt(analysis, line, ch);
  if (sym) {
    const r = range(sym.at.line, sym.at.start, sym.at.end);
    if (sym.defs.length) {
      const onDef = sym.defs.some((d) => d.line === sym.at.line && d.start === sym.at.start);
      return md(definitionMarkdown(analysis, sym.defs, sym.name, onDef ? sym.refs.length : undefined), r);
    }
    if (isBuiltIn(sym.kinds, sym.name)) return md(`${inlineCode(sym.name)} is a name PowerMTA provides itself; it needs no definition.`, r);
    return md(`No ${sym.kinds.map((k) => KIND_WORDS[k]).join(' or ')} named ${inlineCode(sym.name)} is defined in this file.`, r);
  }

  if ((info.kind === LineKind.Open || info.kind === LineKind.Close) && info.tag) {
    const entry = catalog.block(info.tag.text);
    if (!entry) return null;
    if (ch >= info.indent && ch <= info.tag.end) return md(blockMarkdown(entry, true), range(line, info.indent, info.tag.end));
    if (info.tagArg && contains(info.tagArg, ch) && entry.arg) {
      const text = describeValue(info.tagArg.text, entry.arg, entry.name, catalog);
      const extra = entry.name === 'domain' && info.kind === LineKind.Open ? domainSettings(analysis, line, info.tagArg.text, catalog) : undefined;
      const value = [text, extra].filter(Boolean).join('\n\n---\n\n');
      return value ? md(value, range(line, info.tagArg.start, info.tagArg.end)) : null;
    }
    return null;
  }

  if (info.kind !== LineKind.Directive && info.kind !== LineKind.Continuation) return null;
  const head = info.kind === LineKind.Continuation ? statementStart(doc, line) : line;
  const headInfo = doc.info(head);
  const name = headInfo.name;
  if (!name || name.regex) return null;
  const entry = catalog.directive(name.text, scopeAt(doc, head));
  if (!entry) return null;
  if (head === line && contains(name, ch)) return md(directiveMarkdown(entry, true), range(line, name.start, name.end));
  if (info.nestedOpen && contains(info.nestedOpen, ch)) {
    const block = catalog.block('pattern-list');
    return block ? md(blockMarkdown(block, true), range(line, info.nestedOpen.start, info.nestedOpen.end)) : null;
  }
  const piece = valuePieces(doc, head, entry.value).find((x) => x.line === line && ch >= x.start && ch <= x.end);
  if (!piece) return null;
  const text = describeValue(piece.text, piece.spec, entry.name, catalog);
  return text ? md(text, range(line, piece.start, piece.end)) : null;
}

/** The merged settings of the queue a `<domain …>` tag names (in its virtual MTA when it sits in one). */
function domainSettings(analysis: Analysis, line: number, pattern: string, catalog: Catalog): string {
  const owner = analysis.structure.blockOfLine[line];
  const vmta = owner?.tag === 'virtual-mta' ? owner.arg : undefined;
  const domain = pattern.replace(/^\[\*\.\]|^\*\./, '');
  const result = effectiveSettings(analysis.files(), catalog, domain === '*' ? 'any-domain.example' : domain, vmta);
  const name = (u: string | undefined) => (u === undefined || u === analysis.uri ? 'line' : decodeURIComponent(u.split('/').slice(-2).join('/')));
  return effectiveMarkdown(result, (u) => name(u)).replace(/\bline:(\d+)/g, 'line $1');
}

function md(value: string, r: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: r };
}

function commentHover(text: string, commentStart: number, line: number, ch: number): Hover | null {
  const comment = text.slice(commentStart);
  if (!/pmta-lint:/i.test(comment)) return null;
  for (const m of comment.matchAll(/[a-z][a-z0-9-]*/g)) {
    const start = commentStart + m.index!;
    if (ch < start || ch > start + m[0].length || !isCode(m[0])) continue;
    const c = CODES[m[0]];
    return md(`**${m[0]}** (${c.severity} by default)\n\n${c.meaning}\n\n*Fix:* ${c.fix}`, range(line, start, start + m[0].length));
  }
  return null;
}

/** A value in words, or undefined when there is nothing useful to add. */
export function describeValue(text: string, spec: ValueSpec | undefined, directive: string, catalog: Catalog): string | undefined {
  if (!spec) return undefined;
  const lower = text.toLowerCase();
  const keyword = spec.keywords?.find((k) => k.toLowerCase() === lower);
  if (keyword) return keywordText(keyword, catalog) ?? `\`${keyword}\`: a keyword of \`${directive}\`.`;
  for (const alt of [spec, ...(spec.alternatives ?? [])]) {
    if (alt.prefix && lower.startsWith(alt.prefix)) {
      const rest = text.slice(alt.prefix.length);
      const head = keywordText(alt.prefix, catalog) ?? `\`${alt.prefix}\``;
      const tail = describeValue(rest, { ...alt, prefix: undefined, alternatives: undefined }, directive, catalog);
      return tail ? `${head}\n\n${tail}` : head;
    }
  }
  const own = describeByType(text, spec, directive);
  if (own) return own;
  for (const alt of spec.alternatives ?? []) {
    const d = describeByType(text, alt, directive);
    if (d) return d;
  }
  return undefined;
}

function keywordText(keyword: string, catalog: Catalog): string | undefined {
  const entry = catalog.keyword(keyword);
  return entry ? `${inlineCode(keyword)}: ${prose(entry.doc)}` : undefined;
}

function describeByType(text: string, spec: ValueSpec, directive: string): string | undefined {
  const lower = text.toLowerCase();
  switch (spec.type) {
    case 'duration':
    case 'duration-or-never': {
      if (lower === 'never') return '`never`: no time limit.';
      const s = parseDuration(text);
      if (s === undefined) return undefined;
      return `\`${text}\` = ${describeDuration(s)}${s >= 60 ? ` (${formatCount(s)} seconds)` : ''}${/^\d+$/.test(text) && s > 0 ? ' — a bare number, read as seconds' : ''}`;
    }
    case 'duration-list': {
      const parts = text.split(',').map((t) => parseDuration(t));
      if (parts.some((x) => x === undefined)) return undefined;
      const described = parts.map((x) => describeDuration(x!));
      return parts.length === 1
        ? `\`${text}\` = ${described[0]}, repeated`
        : `\`${text}\` = ${described.join(', then ')}; the last interval repeats`;
    }
    case 'rate': {
      if (lower === 'unlimited') return '`unlimited`: no rate limit.';
      if (lower === '0') return '`0`: no rate limit.';
      const rate = parseRate(lower, spec.units);
      return rate ? `\`${text}\` = ${describeRate(rate, /connect/.test(directive) ? 'connections' : 'messages')}` : undefined;
    }
    case 'data-rate': {
      const r = parseDataRate(lower);
      if (!r) return undefined;
      const window = r.rate.multiplier === 1 ? r.rate.unit : `${r.rate.multiplier}${r.rate.unit}`;
      return `\`${text}\` = ${sizeWords(r.bytes)} per ${describeDuration(r.rate.window)} (${window})`;
    }
    case 'size': {
      const bytes = parseSize(text);
      return bytes === undefined ? undefined : `\`${text}\` = ${sizeWords(bytes)}`;
    }
    case 'int':
      return /^\d+$/.test(text) && Number(text) >= 10000 ? `\`${text}\` = ${formatCount(Number(text))}` : undefined;
    case 'cidr':
    case 'ip':
      return rangeWords(text);
    case 'listener': {
      const colon = text.lastIndexOf(':');
      if (colon < 0) return undefined;
      const host = text.slice(0, colon).replace(/^\[|\]$/g, '');
      const r = rangeWords(host);
      return r ? `${r}\n\nPort ${text.slice(colon + 1)}.` : undefined;
    }
    default:
      return undefined;
  }
}

function sizeWords(bytes: number): string {
  const units: [number, string][] = [
    [1024 ** 4, 'TiB'],
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, name] of units) {
    if (bytes >= size) {
      const n = bytes / size;
      return `${Number.isInteger(n) ? n : n.toFixed(2)} ${name} (${formatCount(bytes)} bytes)`;
    }
  }
  return `${formatCount(bytes)} bytes`;
}

function rangeWords(text: string): string | undefined {
  const r = parseRange(text);
  if (!r) return undefined;
  if (r.single) return `\`${text}\`: the single address ${r.address.toString()}.`;
  const v4 = r.address.kind() === 'ipv4';
  if (r.prefix === 0) return `\`${text}\` = every ${v4 ? 'IPv4' : 'IPv6'} address.`;
  const full = `${r.address.toString()}/${r.prefix}`;
  if (!v4) return `\`${text}\` = ${full}.`;
  const count = 2 ** (32 - r.prefix);
  return `\`${text}\` = ${full} (${formatCount(count)} address${count === 1 ? '' : 'es'}).`;
}

