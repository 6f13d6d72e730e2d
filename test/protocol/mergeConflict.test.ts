// A configuration with a merge conflict Git left in it, through the real server over stdio: the
// markers reported, the conflict resolved with a quick fix as an editor applies it, the formatter
// and completion leaving the markers alone.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../lspClient';
import { applyAsEditor } from '../unit/features/edits';

const URI = 'file:///etc/pmta/conflicted.pmta';
const TEXT = [
  '<domain example.com>', //                0
  '<<<<<<< HEAD', //                        1
  'max-smtp-out 10', //                     2
  '=======', //                             3
  '      max-msg-rate 5/m', //               4
  '    retry-after 10m', //                 5
  '>>>>>>> raise-limit (#7)', //            6
  '</domain>', //                           7
  '',
].join('\r\n');

const doc = { textDocument: { uri: URI } };
const markerCodes = (items: { code: string; range: { start: { line: number } } }[]) =>
  items.filter((d) => d.code === 'merge-conflict-marker').map((d) => d.range.start.line);

describe('a merge conflict left in a configuration, over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize({ textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } });
    const published = client.waitForDiagnostics(URI);
    await client.open(URI, TEXT);
    await published;
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('reports each marker as an error and nothing else in the conflict, formats around the markers, completes nothing on them', async () => {
    const { items } = await client.request('textDocument/diagnostic', doc);
    assert.deepEqual(markerCodes(items), [1, 3, 6]);
    assert.ok(items.every((d: { severity: number }) => d.severity === 1));
    assert.deepEqual(items.filter((d: { code: string }) => d.code !== 'merge-conflict-marker'), []);
    const edits = await client.request('textDocument/formatting', { ...doc, options: { tabSize: 4, insertSpaces: true } });
    assert.equal(
      applyAsEditor(TEXT, edits),
      ['<domain example.com>', '<<<<<<< HEAD', '    max-smtp-out 10', '=======', '    max-msg-rate 5/m', '    retry-after 10m', '>>>>>>> raise-limit (#7)', '</domain>', ''].join('\r\n'),
    );
    const completion = await client.request('textDocument/completion', { ...doc, position: { line: 3, character: 7 } });
    assert.deepEqual(completion.items ?? completion, []);
  });

  it('resolves the conflict with the quick fix the user picks, and the markers\' errors go', async () => {
    const { items } = await client.request('textDocument/diagnostic', doc);
    const separator = items.filter((d: { range: { start: { line: number } } }) => d.range.start.line === 3);
    const actions = await client.request('textDocument/codeAction', { ...doc, range: separator[0].range, context: { diagnostics: separator } });
    const titles = actions.map((a: { title: string }) => a.title);
    assert.deepEqual(titles.slice(0, 3), [
      'Resolve the conflict: keep the first side (`HEAD`)',
      'Resolve the conflict: keep the second side (`raise-limit (#7)`)',
      'Resolve the conflict: keep both sides, first then second',
    ]);
    assert.ok(actions.slice(0, 3).every((a: { isPreferred?: boolean }) => !a.isPreferred), 'no side is preferred: the user picks');
    const second = actions[1].edit.changes[URI];
    const resolved = applyAsEditor(TEXT, second);
    assert.equal(resolved, ['<domain example.com>', '      max-msg-rate 5/m', '    retry-after 10m', '</domain>', ''].join('\r\n'));
    const published = client.waitForDiagnostics(URI, () => true);
    await client.change(URI, 2, second.map((e: { range: object; newText: string }) => ({ range: e.range, text: e.newText })));
    assert.deepEqual(markerCodes(await published), []);
  });
});
