import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { configIndex } from './configIndex';
import { insertLineBefore } from './fixes';

/** Where whole-file findings are shown: the first directive or tag line (or the first line). */
function anchor(ctx: Parameters<DocumentRule>[0]): { line: number; start: number; end: number } {
  for (let i = 0; i < ctx.doc.lineCount; i++) {
    const info = ctx.doc.info(i);
    if (info.contentEnd > info.indent && (info.name || info.tag)) return { line: i, start: info.indent, end: info.contentEnd };
  }
  return { line: 0, start: 0, end: ctx.doc.lineCount > 0 ? ctx.doc.line(0).length : 0 };
}

/**
 * `missing-log-file`, `missing-postmaster`, `missing-spool` (MISCONFIG REQ-01..03): settings a
 * main configuration needs. Only files that look like a main configuration are checked
 * (`ConfigIndex.looksLikeMainConfig`: they set at least two different process-wide settings such
 * as `smtp-listener`, `spool`, `http-mgmt-port`, `http-access`, `run-as-root`, `postmaster` or
 * `log-file`, and include no other file). A fragment (only blocks, or only per-domain settings) never gets these; once
 * includes are resolved the check can run on the merged configuration instead.
 */
export const requiredGlobalsRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  if (!index.looksLikeMainConfig) return [];
  const top = index.settings(ctx.structure.root).last;
  const at = anchor(ctx);
  const out: Finding[] = [];
  if (!top.has('log-file')) {
    out.push({
      code: 'missing-log-file',
      message: 'This configuration sets no `log-file`: PowerMTA refuses to start without one ("No logging file specified"). Add `log-file /var/log/pmta/log` (the packaged location).',
      ...at,
      data: { fix: { title: 'Add `log-file /var/log/pmta/log`', edits: [insertLineBefore(ctx.doc, at.line, 'log-file /var/log/pmta/log')] } },
    });
  }
  if (!top.has('postmaster')) {
    out.push({
      code: 'missing-postmaster',
      message: 'No `postmaster` address: PowerMTA sends crash reports, licence-expiry warnings and other notices to it, so nobody hears about them. Add `postmaster you@example.com` with a mailbox someone reads.',
      ...at,
    });
  }
  if (!top.has('spool') && !ctx.structure.root.children.some((b) => b.tag === 'spool')) {
    out.push({
      code: 'missing-spool',
      message: 'No spool directory (`<spool /var/spool/pmta>` … `</spool>`): PowerMTA needs at least one to store queued messages. Add the spool block (the packaged location is /var/spool/pmta).',
      ...at,
    });
  }
  return out;
};
