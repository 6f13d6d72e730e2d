import { blockRule, isFalse, isTrue, valueSpan } from './context';
import { configIndex } from './configIndex';
import { inherited, inheritedOrigin, ownLine, queueName, queuesOf, reportedOn } from './inheritance';

/**
 * `starttls-contradiction` (MISCONFIG THR-14): `require-starttls yes` and `use-starttls no` apply
 * to the same queue (through the `<domain>` chain): `require-starttls` only counts when
 * `use-starttls` is on (UG5 §3.3.10.95.2), so the mail goes out in clear text while the file reads
 * as if TLS were enforced. Reported in the block that holds the `require-starttls` line PowerMTA
 * keeps, else the `use-starttls` one; also at the top level of a file included inside a `<domain>`.
 */
export const starttlsRule = blockRule(
  (ctx, block) => {
    const own = configIndex(ctx).settings(block).last;
    if (!own.get('require-starttls') && !own.get('use-starttls')) return [];
    for (const { file, block: queue } of queuesOf(ctx, block)) {
      const require = inherited(file, queue, 'require-starttls');
      const use = inherited(file, queue, 'use-starttls');
      if (!require || !isTrue(require.setting) || !use || !isFalse(use.setting)) continue;
      const at = reportedOn(ctx, block, queue, require, use);
      if (!at) continue;
      const other = at === require ? use : require;
      const otherFrom = ownLine(ctx, block, other) ? '' : ` (the other line is ${inheritedOrigin(ctx, other, queue)})`;
      return [
        {
          code: 'starttls-contradiction',
          message: `${queueName(ctx, file, queue)} asks for TLS (\`require-starttls yes\`) but never tries it (\`use-starttls no\`)${otherFrom}: PowerMTA only honours \`require-starttls\` when \`use-starttls\` is on, so this mail is delivered in clear text, not refused. Remove \`use-starttls no\` to enforce TLS, or drop \`require-starttls\`.`,
          ...valueSpan(ctx, at.setting),
        },
      ];
    }
    return [];
  },
  { tags: ['domain', 'global'], inherits: true, reads: ['include'], names: [] },
);
