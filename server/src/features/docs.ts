/**
 * Markdown for catalogue entries and for defined names, shared by hover and completion. All
 * facts come from the catalogue; this file only decides how to lay them out.
 */
import type { Analysis } from '../analysis/analyzer';
import type { SymbolDef } from '../analysis/types';
import { describeSpec } from '../analysis/values/describe';
import type { BlockEntry, DirectiveEntry } from '../catalog/types';
import { LineKind } from '../syntax/scanner';
import { KIND_WORDS, blockOpenedAt } from './common';
import { statementWords } from '../analysis/statement';
import { codeBlock, inlineCode } from '../markdown';

function code(text: string): string {
  return codeBlock(text, 'powermta');
}

/**
 * Catalogue prose names tags such as <domain>; markdown renderers take those for HTML and drop
 * them, so `<` is escaped everywhere outside code spans.
 */
export function prose(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '\\<')))
    .join('');
}

function scopes(list: readonly string[]): string {
  return list.map((s) => (s === 'global' ? 'the top level' : '`<' + s + '>`')).join(', ');
}

/** A whole example line: the catalogue stores either the full line or only the value. */
function exampleLine(entry: DirectiveEntry | BlockEntry): string | undefined {
  const ex = entry.example;
  if (!ex) return undefined;
  if (entry.kind === 'block') return ex.startsWith('<') ? ex : `<${entry.name} ${ex}>`;
  return ex.toLowerCase().startsWith(entry.name.toLowerCase() + ' ') || ex === entry.name ? ex : `${entry.name} ${ex}`;
}

function statusLines(entry: DirectiveEntry | BlockEntry): string[] {
  const out: string[] = [];
  if (entry.provenance === 'guide-dialect') {
    out.push(
      `**Guide dialect**: this name comes from a popular configuration guide; PowerMTA documents no such ${entry.kind}. Documented equivalent: ${prose(entry.equivalent ?? 'none')}.`,
    );
  }
  if (entry.deprecated === 'invalid') out.push(`**No longer valid** in PowerMTA${entry.replacement ? `; use \`${entry.replacement}\`` : ''}.`);
  else if (entry.deprecated === 'deprecated') out.push(`**Deprecated**${entry.replacement ? `: use \`${entry.replacement}\` instead` : ''}.`);
  return out;
}

function provenance(entry: DirectiveEntry | BlockEntry): string | undefined {
  switch (entry.provenance) {
    case 'guide':
      return `Documented in the PowerMTA User's Guide${entry.section ? ` (§${entry.section.split(',')[0]})` : ''}.`;
    case 'legacy':
      return 'Seen in real configurations of older PowerMTA versions; not in the 5.0 guide.';
    default:
      return undefined;
  }
}

/** Built documentation by entry, short and full: the catalogue does not change while the server runs. */
const directiveDocs = new WeakMap<DirectiveEntry, { short?: string; full?: string }>();

/**
 * Documentation of a directive. `full` adds what a hover has room for (provenance, notes,
 * example); completion items use the short form. Built once per entry and form.
 */
export function directiveMarkdown(entry: DirectiveEntry, full: boolean): string {
  let built = directiveDocs.get(entry);
  if (!built) directiveDocs.set(entry, (built = {}));
  if (full) return (built.full ??= buildDirectiveMarkdown(entry, true));
  return (built.short ??= buildDirectiveMarkdown(entry, false));
}

function buildDirectiveMarkdown(entry: DirectiveEntry, full: boolean): string {
  const parts: string[] = [];
  parts.push(...statusLines(entry));
  parts.push(prose(entry.doc));
  parts.push(code(entry.syntax ?? entry.name));
  const facts: string[] = [];
  if (entry.value) facts.push(`**Value:** ${prose(describeSpec(entry.value))}`);
  if (entry.default !== undefined) facts.push(`**Default:** \`${entry.default}\``);
  facts.push(`**Allowed in:** ${scopes(entry.scopes)}${entry.repeatable ? ' · may be repeated' : ''}`);
  if (entry.since) facts.push(`**Since:** PowerMTA ${entry.since}`);
  if (entry.reload === 'restart') facts.push('**Takes effect after a restart**, not on `pmta reload`.');
  parts.push(facts.join('  \n'));
  if (full) {
    const p = provenance(entry);
    if (p) parts.push(p);
    if (entry.notes && entry.provenance !== 'guide-dialect') parts.push(`*Notes:* ${prose(entry.notes)}`);
    const ex = exampleLine(entry);
    if (ex) parts.push('Example:\n' + code(ex));
  }
  return parts.join('\n\n');
}

