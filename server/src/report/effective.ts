import type { EffectiveSettings } from '../analysis/effective';
import { inlineCode, plainText } from '../markdown';

/** How a file is named in output: a short path, or "line N" in the current file. */
export type NameOfUri = (uri: string | undefined) => string;

/** How names from the file are shown: as they are in plain text, as code spans in Markdown. */
type Show = (text: string) => string;
const asIs: Show = (text) => text;

function source(s: EffectiveSettings['values'][number], name: NameOfUri, show: Show = asIs): string {
  return s.from ? `${name(s.from.uri)}:${s.from.line + 1} ${show(`<domain ${s.from.pattern}>`)}` : 'default';
}

function title(e: EffectiveSettings, show: Show = asIs): string {
  return `Effective settings for ${show(e.domain)}${e.vmta ? ` in virtual MTA ${show(e.vmta)}` : ''}`;
}

/** Plain text, aligned columns (CLI and the read-only editor document). */
export function effectiveText(e: EffectiveSettings, name: NameOfUri): string {
  const out: string[] = [title(e), ''];
  for (const n of e.notes) out.push(`note: ${n}`);
  if (e.notes.length) out.push('');
  out.push('Blocks applied, general to specific (later ones win):');
  if (e.blocks.length === 0) out.push('  (none: every value is the default)');
  for (const b of e.blocks) out.push(`  <domain ${b.pattern}>${b.owner ? ` in ${b.level} ${b.owner}` : ''}  ${name(b.at.uri)}:${b.at.line + 1}`);
  out.push('');
  const rows = e.values.map((v) => [v.name, v.value, source(v, name)]);
  const w0 = Math.max(7, ...rows.map((r) => r[0].length));
  const w1 = Math.min(40, Math.max(5, ...rows.map((r) => r[1].length)));
  out.push(`${'setting'.padEnd(w0)}  ${'value'.padEnd(w1)}  from`);
  for (const [a, b, c] of rows) out.push(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  return out.join('\n') + '\n';
}

export function effectiveJson(e: EffectiveSettings, name: NameOfUri): object {
  return {
    domain: e.domain,
    vmta: e.vmta ?? null,
    notes: e.notes,
    blocks: e.blocks.map((b) => ({ pattern: b.pattern, level: b.level, owner: b.owner ?? null, file: name(b.at.uri), line: b.at.line + 1 })),
    settings: e.values.map((v) => ({
      name: v.name,
      value: v.value,
      source: v.from ? { file: name(v.from.uri), line: v.from.line + 1, block: `<domain ${v.from.pattern}>` } : 'default',
    })),
  };
}

/** Markdown for hovers: the values the configuration sets, then a count of defaults. */
export function effectiveMarkdown(e: EffectiveSettings, name: NameOfUri, maxRows = 40): string {
  const set = e.values.filter((v) => v.from);
  const defaults = e.values.length - set.length;
  const out: string[] = [`**${title(e, inlineCode)}**`, ''];
  for (const n of e.notes) out.push(`_${plainText(n)}_`, '');
  if (e.blocks.length) out.push('Merged from ' + e.blocks.map((b) => `${inlineCode(`<domain ${b.pattern}>`)}${b.owner ? ` (${inlineCode(b.owner)})` : ''}`).join(' → '), '');
  if (set.length) {
    out.push('| setting | value | from |', '|---|---|---|');
    // In a table a `|` ends the cell even inside a code span, unless escaped.
    const cell = (text: string) => text.replace(/\|/g, '\\|');
    for (const v of set.slice(0, maxRows)) out.push(`| \`${v.name}\` | ${cell(inlineCode(v.value))} | ${cell(source(v, name, inlineCode))} |`);
    if (set.length > maxRows) out.push(`| … | ${set.length - maxRows} more | |`);
    out.push('');
  }
  out.push(`${defaults} other settings keep their defaults.`);
  return out.join('\n');
}
