import type { Finding } from '../types';
import { blockRule, isTrue, valueSpan } from './context';
import { configIndex } from './configIndex';
import { inherited, inheritedOrigin } from './inheritance';

const isNo = (t: string | undefined) => t === 'no' || t === 'false';

/**
 * `starttls-contradiction` (MISCONFIG THR-14): `require-starttls yes` and `use-starttls no` apply
 * to the same queue (through the `<domain>` chain): TLS is required but never attempted, so
 * nothing can be delivered. Reported in blocks that set one of the two.
 */
export const starttlsRule = blockRule(
  (ctx, block) => {
    const index = configIndex(ctx);
    const own = index.settings(block).last;
    const ownRequire = own.get('require-starttls');
    const ownUse = own.get('use-starttls');
    if (!ownRequire && !ownUse) return [];
    const require = inherited(ctx, block, 'require-starttls');
    const use = inherited(ctx, block, 'use-starttls');
    if (!require || !isTrue(require.setting) || !use || !isNo(use.setting.args[0]?.text.toLowerCase())) return [];
    const other = ownRequire ? use : require;
    const out: Finding[] = [];
    out.push({
      code: 'starttls-contradiction',
      message: `This queue requires TLS (\`require-starttls yes\`) but never offers it (\`use-starttls no\`)${other.block !== block ? ` (the other line is ${inheritedOrigin(ctx, other, block)})` : ''}: every delivery fails. Remove \`use-starttls no\`, or drop \`require-starttls\`.`,
      ...valueSpan(ctx, ownRequire ?? ownUse!),
    });
    return out;
  },
  { tags: ['domain'], inherits: true, names: [] },
);
