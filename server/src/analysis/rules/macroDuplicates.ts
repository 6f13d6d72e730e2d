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
    let count = 0;
    for (const line of [s.line, ...continuationLines(ctx.doc, s.line)]) {
      const info = ctx.doc.info(line);
      const from = line === s.line ? s.args[0].end : info.indent;
      const text = ctx.doc.line(line).slice(0, info.contentEnd);
      const item = /[^,\s]+/g;
      item.lastIndex = from;
      let prevEnd = -1;
      for (let m = item.exec(text); m; m = item.exec(text)) {
        const start = m.index;
        const end = start + m[0].length;
        const key = m[0].toLowerCase();
        if (!seen.has(key)) seen.add(key);
        else if (++count <= MAX_LISTED) {
          // Remove the item with the separator before it (or after it when it is first on its line).
          let edit: FixEdit | undefined;
          if (prevEnd >= 0) edit = { line, start: prevEnd, end, newText: '' };
          else {
            const after = /[^,\s]/g;
            after.lastIndex = end;
            const next = after.exec(text);
            if (next) edit = { line, start, end: next.index, newText: '' };
          }
          repeats.push({ text: m[0], line, start, end, edit });
        }
        prevEnd = end;
      }
    }
    if (count === 0) continue;
    const names = [...new Set(repeats.map((r) => `\`${r.text}\``))];
    const more = count > repeats.length ? ` (${count} repeats in all)` : '';
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} names in all)` : '') + more;
    const edits = repeats.map((r) => r.edit).filter((e): e is FixEdit => e !== undefined);
    const fixable = count === repeats.length && edits.length === repeats.length;
    out.push({
      code: 'duplicate-macro-domain',
      message: `The macro \`${s.args[0].text}\` lists these more than once: ${shown}. The repeats have no effect. Was another domain meant? Otherwise remove them.`,
      line: repeats[0].line,
      start: repeats[0].start,
      end: repeats[0].end,
      data: fixable ? { repeats: count, fix: { title: `Remove the ${count === 1 ? 'repeated item' : `${count} repeated items`}`, edits } } : { repeats: count },
    });
  }
  return out;
};

/** Repeats located one by one (and fixed by one quick fix); beyond this only counted. */
const MAX_LISTED = 1000;
macroDuplicatesRule.reads = ['domain-macro'];
macroDuplicatesRule.names = [];
