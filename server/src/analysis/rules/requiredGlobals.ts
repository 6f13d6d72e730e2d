import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { configIndex, wholeConfiguration } from './configIndex';
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
 * (`wholeConfiguration`: alone, a file that sets at least two different process-wide settings such
 * as `smtp-listener`, `spool`, `http-mgmt-port`, `http-access`, `run-as-root`, `postmaster` or
 * `log-file`, and includes no other file; in a configuration set, the main file of a set that holds
 * every file it includes and sets two of them anywhere). A fragment (only blocks, or only
 * per-domain settings) never gets these.
 */
export const requiredGlobalsRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  // In a configuration set the findings go to the main file (the one nothing includes), and the
  // settings of every file of the set count.
  if (!wholeConfiguration(ctx, 'top level') || (ctx.configuration && !ctx.configuration.root)) return [];
  const own = index.settings(ctx.structure.root).last;
  // In a configuration set, a setting in any included file counts.
  const top = { has: (name: string) => own.has(name) || !!ctx.configuration?.topLevel.has(name) };
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
