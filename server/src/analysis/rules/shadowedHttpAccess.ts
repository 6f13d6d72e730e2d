import { formatRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, type RuleContext, where, wholeLine } from './context';
import { deleteLines, indentOf, insertLineBefore } from './fixes';
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
 * earlier line already covers its whole range (PowerMTA takes the first matching line). Lines of
 * other files of a configuration are compared in the analyzer (acrossFiles.ts).
 */
export const shadowedHttpAccessRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const { line, cover } of coveredLines(httpAccessLines(ctx))) out.push({ code: 'shadowed-http-access', ...wholeLine(ctx, line.setting.line), ...shadowed(ctx, line, cover) });
  return out;
};
shadowedHttpAccessRule.reads = HTTP_ACCESS_READS;

/**
 * Each line of `lines` (in load order) whose whole range an earlier line covers, with the first
 * line that does. Each line looks up its own network at every prefix length used by an earlier
 * line that is not longer than its own: linear in the number of lines (a handful of distinct
 * prefix lengths in practice, at most 129 look-ups).
 */
export function coveredLines<T extends HttpAccess>(lines: readonly T[]): { line: T; cover: T }[] {
  const out: { line: T; cover: T }[] = [];
  const seen = new Map<string, { line: T; at: number }>();
  const prefixes = { ipv4: new Set<number>(), ipv6: new Set<number>() };
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at];
    const { range } = line;
    const kind = range.address.kind();
    const bytes = range.address.toByteArray();
    let cover: { line: T; at: number } | undefined;
    const used = prefixes[kind];
    for (const p of used) {
      if (p > range.prefix) continue;
      const found = seen.get(networkKey(kind, bytes, p));
      if (found && (!cover || found.at < cover.at)) cover = found;
    }
    if (cover) {
      out.push({ line, cover: cover.line });
      continue;
    }
    const key = networkKey(kind, bytes, range.prefix);
    if (!seen.has(key)) seen.set(key, { line, at });
    used.add(range.prefix);
  }
  return out;
}

/**
 * What to say of a line that an earlier one covers, and the fix. The same level: the line is
 * redundant. The same range at another level: one of the two is a mistake, and moving this one up
 * would only leave the other dead, so the fix deletes this one (nothing changes for the addresses:
 * the earlier line already decides). A narrower range: it belongs above the wider one.
 */
export function shadowed(ctx: RuleContext, entry: HttpAccess, cover: HttpAccess, coverUri: string | undefined = ctx.uri): Pick<Finding, 'message' | 'data'> {
  const { setting: s, range, level } = entry;
  const here = coverUri === ctx.uri;
  const coverLine = where(ctx, { uri: coverUri, line: cover.setting.line });
  const at = `${coverLine} (\`http-access ${cover.setting.args[0].text} ${cover.level}\`)`;
  const remove = (title: string) => ({ coveredBy: here ? cover.setting.line : undefined, fix: { title, edits: [deleteLines(ctx.doc, s.line)] } });
  if (cover.level === level) {
    return {
      message: `This line never takes effect: ${at} already matches every address in ${formatRange(range)} with the same level, and PowerMTA uses the first matching \`http-access\` line. Delete it.`,
      data: remove('Delete the redundant line'),
    };
  }
  if (cover.range.prefix === range.prefix) {
    return {
      message: `\`${level}\` for ${formatRange(range)} never takes effect: ${at} names the same addresses first, and PowerMTA uses the first matching \`http-access\` line, so they get \`${cover.level}\`. Keep the one you mean: delete this line, or ${coverLine}.`,
      data: remove(`Delete this line (${coverLine}'s \`${cover.level}\` stays in force)`),
    };
  }
  const message = `\`${level}\` for ${formatRange(range)} never takes effect: ${at} comes first and matches all of these addresses, and PowerMTA uses the first matching \`http-access\` line, so they get \`${cover.level}\`. Put the narrower line above the wider one.`;
  // Moving the line into another file is not an edit of this one.
  if (!here) return { message };
  const lineText = ctx.doc.line(s.line).slice(ctx.doc.info(s.line).indent, ctx.doc.info(s.line).contentEnd);
  const coverIndent = indentOf(ctx.doc, cover.setting.line);
  return {
    message,
    data: {
      coveredBy: cover.setting.line,
      fix: { title: `Move this line above ${coverLine}`, edits: [insertLineBefore(ctx.doc, cover.setting.line, coverIndent + lineText), deleteLines(ctx.doc, s.line)] },
    },
  };
}
