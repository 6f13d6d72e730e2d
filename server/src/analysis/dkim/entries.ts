import type { Analysis } from '../analyzer';
import type { BlockNode } from '../../syntax/blocks';

/** Where a `domain-key` or `smtp-source-host` line sits: the top level or a named block. */
export interface Scope {
  /** `global`, `virtual-mta`, `virtual-mta-pool` or `domain-key-list`. */
  readonly kind: string;
  readonly name?: string;
  /** The block node (the root for the top level). */
  readonly block: BlockNode;
}

/** A span on one line (0-based). */
export interface LineSpan {
  line: number;
  start: number;
  end: number;
}

/** One `domain-key SELECTOR, DOMAIN, PATH` line. */
export interface DomainKeyEntry {
  line: number;
  selector: string;
  /** The domain field as written: a name, `*`, or an expression with `$macro`s. */
  domain: string;
  /** The key location as written (quotes removed): a file path or `{vault}:…`. */
  path: string;
  vault: boolean;
  /** The whole value (for findings about the line). */
  span: LineSpan;
  /** The path (for findings about the file). */
  pathSpan: LineSpan;
  scope: Scope;
}

/** One `smtp-source-host IP-OR-CIDR HOSTNAME` line. */
export interface SourceHostEntry {
  line: number;
  ip: string;
  hostname: string;
  ipSpan: LineSpan;
  hostSpan: LineSpan;
  scope: Scope;
}

const SCOPE_KINDS = new Set(['virtual-mta', 'virtual-mta-pool', 'domain-key-list']);

function scopeOf(block: BlockNode): Scope | undefined {
  if (block.tag === 'global') return { kind: 'global', block };
  if (SCOPE_KINDS.has(block.tag)) return { kind: block.tag, name: block.arg, block };
  return undefined;
}

/** Directive lines named `name`, with the top-level or named block they sit in, in document order. */
function directiveLines(analysis: Analysis, name: string): { line: number; scope: Scope }[] {
  const out: { line: number; scope: Scope }[] = [];
  const scopes = new Map<BlockNode, Scope | undefined>();
  for (const s of analysis.settings.all(name)) {
    if (!scopes.has(s.block)) scopes.set(s.block, scopeOf(s.block));
    const scope = scopes.get(s.block);
    if (scope) out.push({ line: s.line, scope });
  }
  return out.sort((a, b) => a.line - b.line);
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/**
 * Splits the value of a `domain-key` line (`sel, domain, path`, already joined across commas by
 * the analysis). A value with fewer than three items is left to the value checks.
 */
export function parseDomainKey(text: string): { selector: string; domain: string; path: string } | undefined {
  const items = text.split(',').map((s) => s.trim());
  if (items.length < 3 || !items[0] || !items[1]) return undefined;
  const path = unquote(items.slice(2).join(',').trim());
  if (!path) return undefined;
  return { selector: unquote(items[0]), domain: unquote(items[1]), path };
}

/** Every `domain-key` line of the document (top level, virtual MTAs, pools and key lists). */
export function domainKeyEntries(analysis: Analysis): DomainKeyEntry[] {
  const out: DomainKeyEntry[] = [];
  for (const { line, scope } of directiveLines(analysis, 'domain-key')) {
    const arg = analysis.facts(line).args?.[0];
    if (!arg) continue;
    const parsed = parseDomainKey(arg.text);
    if (!parsed) continue;
    const endLineText = analysis.doc.line(arg.endLine);
    const span: LineSpan = { line: arg.line, start: arg.start, end: arg.line === arg.endLine ? arg.end : analysis.doc.line(arg.line).length };
    // The path is the last item; find it on the line where the value ends.
    const at = endLineText.lastIndexOf(parsed.path, arg.end);
    const pathSpan = at >= 0 ? { line: arg.endLine, start: at, end: at + parsed.path.length } : span;
    out.push({ line, ...parsed, vault: parsed.path.startsWith('{vault}'), span, pathSpan, scope });
  }
  return out;
}

/** Every `smtp-source-host` line of the document (top level and virtual MTAs). */
export function sourceHostEntries(analysis: Analysis): SourceHostEntry[] {
  const out: SourceHostEntry[] = [];
  for (const { line, scope } of directiveLines(analysis, 'smtp-source-host')) {
    const args = analysis.facts(line).args;
    if (!args || args.length < 2) continue;
    const [ip, host] = args;
    out.push({
      line,
      ip: ip.text,
      hostname: host.text.replace(/\.$/, ''),
      ipSpan: { line: ip.line, start: ip.start, end: ip.end },
      hostSpan: { line: host.line, start: host.start, end: host.end },
      scope,
    });
  }
  return out;
}
