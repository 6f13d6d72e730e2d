// Catalogue prose in hovers and completion documentation: tag names survive markdown rendering.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { marked } from 'marked';
import { blockMarkdown, directiveMarkdown, prose } from '../../../server/src/features/docs';
import { hover } from '../../../server/src/features/hover';
import { analyze, catalog } from '../../helpers';

/** The only HTML the documentation's own layout makes once rendered (by marked, as VS Code does). */
const LAYOUT_TAGS = new Set(['p', 'strong', 'em', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br', 'ul', 'ol', 'li']);

function strayTags(markdown: string): string[] {
  const html = marked.parse(markdown, { async: false }) as string;
  return [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]).filter((t) => !LAYOUT_TAGS.has(t));
}

describe('docs markdown', () => {
  it('escapes < outside code spans so <domain> is not taken for HTML', () => {
    assert.equal(prose('In <domain>, per queue; see `<source>`'), 'In \\<domain>, per queue; see `<source>`');
    assert.equal(prose('no tags here'), 'no tags here');
  });

  it('keeps the directive documentation readable in a hover', () => {
    const entry = catalog.directive('max-smtp-out', 'domain')!;
    assert.ok(entry.doc.includes('<domain>'), 'the catalogue text names a tag');
    const md = directiveMarkdown(entry, true);
    const outsideCode = md.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
    assert.ok(!/(^|[^\\])<[a-z]/.test(outsideCode), `no raw tag outside code: ${outsideCode}`);
  });

  it('renders every catalogue entry, short and full, and every keyword hover, without a tag the editor would drop', () => {
    const problems: string[] = [];
    for (const entry of catalog.directives) {
      for (const full of [false, true]) if (strayTags(directiveMarkdown(entry, full)).length) problems.push(`${entry.name} (${entry.scopes.join(',')})`);
    }
    for (const entry of catalog.blocks) for (const full of [false, true]) if (strayTags(blockMarkdown(entry, full)).length) problems.push(`<${entry.name}>`);
    for (const entry of catalog.keywords) {
      const name = entry.name.split('|')[0];
      const h = hover(analyze(`<source ${name}>\n</source>\n`), { line: 0, character: 9 });
      if (h && strayTags((h.contents as { value: string }).value).length) problems.push(`keyword ${name}`);
    }
    assert.deepEqual(problems, []);
  });
});
