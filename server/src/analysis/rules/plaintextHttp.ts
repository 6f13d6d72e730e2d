import type { Finding } from '../types';
import { type DocumentRule, valueSpan, where } from './context';
import { lastTopLevel, topLevelFiles } from './configIndex';
import { firstHttpAccess, isLoopbackOnly, HTTP_ACCESS_READS } from './reach';

const FALSE = new Set(['no', 'false']);

/**
 * `plaintext-http-management` (MISCONFIG SEC-08): `http-redirect-to-https false` while the console
 * is reachable from other hosts. Both are looked for in every file of a configuration split over
 * files (topLevelFiles); the file holding the redirect reports it.
 */
export const plaintextHttpRule: DocumentRule = (ctx) => {
  const files = topLevelFiles(ctx);
  const redirect = lastTopLevel(files, 'http-redirect-to-https');
  if (!redirect || redirect.file.doc !== ctx.doc || !FALSE.has(redirect.setting.args[0]?.text.toLowerCase() ?? '')) return [];
  const remote = firstHttpAccess(files, (a) => a.level !== 'none' && !isLoopbackOnly(a.range));
  if (!remote) return [];
  const out: Finding[] = [];
  out.push({
    code: 'plaintext-http-management',
    message: `\`http-redirect-to-https ${redirect.setting.args[0].text}\` keeps the management console on plain HTTP, yet \`http-access\` on ${where(ctx, { uri: remote.file.uri, line: remote.access.setting.line })} lets other hosts in: API keys, queue data and configuration cross the network unencrypted. Set it to \`true\` (PowerMTA 5.0's default; 4.5 defaulted to \`false\`) or limit \`http-access\` to 127.0.0.1 and reach the console through an SSH tunnel.`,
    ...valueSpan(ctx, redirect.setting),
  });
  return out;
};
plaintextHttpRule.reads = ['http-redirect-to-https', ...HTTP_ACCESS_READS];
