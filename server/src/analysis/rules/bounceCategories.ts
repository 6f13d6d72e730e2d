import { closest, distance } from 'fastest-levenshtein';
import { getCatalog } from '../../catalog/catalog';
import type { Finding } from '../types';
import { type DocumentRule, wholeLine } from './context';
import { deleteLines, replaceFix } from './fixes';

/** The standard bounce categories, from the catalogue's keyword row for <bounce-category-patterns>. */
const BOUNCE_CATEGORIES: readonly string[] = getCatalog().keywords.find((k) => k.usedIn.includes('bounce-category-patterns'))?.name.split('|') ?? [];

/**
 * `<bounce-category-patterns>` lines (MISCONFIG BFP-05, BFP-06): `unknown-bounce-category` for a
 * category outside PowerMTA's standard set (a near miss gets a warning and a fix; any other name
 * is a hint, since reports and dashboards only know the standard names), and
 * `unreachable-bounce-pattern` for patterns after a catch-all `//` (first match wins).
 */
export const bounceCategoriesRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const block of ctx.structure.byTag.get('bounce-category-patterns') ?? []) {
    let catchAll: number | undefined;
    // Up to the close tag; a block cut off (the file ends, or an outer close tag) keeps its last line.
    const end = block.closedBy === 'tag' ? block.closeLine : block.endLine + 1;
    for (let line = block.openLine + 1; line < end; line++) {
      const info = ctx.doc.info(line);
      if (!info.name?.regex || info.name.unterminated) continue;
      if (catchAll !== undefined) {
        out.push({
          code: 'unreachable-bounce-pattern',
          message: `The catch-all \`//\` on line ${catchAll + 1} matches every bounce first, so this pattern is never used. Move it above the catch-all, or delete it.`,
          ...wholeLine(ctx, line),
          data: { fix: { title: 'Delete the unreachable pattern', edits: [deleteLines(ctx.doc, line)] } },
        });
      } else if (info.name.text === '//') catchAll = line;
      const category = info.words[0];
      if (!category || BOUNCE_CATEGORIES.includes(category.text)) continue;
      const near = closest(category.text.toLowerCase(), BOUNCE_CATEGORIES);
      const typo = BOUNCE_CATEGORIES.includes(category.text.toLowerCase()) || distance(near, category.text.toLowerCase()) <= 2;
      out.push({
        code: 'unknown-bounce-category',
        severity: typo ? undefined : 'information',
        message: typo
          ? `\`${category.text}\` is not a bounce category; did you mean \`${near}\`? Bounces matched here are recorded under a name no report or suppression rule expects.`
          : `\`${category.text}\` is not one of PowerMTA's standard bounce categories (${BOUNCE_CATEGORIES.slice(0, 4).join(', ')}…); tools that read the \`bounceCat\` accounting field only know those. Use the closest standard one (perhaps \`${near}\`) unless your own tooling expects this name.`,
        line,
        start: category.start,
        end: category.end,
        data: typo ? replaceFix(`Change to \`${near}\``, line, category.start, category.end, near) : undefined,
      });
    }
  }
  return out;
};
