import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex } from './configIndex';
import { httpAccessLines, isLoopbackOnly, HTTP_ACCESS_READS } from './reach';

const FALSE = new Set(['no', 'false']);

/** `plaintext-http-management` (MISCONFIG SEC-08): `http-redirect-to-https false` while the console is reachable from other hosts. */
export const plaintextHttpRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const redirect = index.settings(ctx.structure.root).last.get('http-redirect-to-https');
  if (!redirect || !FALSE.has(redirect.args[0]?.text.toLowerCase() ?? '')) return [];
  const remote = httpAccessLines(ctx).find((a) => a.level !== 'none' && !isLoopbackOnly(a.range));
  if (!remote) return [];
  const out: Finding[] = [];
  out.push({
    code: 'plaintext-http-management',
    message: `\`http-redirect-to-https ${redirect.args[0].text}\` keeps the management console on plain HTTP, yet \`http-access\` on line ${remote.setting.line + 1} lets other hosts in: logins, API keys and configuration cross the network unencrypted. Remove this line (the default redirects to HTTPS) or limit \`http-access\` to 127.0.0.1 and reach the console through an SSH tunnel.`,
    ...valueSpan(ctx, redirect),
  });
  return out;
};
plaintextHttpRule.reads = ['http-redirect-to-https', ...HTTP_ACCESS_READS];
