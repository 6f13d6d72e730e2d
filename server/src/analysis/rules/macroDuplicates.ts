import { continuationLines } from '../statement';
import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { configIndex } from './configIndex';
import type { FixEdit } from './fixes';

/**
 * `duplicate-macro-domain` (MISCONFIG THR-20): the same item twice in one `domain-macro` list. It
 * changes nothing, but often hides a typo (the intended second domain is missing). Items are
 * located on the physical lines (continuation lines included) so the fix removes exactly one item
 * and its separator. One finding per macro, listing every repeat.
 */
export const macroDuplicatesRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const s of configIndex(ctx).all('domain-macro')) {
    if (!s.args[0]) continue;
    const seen = new Set<string>();
    const repeats: { text: string; line: number; start: number; end: number; edit?: FixEdit }[] = [];
    for (const line of [s.line, ...continuationLines(ctx.doc, s.line)]) {
      const info = ctx.doc.info(line);
      const from = line === s.line ? s.args[0].end : info.indent;
      const items = [...ctx.doc.line(line).slice(from, info.contentEnd).matchAll(/[^,\s]+/g)].map((m) => ({ text: m[0], start: from + m.index!, end: from + m.index! + m[0].length }));
      items.forEach((item, i) => {
        const key = item.text.toLowerCase();
        if (!seen.has(key)) {
          seen.add(key);
          return;
        }
        // Remove the item with the separator before it (or after it when it is first on its line).
        const prev = items[i - 1];
        const next = items[i + 1];
        const edit = prev ? { line, start: prev.end, end: item.end, newText: '' } : next ? { line, start: item.start, end: next.start, newText: '' } : undefined;
        repeats.push({ ...item, line, edit });
      });
    }
    if (repeats.length === 0) continue;
    const names = [...new Set(repeats.map((r) => `\`${r.text}\``))];
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} names in all)` : '');
    const edits = repeats.map((r) => r.edit).filter((e): e is FixEdit => e !== undefined);
    out.push({
      code: 'duplicate-macro-domain',
      message: `The macro \`${s.args[0].text}\` lists these more than once: ${shown}. The repeats have no effect. Was another domain meant? Otherwise remove them.`,
      line: repeats[0].line,
      start: repeats[0].start,
      end: repeats[0].end,
      data: edits.length === repeats.length ? { repeats: repeats.length, fix: { title: `Remove the ${repeats.length === 1 ? 'repeated item' : `${repeats.length} repeated items`}`, edits } } : { repeats: repeats.length },
    });
  }
  return out;
};
macroDuplicatesRule.reads = ['domain-macro'];
