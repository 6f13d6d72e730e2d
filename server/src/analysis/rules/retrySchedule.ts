import { describeDuration, parseDuration } from '../values/time';
import type { Finding } from '../types';
import { type DocumentRule, type Setting, blockRule, valueSpan } from './context';
import { configIndex } from './configIndex';
import { inherited, queuesOf, reportedOn } from './inheritance';
import { replaceFix } from './fixes';

/** Days beyond which a queue lifetime is considered too long (RFC 5321 asks for at least 4-5 days; PowerMTA's default is 4d12h). */
export const MAX_BOUNCE_AFTER_SECONDS = 5 * 86400;
/** Below this, a `bounce-after` is taken as a deliberate immediate bounce, not a mistake. */
const DELIBERATE_BOUNCE_SECONDS = 15 * 60;

function seconds(s: Setting | undefined, fallback: string | undefined): number | undefined {
  const t = s?.args[0]?.text ?? fallback;
  return t === undefined ? undefined : parseDuration(t.toLowerCase());
}

/** `long-queue-lifetime` (THR-08): `bounce-after` longer than 5 days. */
export const longQueueLifetimeRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const out: Finding[] = [];
  for (const s of index.all('bounce-after')) {
    const sec = seconds(s, undefined);
    if (sec === undefined || sec <= MAX_BOUNCE_AFTER_SECONDS) continue;
    const span = valueSpan(ctx, s);
    out.push({
      code: 'long-queue-lifetime',
      message: `\`bounce-after ${s.args[0].text}\` keeps undeliverable mail queued for ${describeDuration(sec)}. Mail that old is stale for the recipient, fills the spool and keeps retrying against providers that already said no; RFC 5321 asks senders to keep trying for at least 4-5 days, which PowerMTA's default of 4d12h does; much longer mostly delays the bounce. Use \`4d12h\` or a little more.`,
      ...span,
      data: replaceFix('Use PowerMTA\'s default lifetime (4d12h)', span.line, span.start, span.end, '4d12h'),
    });
  }
  return out;
};
longQueueLifetimeRule.reads = ['bounce-after'];

/**
 * `retry-beyond-bounce-after` (issue 8, THR-09): the retry schedule does not fit the queue lifetime:
 * the first `retry-after` (or `backoff-retry-after`) interval is not shorter than `bounce-after`,
 * so mail bounces without a single retry (greylisting then looks like a hard failure); or later
 * entries start after `bounce-after` and are never used (information). Checked only where the
 * retry list is written somewhere in the `<domain>` chain, in blocks that set one of the values;
 * a block that only sets a `bounce-after` under 15 minutes is a deliberate black hole and is skipped.
 */
export const retryScheduleRule = blockRule(
  (ctx, block) => {
    const index = configIndex(ctx);
    const out: Finding[] = [];
    const own = index.settings(block).last;
    const ownBounce = own.get('bounce-after');
    for (const listName of ['retry-after', 'backoff-retry-after']) {
      if (!own.get(listName) && !ownBounce) continue;
      for (const { file, block: queue } of queuesOf(ctx, block)) {
        const list = inherited(file, queue, listName);
        if (!list) continue;
        const bounce = inherited(file, queue, 'bounce-after');
        // Reported once, on this block's list line if the queue holds it, else on its bounce-after line.
        const at = reportedOn(ctx, block, queue, list, bounce);
        if (!at) continue;
        const ownList = at === list ? list.setting : undefined;
        const lifetime = seconds(bounce?.setting, index.defaultOf('bounce-after', 'domain'));
        const text = list.setting.args[0]?.text ?? '';
        const entries = text.split(',').map((e) => parseDuration(e.toLowerCase()));
        if (lifetime === undefined || entries.length === 0 || entries.some((e) => e === undefined)) continue;
        const bounceText = bounce?.setting.args[0]?.text ?? `${index.defaultOf('bounce-after', 'domain')} (the default)`;
        // A very short own bounce-after with an inherited list is a deliberate "bounce now" (black-hole queues).
        if (!ownList && lifetime < DELIBERATE_BOUNCE_SECONDS) continue;
        if (entries[0]! >= lifetime) {
          out.push({
            code: 'retry-beyond-bounce-after',
            message: `The first \`${listName}\` interval (${describeDuration(entries[0]!)}) is not shorter than \`bounce-after ${bounceText}\`: a message that is deferred once${listName === 'backoff-retry-after' ? ' while the queue is in backoff mode' : ''} bounces before its first retry, so a greylisting or a short outage becomes a hard bounce. Make \`bounce-after\` much longer than the first retry interval.`,
            ...valueSpan(ctx, at.setting),
          });
          break;
        }
        if (!ownList) continue;
        let elapsed = 0;
        let keep = entries.length;
        for (let i = 0; i < entries.length; i++) {
          if (elapsed >= lifetime) {
            keep = i;
            break;
          }
          elapsed += entries[i]!;
        }
        if (keep === entries.length) continue;
        const kept = text.split(',').slice(0, keep).join(',');
        const span = valueSpan(ctx, ownList);
        out.push({
          code: 'retry-beyond-bounce-after',
          severity: 'information',
          message: `The last ${entries.length - keep === 1 ? 'entry' : `${entries.length - keep} entries`} of \`${listName} ${text}\` ${entries.length - keep === 1 ? 'starts' : 'start'} after \`bounce-after ${bounceText}\` has expired, so ${entries.length - keep === 1 ? 'it is' : 'they are'} never used. Shorten the list to \`${kept}\`, or lengthen \`bounce-after\` if you meant to keep retrying.`,
          ...span,
          data: ownList.args[0].line === ownList.args[0].endLine ? replaceFix(`Shorten the list to ${kept}`, span.line, span.start, span.end, kept) : undefined,
        });
        break;
      }
    }
    return out;
  },
  { tags: ['domain', 'global'], inherits: true, reads: ['include'], names: [] },
);
