import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { countLines } from '../../../server/src/lsp/sizeCap';
import { PmtaDocument, splitLines } from '../../../server/src/syntax/document';
import { regexArg } from '../../helpers';

describe('counting and splitting lines', () => {
  it('counts the lines the document model splits, whatever the line endings', () => {
    for (const text of ['', 'a', 'a\n', 'a\r\nb', 'a\rb', '\r\r\n\n', '\n\r', 'a\r\n\r\nb\r', '\r']) {
      assert.equal(countLines(text), splitLines(text).length, JSON.stringify(text));
      assert.deepEqual(splitLines(text), text.split(/\r\n|\r|\n/), JSON.stringify(text));
    }
  });

  it('agrees with the model on random texts of line breaks and letters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('\r', '\n', '\r\n', 'a', ' ', '#'), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        assert.equal(countLines(text), new PmtaDocument(text, regexArg).lineCount);
        assert.deepEqual(splitLines(text), text.split(/\r\n|\r|\n/));
      }),
      { numRuns: 500 },
    );
  });
});
