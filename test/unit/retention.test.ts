// What an analysis keeps of the versions before it: nothing but what it reuses. A closure that
// outlives an update (the settings index keeps its readers of the facts) must not hold the state
// before it, or every edit that rebuilds the block tree keeps the old tree alive.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { PmtaDocument } from '../../server/src/syntax/document';
import { catalog, regexArg } from '../helpers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TEXT = ['<virtual-mta v1>', '  smtp-source-host 198.51.100.7 mta1.example.net', '</virtual-mta>', '<domain a.example>', '  max-smtp-out 5', '</domain>', '<domain b.example>', '  max-msg-rate 100/h', '</domain>'].join('\n');

/** Lets pending promise jobs run (a WeakRef's target is kept until the current job ends). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('what an analysis keeps of earlier versions', () => {
  it('drops the block tree an edit replaced', async () => {
    const doc = new PmtaDocument(TEXT, regexArg);
    const analyzer = new Analyzer(catalog);
    const old = new WeakRef<object>(analyzer.analyze(doc).structure);
    // An open tag put in without its close: the blocks below nest differently, so the tree is built again.
    doc.applyEdit({ startLine: 3, startCharacter: 0, endLine: 3, endCharacter: 0, text: '<domain c.example>\n' });
    const now = analyzer.analyze(doc);
    assert.notEqual(now.structure, old.deref(), 'the edit rebuilt the tree');
    await tick();
    gc();
    assert.equal(old.deref(), undefined, 'the tree before the edit was collected');
  });
});
