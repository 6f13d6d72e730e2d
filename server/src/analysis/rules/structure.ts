import type { Finding } from '../types';
import type { DocumentRule } from './context';

/** `unclosed-block` and `unexpected-close`, from the block tree. */
export const structureRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const block of ctx.structure.blocks) {
    if (block.closedBy === 'tag') continue;
    const info = ctx.doc.info(block.openLine);
    const span = block.nested ? (info.nestedOpen ?? { start: info.indent, end: info.contentEnd }) : { start: info.indent, end: info.contentEnd };
    const where =
      block.closedBy === 'eof'
        ? 'the file ends first'
        : `\`</${block.parent?.tag}>\` on line ${block.endLine + 2} closes the outer block first`;
    out.push({
      code: 'unclosed-block',
      message: `\`<${block.tag}${block.arg ? ' ' + block.arg : ''}>\` is never closed: ${where}. Add \`</${block.tag}>\`.`,
      line: block.openLine,
      start: span.start,
      end: span.end,
      data: { tag: block.tag, insertLine: block.endLine + 1 },
    });
  }
  for (const line of ctx.structure.strayCloses) {
    const info = ctx.doc.info(line);
    const open = ctx.structure.blockOfLine[line];
    const hint = open.tag !== 'global' ? ` The innermost open block is \`<${open.tag}>\` (line ${open.openLine + 1}).` : '';
    out.push({
      code: 'unexpected-close',
      message: `\`</${info.tag!.text}>\` closes no open block.${hint}`,
      line,
      start: info.indent,
      end: info.contentEnd,
    });
  }
  return out;
};
structureRule.inputs = ['structure'];
