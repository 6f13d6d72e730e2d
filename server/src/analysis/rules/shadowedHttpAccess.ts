import { formatRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { deleteLines, insertLineBefore } from './fixes';
import { type HttpAccess, httpAccessLines, HTTP_ACCESS_READS } from './reach';

/** The network of an address (as bytes) at a prefix, as a map key. */
function networkKey(kind: string, bytes: readonly number[], prefix: number): string {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out.push(bits === 0 ? 0 : bytes[i] & ((0xff << (8 - bits)) & 0xff));
  }
  return `${kind}/${prefix}/${out.join('.')}`;
}

/**
 * `shadowed-http-access` (MISCONFIG SEC-06): an `http-access` line that can never apply because an
 * earlier line already covers its whole range (PowerMTA takes the first matching line). Each line
 * looks up its own network at every prefix length used by an earlier line that is not longer
 * than its own: linear in the number of lines (a handful of distinct prefix lengths in practice,
 * at most 129 look-ups).
 */
export const shadowedHttpAccessRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  const seen = new Map<string, HttpAccess>();
  const prefixes = { ipv4: new Set<number>(), ipv6: new Set<number>() };
  for (const entry of httpAccessLines(ctx)) {
    const { setting: s, range, level } = entry;
    const kind = range.address.kind();
    const bytes = range.address.toByteArray();
    let cover: HttpAccess | undefined;
    const used = prefixes[kind];
    for (const p of used) {
      if (p > range.prefix) continue;
      const found = seen.get(networkKey(kind, bytes, p));
      if (found && (!cover || found.setting.line < cover.setting.line)) cover = found;
    }
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
    const key = networkKey(kind, bytes, range.prefix);
    if (!seen.has(key)) seen.set(key, entry);
    used.add(range.prefix);
  }
  return out;
};
shadowedHttpAccessRule.reads = HTTP_ACCESS_READS;
