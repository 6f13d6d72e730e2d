import { continuationLines } from '../statement';
import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { configIndex } from './configIndex';
import { type FixEdit, deleteLines } from './fixes';

/**
 * `duplicate-macro-domain` (MISCONFIG THR-20): the same item twice in one `domain-macro` list. It
 * changes nothing, but often hides a typo (the intended second domain is missing). Items are
 * located on the physical lines (continuation lines included) so the fix removes exactly one item
 * and one separator per repeat (a continuation line of repeats only goes whole). One finding per
 * macro, listing every repeat.
 */
export const macroDuplicatesRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const s of configIndex(ctx).all('domain-macro')) {
    if (!s.args[0]) continue;
    const seen = new Set<string>();
    const repeats: { text: string; line: number; start: number; end: number; edit?: FixEdit; shared?: boolean }[] = [];
    let count = 0;
    const lines = [s.line, ...continuationLines(ctx.doc, s.line)];
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k];
      const info = ctx.doc.info(line);
      const from = line === s.line ? s.args[0].end : info.indent;
      const text = ctx.doc.line(line).slice(0, info.contentEnd);
      const items: { text: string; start: number; end: number; repeat: boolean }[] = [];
      const item = /[^,\s]+/g;
      item.lastIndex = from;
      for (let m = item.exec(text); m; m = item.exec(text)) {
        const key = m[0].toLowerCase();
        const repeat = seen.has(key);
        if (!repeat) seen.add(key);
        items.push({ text: m[0], start: m.index, end: m.index + m[0].length, repeat });
      }
      // A continuation line (pasted twice) of repeats only, with the list going on below it, goes
      // whole; the last line of the list stays (the comma above it would then reach the next line),
      // and so does a line with a comment of its own.
      const wholeLine = line !== s.line && items.length > 0 && items.every((i) => i.repeat) && info.trailingComma && !info.comment && k + 1 < lines.length;
      // Each edit takes an item with the separator before it, or after it while every item before it
      // on the line goes too (so that no two edits overlap).
      let keptBefore = false;
      for (let i = 0; i < items.length; i++) {
        const { text: itemText, start, end, repeat } = items[i];
        if (!repeat) {
          keptBefore = true;
          continue;
        }
        if (++count > MAX_LISTED) continue;
        let edit: FixEdit | undefined;
        if (wholeLine) edit = i === 0 ? deleteLines(ctx.doc, line) : undefined;
        else if (keptBefore) edit = { line, start: items[i - 1].end, end, newText: '' };
        else if (i + 1 < items.length) edit = { line, start, end: items[i + 1].start, newText: '' };
        repeats.push({ text: itemText, line, start, end, edit, shared: wholeLine && i > 0 });
      }
    }
    if (count === 0) continue;
    const names = [...new Set(repeats.map((r) => `\`${r.text}\``))];
    const more = count > repeats.length ? ` (${count} repeats in all)` : '';
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} names in all)` : '') + more;
    const edits = repeats.map((r) => r.edit).filter((e): e is FixEdit => e !== undefined);
    // Every repeat has its edit, or goes with the edit deleting its line.
    const fixable = count === repeats.length && repeats.every((r) => r.edit || r.shared);
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
