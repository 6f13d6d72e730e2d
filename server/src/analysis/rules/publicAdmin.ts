import { formatRange, isPublicRange, parseRange } from '../values/network';
import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { configIndex } from './configIndex';
import { restrictToLoopback } from './reach';

/** `public-admin-access` (MISCONFIG SEC-04): `http-access` granting admin to 0/0 or a wide public range. */
export const publicAdminRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  // The top level of a file included inside a block is that block's (where http-access is misplaced).
  if (ctx.doc.enclosingTags.length > 0) return out;
  for (const s of configIndex(ctx).all('http-access')) {
    if (s.block !== ctx.structure.root || s.args.length < 2) continue;
    const level = s.args[1].text.toLowerCase();
    if (level !== 'admin') continue;
    const range = parseRange(s.args[0].text);
    if (!range || !isPublicRange(range) || range.prefix >= (range.address.kind() === 'ipv4' ? 24 : 48)) continue;
    out.push({
      code: 'public-admin-access',
      message: `\`http-access ${s.args[0].text} admin\` gives ${range.prefix === 0 ? 'anyone on the internet' : `the whole public range ${formatRange(range)}`} admin rights on the web monitor and HTTP API: they can change the configuration, run commands and read logs. Grant admin only to 127.0.0.1, ::1 or your management network.`,
      ...wholeLine(ctx, s.line),
      data: restrictToLoopback(ctx, s, 'admin'),
    });
  }
  return out;
};
publicAdminRule.reads = ['http-access'];