export function blockMarkdown(entry: BlockEntry, full: boolean): string {
  const parts: string[] = [];
  parts.push(...statusLines(entry));
  parts.push(prose(entry.doc));
  const arg = entry.arg ? ` ${entry.arg.optional ? '[' : ''}${entry.arg.label ?? 'ARG'}${entry.arg.optional ? ']' : ''}` : '';
  parts.push(code(entry.syntax ?? `<${entry.name}${arg}>\n  …\n</${entry.name}>`));
  const facts: string[] = [];
  if (entry.arg) facts.push(`**Argument:** ${prose(describeSpec(entry.arg))}${entry.arg.optional ? ' (optional)' : ''}`);
  if (entry.defines) facts.push(`**Defines** a ${KIND_WORDS[entry.defines]} name that other lines refer to.`);
  facts.push(`**Allowed in:** ${scopes(entry.scopes)}`);
  if (entry.since) facts.push(`**Since:** PowerMTA ${entry.since}`);
  parts.push(facts.join('  \n'));
  if (full) {
    const p = provenance(entry);
    if (p) parts.push(p);
    if (entry.notes && entry.provenance !== 'guide-dialect') parts.push(`*Notes:* ${prose(entry.notes)}`);
  }
  return parts.join('\n\n');
}

const MAX_EXCERPT = 12;

/** The source lines of a definition (its block, or its line), cut to a readable length. */
function excerpt(analysis: Analysis, def: SymbolDef): string {
  const doc = analysis.doc;
  const block = blockOpenedAt(analysis, def.blockLine);
  const last = block ? block.endLine : def.line;
  const lines: string[] = [];
  for (let i = def.blockLine; i <= last && lines.length < MAX_EXCERPT; i++) {
    if (doc.info(i).kind === LineKind.Blank) continue;
    lines.push(doc.line(i).trimEnd());
  }
  if (last - def.blockLine + 1 > lines.length && block && block.closeLine >= 0 && !lines[lines.length - 1]?.trim().startsWith('</')) {
    lines.push('…', doc.line(block.closeLine).trimEnd());
  }
  const indent = Math.min(...lines.filter((l) => l.trim() && l !== '…').map((l) => l.length - l.trimStart().length));
  return code(lines.map((l) => (l === '…' ? '    …' : l.slice(Number.isFinite(indent) ? indent : 0))).join('\n'));
}

/** What a definition says in a sentence or two: a vMTA's source IP and host name, a macro's expansion, a pool's members. */
function summary(analysis: Analysis, def: SymbolDef): string[] {
  const block = blockOpenedAt(analysis, def.blockLine);
  const settings = (name: string) =>
    (block?.lines ?? []).filter((l) => analysis.facts(l).entry?.name === name).map((l) => analysis.facts(l).args ?? []);
  switch (def.kind) {
    case 'virtual-mta': {
      const hosts = settings('smtp-source-host');
      if (hosts.length === 0) return ['No `smtp-source-host` here: it sends from the global source address.'];
      return hosts.map((a) => `Source IP ${inlineCode(a[0]?.text ?? '?')}${a[1] ? `, host name ${inlineCode(a[1].text)}` : ''}`);
    }
    case 'virtual-mta-pool': {
      const members = settings('virtual-mta').map((a) => a[0]?.text).filter(Boolean);
      return [members.length ? `Members: ${members.map((m) => inlineCode(m!)).join(', ')}` : 'The pool has no `virtual-mta` members.'];
    }
    case 'macro': {
      const words = statementWords(analysis.doc, def.line).slice(1);
      const expansion = words.map((w) => w.w.text).join(' ');
      return [`Expands to: ${inlineCode(expansion)}`];
    }
    case 'smtp-pattern-list': {
      const n = settings('reply').length;
      return [`${n} \`reply\` rule${n === 1 ? '' : 's'}.`];
    }
    default:
      return [];
  }
}

/** Markdown describing a defined name, for hovers on references and definitions. */
export function definitionMarkdown(analysis: Analysis, defs: readonly SymbolDef[], name: string, refCount?: number): string {
  const first = defs[0];
  // The definition may sit in another file of the configuration: read it there.
  const home = analysis.peer(first.uri) ?? analysis;
  const where = first.uri === analysis.uri ? `line ${first.line + 1}` : `${fileName(first.uri)}, line ${first.line + 1}`;
  const parts = [`**${KIND_WORDS[first.kind]}** ${inlineCode(name)} — defined on ${where}${defs.length > 1 ? ` (and ${defs.length - 1} more time${defs.length > 2 ? 's' : ''})` : ''}`];
  parts.push(...summary(home, first));
  if (refCount !== undefined) parts.push(`${refCount} reference${refCount === 1 ? '' : 's'} in this configuration.`);
  parts.push(excerpt(home, first));
  return parts.join('\n\n');
}

function fileName(uri: string | undefined): string {
  return decodeURIComponent((uri ?? '').split('/').slice(-2).join('/'));
}

/** A short label for a definition in completion details. */
export function definitionDetail(def: SymbolDef): string {
  return `${KIND_WORDS[def.kind]}, ${def.uri ? fileName(def.uri) + ':' : 'line '}${def.line + 1}`;
}

