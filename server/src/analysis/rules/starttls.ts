import { blockRule, isTrue, valueSpan, where } from './context';
import { configIndex } from './configIndex';
import { blocksReadInto } from './includedInto';
import { type Inherited, inherited, inheritedOrigin } from './inheritance';

const isNo = (t: string | undefined) => t === 'no' || t === 'false';

/**
 * `starttls-contradiction` (MISCONFIG THR-14): `require-starttls yes` and `use-starttls no` apply
 * to the same queue (through the `<domain>` chain): TLS is required but never attempted, so
 * nothing can be delivered. Reported in the block that holds the `require-starttls` line PowerMTA
 * keeps, else the `use-starttls` one; also at the top level of a file included inside a `<domain>`.
 */
export const starttlsRule = blockRule(
  (ctx, block) => {
    const own = configIndex(ctx).settings(block).last;
    if (!own.get('require-starttls') && !own.get('use-starttls')) return [];
    // The block itself, or the `<domain>` blocks the top level of this file is read into.
    const queues = block !== ctx.structure.root ? [{ file: ctx, block }] : blocksReadInto(ctx).filter((q) => q.block.tag === 'domain');
    for (const { file, block: queue } of queues) {
      const require = inherited(file, queue, 'require-starttls');
      const use = inherited(file, queue, 'use-starttls');
      if (!require || !isTrue(require.setting) || !use || !isNo(use.setting.args[0]?.text.toLowerCase())) continue;
      // Reported once: on the require line if the queue's own block (or a file read into it) holds it, else on the use line; by the file that holds that line.
      const mine = (x: Inherited) => x.file.doc === ctx.doc && ctx.structure.blockOfLine[x.setting.line] === block;
      const at = require.block === queue ? require : use.block === queue ? use : undefined;
      if (!at || !mine(at)) continue;
      const other = at === require ? use : require;
      const name = file.doc === ctx.doc ? 'This queue' : `\`<domain ${queue.arg ?? '*'}>\` (on ${where(ctx, { uri: file.uri, line: queue.openLine })}, which includes this file)`;
      const otherFrom = !mine(other) ? ` (the other line is ${inheritedOrigin(ctx, other, queue)})` : '';
      return [
        {
          code: 'starttls-contradiction',
          message: `${name} requires TLS (\`require-starttls yes\`) but never offers it (\`use-starttls no\`)${otherFrom}: every delivery fails. Remove \`use-starttls no\`, or drop \`require-starttls\`.`,
          ...valueSpan(ctx, at.setting),
        },
      ];
    }
    return [];
  },
  { tags: ['domain', 'global'], inherits: true, reads: ['include'], names: [] },
);
