import { formatRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, where, wholeLine } from './context';
import { configIndex, lastTopLevel, topLevelFiles } from './configIndex';
import { type HttpAccess, firstHttpAccess, isLoopbackOnly, isWidePublic, HTTP_ACCESS_READS } from './reach';

/** An http-access line that gives operator or admin rights beyond loopback (admin for a wide public range is public-admin-access's). */
const opensConsole = (a: HttpAccess) => (a.level === 'operator' || a.level === 'admin') && !isLoopbackOnly(a.range) && !(a.level === 'admin' && isWidePublic(a.range));

/**
 * `root-with-remote-http` (MISCONFIG SEC-07): the daemon runs as root (`run-as-root` is true by
 * default) while `http-access` gives operator or admin rights beyond the loopback interface. In a
 * configuration split over files, `run-as-root` and the `http-access` lines are looked for in every
 * file (topLevelFiles); the file holding the first such line reports it.
 */
export const rootWithRemoteHttpRule: DocumentRule = (ctx) => {
  const files = topLevelFiles(ctx);
  const root = lastTopLevel(files, 'run-as-root');
  const value = (root?.setting.args[0]?.text ?? configIndex(ctx).defaultOf('run-as-root', 'global') ?? 'true').toLowerCase();
  if (value === 'no' || value === 'false') return [];
  const remote = firstHttpAccess(files, opensConsole);
  if (!remote || remote.file.doc !== ctx.doc) return [];
  const { access } = remote;
  const how = root ? `\`run-as-root ${root.setting.args[0]?.text}\` on ${where(ctx, { uri: root.file.uri, line: root.setting.line })}` : '`run-as-root` is not set, and it defaults to yes';
  const out: Finding[] = [];
  out.push({
    code: 'root-with-remote-http',
    message: `PowerMTA runs as root (${how}) while \`http-access ${access.setting.args[0].text} ${access.level}\` opens the management console to ${formatRange(access.range)}. A published path-traversal flaw in the console's file endpoint then reads any file on the machine, keys and passwords included. Set \`run-as-root no\` (and make the spool, logs and keys readable by the pmta user), or limit ${access.level} access to 127.0.0.1.`,
    ...wholeLine(ctx, access.setting.line),
    data: root && root.file.doc === ctx.doc ? { runAsRootLine: root.setting.line } : undefined,
  });
  return out;
};
rootWithRemoteHttpRule.reads = ['run-as-root', ...HTTP_ACCESS_READS];
