import { formatRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, wholeLine } from './context';
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
    const { setting: s, range } = entry;
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
      out.push({ code: 'shadowed-http-access', ...wholeLine(ctx, s.line), ...shadowed(ctx, entry, cover) });
      continue;
    }
    const key = networkKey(kind, bytes, range.prefix);
    if (!seen.has(key)) seen.set(key, entry);
    used.add(range.prefix);
  }
  return out;
};
shadowedHttpAccessRule.reads = HTTP_ACCESS_READS;

/**
 * What to say of a line that an earlier one covers, and the fix. The same level: the line is
 * redundant. The same range at another level: one of the two is a mistake, and moving this one up
 * would only leave the other dead, so the fix deletes this one (nothing changes for the addresses:
 * the earlier line already decides). A narrower range: it belongs above the wider one.
 */
function shadowed(ctx: RuleContext, entry: HttpAccess, cover: HttpAccess): Pick<Finding, 'message' | 'data'> {
  const { setting: s, range, level } = entry;
  const where = `line ${cover.setting.line + 1} (\`http-access ${cover.setting.args[0].text} ${cover.level}\`)`;
  const remove = (title: string) => ({ coveredBy: cover.setting.line, fix: { title, edits: [deleteLines(ctx.doc, s.line)] } });
  if (cover.level === level) {
    return {
      message: `This line never takes effect: ${where} already matches every address in ${formatRange(range)} with the same level, and PowerMTA uses the first matching \`http-access\` line. Delete it.`,
      data: remove('Delete the redundant line'),
    };
  }
  if (cover.range.prefix === range.prefix) {
    return {
      message: `\`${level}\` for ${formatRange(range)} never takes effect: ${where} names the same addresses first, and PowerMTA uses the first matching \`http-access\` line, so they get \`${cover.level}\`. Keep the one you mean: delete this line, or line ${cover.setting.line + 1}.`,
      data: remove(`Delete this line (line ${cover.setting.line + 1}'s \`${cover.level}\` stays in force)`),
    };
  }
  const lineText = ctx.doc.line(s.line).slice(ctx.doc.info(s.line).indent, ctx.doc.info(s.line).contentEnd);
  const coverIndent = ctx.doc.line(cover.setting.line).slice(0, ctx.doc.info(cover.setting.line).indent);
  return {
    message: `\`${level}\` for ${formatRange(range)} never takes effect: ${where} comes first and matches all of these addresses, and PowerMTA uses the first matching \`http-access\` line, so they get \`${cover.level}\`. Put the narrower line above the wider one.`,
    data: {
      coveredBy: cover.setting.line,
      fix: { title: `Move this line above line ${cover.setting.line + 1}`, edits: [insertLineBefore(ctx.doc, cover.setting.line, coverIndent + lineText), deleteLines(ctx.doc, s.line)] },
    },
  };
}
