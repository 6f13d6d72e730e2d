import type { Finding } from '../types';
import { type DocumentRule, type Setting, valueSpan, wholeLine } from './context';
import { configIndex } from './configIndex';
import { deleteLines } from './fixes';

const TRANSIENT = new Set(['t', 'tq', 'transient', 'transient-queue']);
const MAIN = new Set(['d', 'b', 'delivery', 'bounce']);

function recordTypes(s: Setting): string[] {
  return s.args
    .map((a) => a.text)
    .join(',')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Accounting files (`<acct-file>`), MISCONFIG SYN-07, THR-17, THR-18, OPS-05:
 * `records-repeated` (`records` may appear once; a second line is merged or ignored, undocumented),
 * `move-interval-without-move-to`, `transient-records-in-main-file`, `accounting-never-deleted`.
 * Unknown record types are reported by the value check (`invalid-value`).
 */
export const accountingRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const out: Finding[] = [];
  for (const block of index.blocks('acct-file')) {
    const { list, last } = index.settings(block);
    const records = list.filter((s) => s.name === 'records');
    if (records.length > 1) {
      const first = records[0];
      const union = [...new Set(records.flatMap(recordTypes))];
      const firstArg = first.args[0];
      const simple = records.every((r) => r.args.length === 1 && r.args[0].line === r.args[0].endLine && !ctx.doc.info(r.line).trailingComma);
      for (const r of records.slice(1)) {
        out.push({
          code: 'records-repeated',
          message: `\`records\` is already set on line ${first.line + 1} of this \`<acct-file>\`; PowerMTA allows it once per file and does not say whether the second line replaces or adds to the first, so some record types may silently not be written. Merge them into one line: \`records ${union.join(',')}\`.`,
          ...wholeLine(ctx, r.line),
          data: simple
            ? {
                fix: {
                  title: `Merge into \`records ${union.join(',')}\``,
                  edits: [{ line: firstArg.line, start: firstArg.start, end: firstArg.end, newText: union.join(',') }, ...records.slice(1).map((x) => deleteLines(ctx.doc, x.line))],
                },
              }
            : undefined,
        });
      }
    }
    const moveInterval = last.get('move-interval');
    if (moveInterval && !last.has('move-to')) {
      out.push({
        code: 'move-interval-without-move-to',
        message: `In PowerMTA 5.0 \`move-interval\` says how often finished accounting files are moved to the \`move-to\` directory; this \`<acct-file>\` has no \`move-to\`, so the line is ignored and the file rotates on \`max-size\` only. Add \`move-to DIR\` if you want the files moved, or delete the line.`,
        ...valueSpan(ctx, moveInterval),
      });
    }
    const types = records.flatMap(recordTypes);
    const transient = types.filter((t) => TRANSIENT.has(t));
    if (transient.length && types.some((t) => MAIN.has(t))) {
      out.push({
        code: 'transient-records-in-main-file',
        message: `\`${transient.join(', ')}\` writes a record for every temporary failure, often many times the delivery records, into the same file as deliveries and bounces: the file grows quickly and consumers must filter. Write transient records to a separate \`<acct-file>\`.`,
        ...valueSpan(ctx, records[records.length - 1]),
      });
    }
    const deleteAfter = last.get('delete-after');
    if (deleteAfter?.args[0]?.text.toLowerCase() === 'never' && !last.has('move-to')) {
      out.push({
        code: 'accounting-never-deleted',
        message: '`delete-after never` keeps every rotated accounting file next to the live one forever, and nothing moves them away (no `move-to`): the disk fills up over the months. Keep a number of days (`delete-after 30d`) or move the files to an archive with `move-to`.',
        ...valueSpan(ctx, deleteAfter),
      });
    }
  }
  return out;
};
accountingRule.reads = ['records', 'move-interval', 'move-to', 'delete-after'];
