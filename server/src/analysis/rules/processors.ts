import type { BlockNode } from '../../syntax/blocks';
import type { Finding } from '../types';
import { type DocumentRule, valueSpan } from './context';
import { configIndex, MAIN_CONFIG_READS, wholeConfiguration } from './configIndex';
import { indentOf, insertLineBefore, replaceFix } from './fixes';

const PROCESSORS: Record<string, { what: string; records: string[]; recordsText: string }> = {
  'bounce-processor': { what: 'bounce', records: ['rb', 'rs', 'remote-bounce', 'remote-status'], recordsText: '`rb` or `rs`' },
  'feedback-loop-processor': { what: 'feedback-loop (complaint)', records: ['f', 'feedback-loop'], recordsText: '`f`' },
};

function tagSpan(ctx: Parameters<typeof valueSpan>[0], b: BlockNode): { line: number; start: number; end: number } {
  const info = ctx.doc.info(b.openLine);
  return { line: b.openLine, start: info.indent, end: info.contentEnd };
}

/**
 * Bounce and feedback-loop processors (MISCONFIG BFP-01, BFP-03, BFP-04):
 * `processor-without-address-list`, `forward-unmatched-discarded`, `processor-results-not-recorded`.
 */
export const processorsRule: DocumentRule = (ctx) => {
  const index = configIndex(ctx);
  const out: Finding[] = [];
  // Results are judged against the accounting files of the whole configuration, when it is one.
  const files = wholeConfiguration(ctx);
  const accountingTypes = new Set(
    (files ?? [])
      .flatMap((c) => configIndex(c).all('records'))
      .filter((s) => s.block.tag === 'acct-file')
      .flatMap((s) => s.args.map((a) => a.text).join(',').split(','))
      .map((t) => t.trim().toLowerCase()),
  );
  const hasAcctFiles = (files ?? []).some((c) => configIndex(c).blocks('acct-file').length > 0);
  for (const [tag, p] of Object.entries(PROCESSORS)) {
    for (const block of index.blocks(tag)) {
      if (!block.children.some((c) => c.tag === 'address-list')) {
        out.push({
          code: 'processor-without-address-list',
          message: `\`<${tag}>\` has no \`<address-list>\`, so it recognises no incoming address and processes nothing. Add \`<address-list>\` with the ${p.what} domains or addresses it should handle (e.g. \`domain bounces.example.com\`).`,
          ...tagSpan(ctx, block),
        });
      }
      const last = index.settings(block).last;
      const forward = last.get('forward-unmatched-to');
      const deliverLine = last.get('deliver-unmatched-email');
      const deliver = deliverLine?.args[0]?.text.toLowerCase();
      // With forward-unmatched-to set, deliver-unmatched-email no longer defaults to true (UG5
      // §3.3.3.1): left out, the unmatched mail is thrown away as with `no`.
      if (forward && deliver !== 'yes' && deliver !== 'true') {
        const span = valueSpan(ctx, forward);
        const set = deliverLine?.args[0]
          ? replaceFix('Set deliver-unmatched-email yes', deliverLine.args[0].line, deliverLine.args[0].start, deliverLine.args[0].end, 'yes')
          : deliverLine
            ? undefined
            : { fix: { title: 'Add deliver-unmatched-email yes', edits: [insertLineBefore(ctx.doc, forward.line, `${indentOf(ctx.doc, forward.line)}deliver-unmatched-email yes`)] } };
        out.push({
          code: 'forward-unmatched-discarded',
          message: deliverLine
            ? `\`forward-unmatched-to\` should pass on mail the processor does not recognise (replies from people, auto-responders), but \`deliver-unmatched-email ${deliverLine.args[0]?.text ?? ''}\` throws that mail away first, so nothing is forwarded. Set \`deliver-unmatched-email yes\`.`
            : `\`forward-unmatched-to\` should pass on mail the processor does not recognise (replies from people, auto-responders), but it is only forwarded with \`deliver-unmatched-email yes\`: once \`forward-unmatched-to\` is set, that is no longer the default, and the mail is thrown away. Add \`deliver-unmatched-email yes\`.`,
          ...span,
          ...(set ? { data: set } : {}),
        });
      }
      if (hasAcctFiles && !p.records.some((r) => accountingTypes.has(r))) {
        out.push({
          code: 'processor-results-not-recorded',
          message: `\`<${tag}>\` processes incoming ${p.what} reports, but no \`<acct-file>\` in the configuration records them (no ${p.recordsText} in \`records\`), so the results go nowhere your list hygiene can read. Add ${p.records[0] === 'f' ? '`f`' : '`rb` (remote bounces)'} to the \`records\` of an \`<acct-file>\`.`,
          ...tagSpan(ctx, block),
        });
      }
    }
  }
  return out;
};
processorsRule.reads = [...MAIN_CONFIG_READS, 'records', 'forward-unmatched-to', 'deliver-unmatched-email'];
