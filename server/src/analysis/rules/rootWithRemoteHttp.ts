import { formatRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { configIndex } from './configIndex';
import { httpAccessLines, isLoopbackOnly, isWidePublic, HTTP_ACCESS_READS } from './reach';

/**
 * `root-with-remote-http` (MISCONFIG SEC-07): the daemon runs as root (`run-as-root` is true by
 * default) while `http-access` gives operator or admin rights beyond the loopback interface.
 */
export const rootWithRemoteHttpRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const root = index.settings(ctx.structure.root).last.get('run-as-root');
  const value = (root?.args[0]?.text ?? index.defaultOf('run-as-root', 'global') ?? 'true').toLowerCase();
  if (value === 'no' || value === 'false') return [];
  // Admin for a wide public range is already an error of its own (public-admin-access).
  const remote = httpAccessLines(ctx).find((a) => (a.level === 'operator' || a.level === 'admin') && !isLoopbackOnly(a.range) && !(a.level === 'admin' && isWidePublic(a.range)));
  if (!remote) return [];
  const out: Finding[] = [];
  const how = root ? `\`run-as-root ${root.args[0]?.text}\` on line ${root.line + 1}` : '`run-as-root` is not set, and it defaults to yes';
  out.push({
    code: 'root-with-remote-http',
    message: `PowerMTA runs as root (${how}) while \`http-access ${remote.setting.args[0].text} ${remote.level}\` opens the management console to ${formatRange(remote.range)}. A published path-traversal flaw in the console's file endpoint then reads any file on the machine, keys and passwords included. Set \`run-as-root no\` (and make the spool, logs and keys readable by the pmta user), or limit ${remote.level} access to 127.0.0.1.`,
    ...wholeLine(ctx, remote.setting.line),
    data: root ? { runAsRootLine: root.line } : undefined,
  });
  return out;
};
rootWithRemoteHttpRule.reads = ['run-as-root', ...HTTP_ACCESS_READS];
