import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CloseTagHolds, awaitsCloseTag } from '../../../server/src/lsp/closeTagHold';
import { model } from '../../helpers';

/** The document after typing `>` at (line, character), and that change as the editor sends it. */
function typedGt(before: string, line: number, character: number) {
  const lines = before.split('\n');
  lines[line] = lines[line].slice(0, character) + '>' + lines[line].slice(character);
  const change = { range: { start: { line, character }, end: { line, character } }, text: '>' };
  return { doc: model(lines.join('\n')), change };
}

describe('awaitsCloseTag: the > of an opening tag the extension will close', () => {
  const below = '<domain b.example>\n  max-smtp-out 2\n</domain>\n';

  it('holds for the > ending an opening tag that nothing closes yet', () => {
    const { doc, change } = typedGt(`<domain a.example\n${below}`, 0, 17);
    assert.equal(awaitsCloseTag(doc, [change]), true);
    const indented = typedGt(`<virtual-mta-pool p>\n  <domain x\n</virtual-mta-pool>\n`, 1, 11);
    assert.equal(awaitsCloseTag(indented.doc, [indented.change]), true);
  });

  it('does not hold when the next statement already closes the tag', () => {
    const { doc, change } = typedGt('<domain a.example\n\n  # note\n</domain>\n', 0, 17);
    assert.equal(awaitsCloseTag(doc, [change]), false);
  });

  it('does not hold for other changes', () => {
    const mid = typedGt(`<domain a.example x\n${below}`, 0, 17);
    assert.equal(awaitsCloseTag(mid.doc, [mid.change]), false, 'text after the >');
    const close = typedGt(`</domain\n${below}`, 0, 8);
    assert.equal(awaitsCloseTag(close.doc, [close.change]), false, 'a close tag');
    const setting = typedGt(`max-smtp-out 2 \n${below}`, 0, 15);
    assert.equal(awaitsCloseTag(setting.doc, [setting.change]), false, 'not a tag line');
    const { doc, change } = typedGt(`<domain a.example\n${below}`, 0, 17);
    assert.equal(awaitsCloseTag(doc, [change, change]), false, 'two edits in one change');
    assert.equal(awaitsCloseTag(doc, [{ ...change, text: '>\n</domain>' }]), false, 'the close tag came with it');
    assert.equal(awaitsCloseTag(doc, [{ ...change, range: { start: change.range.start, end: { line: 0, character: 18 } } }]), false, 'a replacement');
    assert.equal(awaitsCloseTag(doc, [{ text: doc.getText() }]), false, 'the whole text');
    assert.equal(awaitsCloseTag(doc, [{ ...change, range: { start: { line: 99, character: 0 }, end: { line: 99, character: 0 } } }]), false, 'past the end');
  });
});

describe('CloseTagHolds', () => {
  it('ends a hold at the next change, letting a waiting pull go on, without the timed end', async () => {
    const ended: string[] = [];
    const holds = new CloseTagHolds((uri) => ended.push(uri));
    holds.hold('a', 50);
    assert.equal(holds.has('a'), true);
    let settled = false;
    const waiting = holds.settled('a').then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(settled, false);
    assert.equal(holds.release('a'), true);
    await waiting;
    assert.equal(holds.has('a'), false);
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(ended, []);
    assert.equal(holds.release('a'), false);
  });

  it('ends a hold by time and says so once', async () => {
    const ended: string[] = [];
    const holds = new CloseTagHolds((uri) => ended.push(uri));
    holds.hold('a', 10);
    holds.hold('a', 20);
    await holds.settled('a');
    assert.deepEqual(ended, ['a']);
    assert.equal(holds.has('a'), false);
    await holds.settled('a');
  });
});
