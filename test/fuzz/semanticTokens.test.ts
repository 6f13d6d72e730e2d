// Property: on messy configurations (messyConfig.ts) edited at random, the semantic-token deltas the
// server sends (it re-encodes only the lines an edit changed) rebuild, applied to the editor's copy,
// exactly the tokens of a fresh analysis of the text after every edit.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SemanticTokensDelta } from 'vscode-languageserver-types';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { SemanticTokensStore, semanticTokensData } from '../../server/src/features/semanticTokens';
import { PmtaDocument } from '../../server/src/syntax/document';
import { analyze, catalog, placeEdit, regexArg } from '../helpers';
import { messyConfig } from './messyConfig';

const PIECES = ['<domain x>', '</domain>', '<virtual-mta v2>', '</virtual-mta>', 'max-smtp-out 7', 'virtual-mta v2', 'domain-macro q a.com,', 'b.com', '$q', '\n', '\r\n', '\r', '#', 'x', ' ', ',', '/re/', '"', '\u00a0'];

const edit = fc.record({ line: fc.nat(), character: fc.nat(), span: fc.nat({ max: 2 }), endCharacter: fc.nat(), pieces: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }) });

function applyDelta(data: readonly number[], delta: SemanticTokensDelta): number[] {
  const out = [...data];
  for (const e of [...delta.edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

describe('fuzz: semantic tokens of an edited messy configuration', () => {
  it('deltas rebuild the tokens of a fresh analysis after every edit', async () => {
    await fc.assert(
      fc.asyncProperty(messyConfig, fc.array(edit, { minLength: 1, maxLength: 12 }), async (text, edits) => {
        const doc = new PmtaDocument(text, regexArg);
        const analyzer = new Analyzer(catalog);
        const store = new SemanticTokensStore();
        let result = (await store.full('u', analyzer.analyze(doc)))!;
        let mirror = [...result.data];
        for (const e of edits) {
          doc.applyEdit(placeEdit(doc, e, e.pieces.join('')));
          const delta = (await store.delta('u', result.resultId!, analyzer.analyze(doc)))!;
          mirror = 'edits' in delta ? applyDelta(mirror, delta) : [...delta.data];
          assert.deepEqual(mirror, semanticTokensData(analyze(doc.getText())));
          result = { resultId: delta.resultId, data: mirror };
        }
      }),
      { numRuns: 150, seed: 13 },
    );
  });
});
