import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { SymbolIndex } from '../../server/src/analysis/symbols';
import type { SymbolDef, SymbolRef } from '../../server/src/analysis/types';

const def = (name: string, line: number, start: number, uri?: string): SymbolDef => ({ kind: 'virtual-mta', name, line, start, end: start + name.length, blockLine: line, uri });
const ref = (name: string, line: number, start: number, uri?: string): SymbolRef => ({ kinds: ['virtual-mta'], name, line, start, end: start + name.length, via: 'virtual-mta', uri });

describe('the symbol under a position', () => {
  it('finds definitions and references by line and column, the definition first where they overlap', () => {
    const a = def('a', 1, 13);
    const b = def('b', 5, 13);
    const r1 = ref('a', 8, 16);
    const r2 = ref('b', 8, 30);
    const overlap = ref('b', 5, 13);
    const index = new SymbolIndex([a, b], [overlap, r1, r2]);
    assert.deepEqual(index.at(1, 13), { def: a });
    assert.deepEqual(index.at(1, 14), { def: a }, 'the end is inclusive (cursor after the name)');
    assert.equal(index.at(1, 15), undefined);
    assert.deepEqual(index.at(5, 14), { def: b });
    assert.deepEqual(index.at(8, 17), { ref: r1 });
    assert.deepEqual(index.at(8, 30), { ref: r2 });
    assert.equal(index.at(8, 20), undefined);
    assert.equal(index.at(3, 13), undefined);
    assert.equal(index.at(99, 0), undefined);
  });

  it('keeps the files of a configuration apart', () => {
    const main = def('a', 2, 13, 'file:///main');
    const inc = def('b', 2, 13, 'file:///inc');
    const index = new SymbolIndex([main, inc], [ref('a', 4, 16, 'file:///inc')]);
    assert.deepEqual(index.at(2, 13, 'file:///main'), { def: main });
    assert.deepEqual(index.at(2, 13, 'file:///inc'), { def: inc });
    assert.equal(index.at(2, 13), undefined, 'no file given: the file analysed alone, which has none');
    assert.equal(index.at(4, 16, 'file:///main'), undefined);
    assert.equal(index.at(4, 16, 'file:///inc')?.ref?.name, 'a');
  });

  it('finds symbols listed out of line order too', () => {
    // A list continued over lines may put the names of a later line before those of the next one.
    const late = ref('x', 7, 4);
    const early = ref('y', 6, 4);
    const index = new SymbolIndex([], [ref('w', 5, 4), late, early, ref('z', 9, 4)]);
    assert.deepEqual(index.at(6, 4), { ref: early });
    assert.deepEqual(index.at(7, 4), { ref: late });
    assert.equal(index.at(9, 4)?.ref?.name, 'z');
  });

  it('finds names moved in place by a line break above them', () => {
    const r = ref('a', 8, 16);
    const index = new SymbolIndex([def('a', 1, 13)], [r]);
    assert.deepEqual(index.at(8, 16), { ref: r });
    r.line = 9;
    assert.deepEqual(index.at(9, 16), { ref: r });
    assert.equal(index.at(8, 16), undefined);
  });
});
