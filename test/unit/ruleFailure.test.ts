// A rule that throws must cost only its own findings: the analysis goes on, and an internal-error
// finding says which check failed and where. Checked by slipping failing rules into RULES.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { RULES } from '../../server/src/analysis/rules';
import { type Rule, blockRule } from '../../server/src/analysis/rules/context';
import { PmtaDocument } from '../../server/src/syntax/document';
import { catalog, regexArg } from '../helpers';

const TEXT = ['max-smtp-ot 1', '<domain a.com>', '  max-smtp-out 5', '</domain>', '<domain b.com>', '  max-smtp-out 6', '</domain>', ''].join('\n');

function withRules<T>(extra: Rule[], run: () => T): T {
  const rules = RULES as Rule[];
  rules.push(...extra);
  try {
    return run();
  } finally {
    rules.splice(rules.length - extra.length, extra.length);
  }
}

const codesOf = (text: string) => new Analyzer(catalog).analyze(new PmtaDocument(text, regexArg)).findings.map((f) => `${f.line + 1}:${f.code}`);

describe('a rule that throws', () => {
  it('becomes an internal-error finding; every other check still reports', () => {
    const healthy = codesOf(TEXT);
    assert.ok(healthy.includes('1:unknown-directive'));
    function explodingDocumentRule(): never {
      throw new TypeError('boom');
    }
    const explodingOnB = blockRule((_ctx, block) => {
      if (block.arg === 'b.com') throw new RangeError('bad block');
      return [];
    }, { tags: ['domain'] });
    const analysis = withRules([explodingDocumentRule, explodingOnB], () => new Analyzer(catalog).analyze(new PmtaDocument(TEXT, regexArg)));
    const internal = analysis.findings.filter((f) => f.code === 'internal-error');
    assert.deepEqual(internal.map((f) => f.line), [0, 4], 'line 1 for a document rule, the block’s tag line for a block rule');
    assert.match(internal[0].message, /`explodingDocumentRule` failed here \(TypeError: boom\)/);
    assert.match(internal[1].message, /`#\d+` failed here \(RangeError: bad block\)/);
    assert.deepEqual(analysis.findings.filter((f) => f.code !== 'internal-error').map((f) => `${f.line + 1}:${f.code}`), healthy);
  });

  it('keeps failing per block after an edit, and stops when the block no longer trips it', () => {
    const explodingOnB = blockRule((_ctx, block) => {
      if (block.arg === 'b.com') throw new Error('bad block');
      return [];
    }, { tags: ['domain'] });
    withRules([explodingOnB], () => {
      const analyzer = new Analyzer(catalog);
      const doc = new PmtaDocument(TEXT, regexArg);
      assert.deepEqual(analyzer.analyze(doc).findings.filter((f) => f.code === 'internal-error').map((f) => f.line), [4]);
      doc.applyEdit({ startLine: 5, startCharacter: 15, endLine: 5, endCharacter: 16, text: '7' });
      assert.deepEqual(analyzer.analyze(doc).findings.filter((f) => f.code === 'internal-error').map((f) => f.line), [4]);
      doc.applyEdit({ startLine: 4, startCharacter: 8, endLine: 4, endCharacter: 9, text: 'c' });
      assert.deepEqual(analyzer.analyze(doc).findings.filter((f) => f.code === 'internal-error'), []);
    });
  });
});
