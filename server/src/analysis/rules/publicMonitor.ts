import { formatRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { httpAccessLines, isWidePublic, restrictToLoopback, HTTP_ACCESS_READS } from './reach';

const LEVEL_WORDS: Record<string, string> = {
  monitor: 'read the queues, domains and logs',
  'monitor,deny-logs': 'read the queues and destination domains',
  operator: 'read everything, the configuration included, and run commands',
};

/** `public-monitor-access` (MISCONFIG SEC-05): `http-access` granting monitor or operator to 0/0 or a wide public range. */
export const publicMonitorRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const { setting: s, range, level } of httpAccessLines(ctx)) {
    const what = LEVEL_WORDS[level];
    if (!what || !isWidePublic(range)) continue;
    const who = range.prefix === 0 ? 'anyone on the internet' : `the whole public range ${formatRange(range)}`;
    out.push({
      code: 'public-monitor-access',
      message: `\`http-access ${s.args[0].text} ${level}\` lets ${who} ${what} through the web monitor: recipient domains, volumes and IP names leak to competitors and spammers. Grant ${level} only to 127.0.0.1, ::1 or your office or VPN range (e.g. \`http-access 203.0.113.0/28 ${level}\`).`,
      ...wholeLine(ctx, s.line),
      data: restrictToLoopback(ctx, s, level),
    });
  }
  return out;
};
publicMonitorRule.reads = HTTP_ACCESS_READS;
