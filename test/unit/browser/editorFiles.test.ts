import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { EditorFiles } from '../../../server/src/browser/editorFiles';

describe('browser/editorFiles: the web build’s files, as the editor sent them', () => {
  const sent = [
    { path: '/r/pmta/config', text: 'include /etc/pmta/conf.d/*.conf\n' },
    { path: '/r/pmta/conf.d/a.conf', text: '<virtual-mta a>\n</virtual-mta>\n' },
    { path: '/r/node_modules/x/pmta/config', text: '' },
  ];

  it('reads, stats and lists what was sent; a folder is any prefix of a sent path', () => {
    const files = new EditorFiles();
    files.update(sent, true);
    assert.equal(files.host.readText('/r/pmta/config'), sent[0].text);
    assert.deepEqual(new TextDecoder().decode(files.host.readBytes('/r/pmta/conf.d/a.conf')), sent[1].text);
    assert.deepEqual(files.host.stat('/r/pmta/conf.d'), { isFile: false, isDirectory: true, size: 0 });
    assert.equal(files.host.stat('/r/pmta/config')?.isFile, true);
    assert.deepEqual(files.host.listFolder?.('/r/pmta', 10), [
      { name: 'config', isDirectory: false },
      { name: 'conf.d', isDirectory: true },
    ]);
    assert.deepEqual(files.host.glob('/r/pmta/conf.d/*.conf').files, ['/r/pmta/conf.d/a.conf']);
  });

  it('asks once for a file it was not sent, and not again once the editor says it cannot read it', () => {
    const missing: string[] = [];
    const files = new EditorFiles((p) => missing.push(p));
    files.update(sent, true);
    assert.equal(files.host.readText('/r/extra/x.inc'), undefined);
    assert.equal(files.host.stat('/r/extra/x.inc'), undefined);
    assert.deepEqual(missing, ['/r/extra/x.inc']);
    files.update([{ path: '/r/extra/x.inc', text: null }], false);
    files.host.readText('/r/extra/x.inc');
    assert.deepEqual(missing, ['/r/extra/x.inc']);
    // A folder that exists is never asked for as a file.
    files.host.stat('/r/pmta');
    assert.deepEqual(missing, ['/r/extra/x.inc']);
  });

  it('gives a changed file a new modification time, so that what was read from it is read again', () => {
    const files = new EditorFiles();
    files.update(sent, true);
    const before = files.host.stat('/r/pmta/config')?.mtimeMs;
    files.update([{ path: '/r/pmta/config', text: 'changed\n' }], false);
    assert.notEqual(files.host.stat('/r/pmta/config')?.mtimeMs, before);
    assert.equal(files.host.readText('/r/pmta/config'), 'changed\n');
  });

  it('finds main files only once the editor’s first list came, leaving out node_modules', async () => {
    const files = new EditorFiles();
    const found = files.host.findFiles!('/r', ['**/pmta/config', '**/pmta/*.conf'], 10_000);
    setTimeout(() => files.update(sent, true), 20);
    assert.deepEqual(await found, ['/r/pmta/config']);
    // A later complete list replaces the earlier one.
    files.update([sent[1]], true);
    assert.equal(files.host.readText('/r/pmta/config'), undefined);
  });
});
