import type { BlockNode } from '../../syntax/blocks';
import { describeRate, parseRate, perHour } from '../values/time';
import type { Finding } from '../types';
import { type RuleContext, blockRule, valueSpan } from './context';
import { type LastSettings, configIndex } from './configIndex';
import { blockNamed } from './includedInto';
import { inherited, inheritedOrigin, queuesOf, reportedOn } from './inheritance';

function ratePerHour(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.toLowerCase();
  if (t === 'unlimited' || t === '0') return Infinity;
  const r = parseRate(t);
  return r ? perHour(r) : undefined;
}

function describe(text: string): string {
  const r = parseRate(text.toLowerCase());
  if (!r) return 'without any limit';
  // "500 messages per hour (= 500/h)" says the same thing twice.
  return r.multiplier === 1 && (r.unit === 'h' || r.unit === 'hr') ? describeRate(r).replace(/ \(= [^)]*\)$/, '') : describeRate(r);
}


/**
 * `backoff-faster-than-normal` (MISCONFIG THR-02/THR-04): backoff mode is meant to slow a queue
 * down, but its limits are looser than the normal ones: `backoff-max-msg-rate` above
 * `max-msg-rate`, or `backoff-max-smtp-out` above `max-smtp-out` (values inherited through the
 * `<domain>` chain). Only checked where the backoff value is set explicitly somewhere in the chain
 * (when it is unset PowerMTA falls back to the normal value), and reported in blocks that set one
 * of the two values.
 */
export const backoffRatesRule = blockRule(
  (ctx, block) => {
    const out: Finding[] = [];
    const own = configIndex(ctx).settings(block).last;
    checkPair(block, own, 'max-msg-rate', 'backoff-max-msg-rate', ratePerHour, (queue, b, n, bs, ns) =>
      `In backoff ${queue} may send ${describe(bs)} (\`backoff-max-msg-rate\`, ${b}) but normally only ${describe(ns)} (\`max-msg-rate\`, ${n}): backoff, meant to calm a provider that is deferring you, speeds sending up instead. Set \`backoff-max-msg-rate\` well below \`max-msg-rate\`, e.g. a tenth of it.`,
      out, ctx);
    checkPair(block, own, 'max-smtp-out', 'backoff-max-smtp-out', (t) => (t !== undefined && /^\d+$/.test(t) ? Number(t) : undefined), (queue, b, n, bs, ns) =>
      `In backoff ${queue} may open ${bs} connection${bs === '1' ? '' : 's'} (\`backoff-max-smtp-out\`, ${b}) but normally only ${ns} (\`max-smtp-out\`, ${n}): backoff opens more connections to a provider that is already deferring you. Set \`backoff-max-smtp-out\` below \`max-smtp-out\` (1 or 2 is usual).`,
      out, ctx);
    return out;
  },
  { tags: ['domain', 'global'], inherits: true, reads: ['include'], names: [] },
);

function checkPair(
  block: BlockNode,
  own: LastSettings,
  normalName: string,
  backoffName: string,
  parse: (t: string | undefined) => number | undefined,
  message: (queue: string, backoffOrigin: string, normalOrigin: string, backoffText: string, normalText: string) => string,
  out: Finding[],
  ctx: RuleContext,
): void {
  if (!own.get(backoffName) && !own.get(normalName)) return;
  for (const { file, block: queue } of queuesOf(ctx, block)) {
    const backoff = inherited(file, queue, backoffName);
    if (!backoff) continue;
    const normal = inherited(file, queue, normalName);
    // Reported once, on this block's backoff line if the queue holds it, else on its normal one.
    const at = reportedOn(ctx, block, queue, backoff, normal);
    if (!at) continue;
    const backoffText = backoff.setting.args[0]?.text;
    const normalText = normal?.setting.args[0]?.text ?? configIndex(ctx).defaultOf(normalName, 'domain');
    const b = parse(backoffText);
    const n = parse(normalText);
    if (b === undefined || n === undefined || !(b > n)) continue;
    out.push({
      code: 'backoff-faster-than-normal',
      message: message(file.doc === ctx.doc ? 'this queue' : blockNamed(ctx, file, queue), inheritedOrigin(ctx, backoff, queue), normal ? inheritedOrigin(ctx, normal, queue) : 'the default', backoffText!, normalText!),
      ...valueSpan(ctx, at.setting),
    });
    return;
  }
}
