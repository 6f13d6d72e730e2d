// Catalogue prose in hovers and completion documentation: tag names survive markdown rendering.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { directiveMarkdown, prose } from '../../../server/src/features/docs';
import { catalog } from '../../helpers';

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
});
