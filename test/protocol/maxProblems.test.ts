// `powermta.diagnostics.maxProblems` through the real server: a file with a problem on every line
// gets the most severe ones and a `too-many-problems` notice, pushed and pulled alike, and the
// setting applies without a restart.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../lspClient';

const URI = 'file:///etc/pmta/many-problems';
/** 3,000 misplaced directives (errors) and, every 100th line, an unknown one (a warning). */
const TEXT = Array.from({ length: 3000 }, (_, i) => (i % 100 === 50 ? 'max-smtp-ot 5' : 'max-smtp-out 5')).join('\n') + '\n';

describe('powermta.diagnostics.maxProblems over the protocol', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('sends 1,000 problems by default, errors first, after a notice that counts the rest', async () => {
    const wait = client.waitForDiagnostics(URI);
    await client.open(URI, TEXT);
    const diags = await wait;
    assert.equal(diags.length, 1001);
    assert.equal(diags[0].code, 'too-many-problems');
    assert.match(diags[0].message, /3,000 problems; only the 1,000 most severe/);
    assert.match(diags[0].message, /Not shown: 1,970 errors, 30 warnings\./);
    assert.ok(diags.slice(1).every((d) => d.severity === 1 && d.code === 'misplaced-directive'));
    const pulled = await client.request('textDocument/diagnostic', { textDocument: { uri: URI } });
    assert.deepEqual(pulled.items, diags);
  });

  it('applies a new limit at once, and 0 sends every problem', async () => {
    let wait = client.waitForDiagnostics(URI, (d) => d.length === 3000);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { powermta: { diagnostics: { maxProblems: 0 } } } });
    const all = await wait;
    assert.ok(!all.some((d) => d.code === 'too-many-problems'));
    assert.equal(all.filter((d) => d.code === 'unknown-directive').length, 30);
    wait = client.waitForDiagnostics(URI, (d) => d.length === 11);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { powermta: { diagnostics: { maxProblems: 10 } } } });
    const ten = await wait;
    assert.equal(ten[0].code, 'too-many-problems');
    assert.deepEqual(ten.slice(1).map((d) => d.range.start.line), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
