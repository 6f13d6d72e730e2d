import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex } from './configIndex';
import { replaceFix } from './fixes';

/** `dkim-sha1` (MISCONFIG SEC-17): `dkim-algorithm rsa-sha1` (or the second signature's). */
export const dkimSha1Rule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const name of ['dkim-algorithm', 'second-dkim-algorithm']) {
    for (const s of configIndex(ctx).all(name)) {
      if (s.args[0]?.text.toLowerCase() !== 'rsa-sha1') continue;
      const span = valueSpan(ctx, s);
      out.push({
        code: 'dkim-sha1',
        message: `\`${name} rsa-sha1\` signs with SHA-1, which RFC 8301 forbids for DKIM: Gmail and other receivers treat such signatures as missing, so DMARC may fail. Use \`rsa-sha256\` (the default); the same keys work.`,
        ...span,
        data: replaceFix('Sign with rsa-sha256', span.line, span.start, span.end, 'rsa-sha256'),
      });
    }
  }
  return out;
};
dkimSha1Rule.reads = ['dkim-algorithm', 'second-dkim-algorithm'];
