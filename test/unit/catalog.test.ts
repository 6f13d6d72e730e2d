import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Catalog, getCatalog } from '../../server/src/catalog/catalog';

/** A catalogue with nothing remembered yet. */
const fresh = () => new Catalog(getCatalog().data);

describe('catalogue suggestions', () => {
  it('suggests the closest block and directive names, and remembering them does not mix the two', () => {
    // Typos close to a block name and to directive names, asked in both orders of a fresh catalogue.
    const names = ['domian', 'virtual-mat', 'smtp-patern-list', 'max-smtp-ot', 'sourse'];
    const blocksFirst = fresh();
    const directivesFirst = fresh();
    for (const name of names) {
      const block = blocksFirst.suggestBlock(name);
      const directive = blocksFirst.suggestDirective(name);
      assert.equal(directivesFirst.suggestDirective(name), directive, name);
      assert.equal(directivesFirst.suggestBlock(name), block, name);
      // Asked again: the remembered answer.
      assert.equal(blocksFirst.suggestBlock(name), block, name);
      assert.equal(blocksFirst.suggestDirective(name), directive, name);
    }
    assert.equal(blocksFirst.suggestBlock('domian'), 'domain');
    assert.equal(blocksFirst.suggestBlock('Virtual-MAT'), 'virtual-mta');
    assert.equal(blocksFirst.suggestDirective('max-smtp-ot'), 'max-smtp-out');
  });

  it('suggests nothing for a word that shares too little with any name', () => {
    const catalog = fresh();
    // Two edits rewrite all of `x`; `m` begins many names but says nothing about which.
    for (const typed of ['x', 'm', 'zz', 'qq']) assert.equal(catalog.suggestDirective(typed), undefined, typed);
    assert.equal(catalog.suggestBlock('x'), undefined);
    // A short typo of a short name, and a prefix long enough to mean something, are kept.
    assert.equal(catalog.suggestDirective('ipp'), 'ip');
    assert.equal(catalog.suggestDirective('smtp-listen'), 'smtp-listener');
  });
});
