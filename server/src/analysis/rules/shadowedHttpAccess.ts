import type { ParsedRange } from '../values/network';
import { formatRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { deleteLines, insertLineBefore } from './fixes';
import { type HttpAccess, httpAccessLines } from './reach';

/** The network of `r` at a shorter prefix, as a map key. */
function networkKey(r: ParsedRange, prefix: number): string {
  const bytes = r.address.toByteArray();
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out.push(bits === 0 ? 0 : bytes[i] & ((0xff << (8 - bits)) & 0xff));
  }
  return `${r.address.kind()}/${prefix}/${out.join('.')}`;
}

/**
 * `shadowed-http-access` (MISCONFIG SEC-06): an `http-access` line that can never apply because an
 * earlier line already covers its whole range (PowerMTA takes the first matching line). Each line
 * looks up the networks of its own prefix and every shorter one among the earlier lines: linear
 * in the number of lines (at most 129 look-ups each).
 */
export const shadowedHttpAccessRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const seen = new Map<string, HttpAccess>();
  for (const entry of httpAccessLines(ctx)) {
    const { setting: s, range, level } = entry;
    let cover: HttpAccess | undefined;
    for (let p = 0; p <= range.prefix && !cover; p++) cover = seen.get(networkKey(range, p));
    if (cover) {
      const same = cover.level === level;
      const where = `line ${cover.setting.line + 1} (\`http-access ${cover.setting.args[0].text} ${cover.level}\`)`;
      const lineText = ctx.doc.line(s.line).slice(ctx.doc.info(s.line).indent, ctx.doc.info(s.line).contentEnd);
      out.push({
        code: 'shadowed-http-access',
        message: same
          ? `This line never takes effect: ${where} already matches every address in ${formatRange(range)} with the same level, and PowerMTA uses the first matching \`http-access\` line. Delete it.`
          : `\`${level}\` for ${formatRange(range)} never takes effect: ${where} comes first and matches all of these addresses, and PowerMTA uses the first matching \`http-access\` line, so they get \`${cover.level}\`. Put the narrower line above the wider one.`,
        ...wholeLine(ctx, s.line),
        data: {
          coveredBy: cover.setting.line,
          fix: same
            ? { title: 'Delete the redundant line', edits: [deleteLines(ctx.doc, s.line)] }
            : {
                title: `Move this line above line ${cover.setting.line + 1}`,
                edits: [insertLineBefore(ctx.doc, cover.setting.line, ctx.doc.line(cover.setting.line).slice(0, ctx.doc.info(cover.setting.line).indent) + lineText), deleteLines(ctx.doc, s.line)],
              },
        },
      });
      continue;
    }
    const key = networkKey(range, range.prefix);
    if (!seen.has(key)) seen.set(key, entry);
  }
  return out;
};
