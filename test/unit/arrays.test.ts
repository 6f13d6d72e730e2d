import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { groupBy, lowerBound, replaceRange } from '../../server/src/arrays';

describe('array helpers', () => {
  it('lowerBound finds the first entry not before the value, as a linear search does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 })), fc.integer({ min: -1, max: 51 }), (values, v) => {
        const sorted = [...values].sort((a, b) => a - b);
        const linear = sorted.findIndex((x) => x >= v);
        assert.equal(lowerBound(sorted.length, (i) => sorted[i] < v), linear < 0 ? sorted.length : linear);
      }),
    );
  });

  it('replaceRange equals a splice, small (in place) or large (a new array)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 5000 }), (arr, s, c, n) => {
        const start = s % (arr.length + 1);
        const count = c % (arr.length - start + 1);
        const items = Array.from({ length: n % 7 === 0 ? n : n % 7 }, (_, k) => -k - 1);
        const expected = [...arr];
        expected.splice(start, count, ...items);
        assert.deepEqual(replaceRange([...arr], start, count, items), expected);
      }),
      { numRuns: 200 },
    );
  });

  it('groupBy keeps each group in order', () => {
    assert.deepEqual([...groupBy(['ab', 'c', 'de', 'f'], (s) => s.length)], [[2, ['ab', 'de']], [1, ['c', 'f']]]);
  });
});
