// The file host the server and the CLI share: only regular files are listed or read. A named pipe
// would block the server until a writer came; a device such as /dev/zero never ends.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeHost } from '../../server/src/nodeHost';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pmta-host-'));
  writeFileSync(join(dir, 'a.conf'), 'max-smtp-out 5\n');
  execFileSync('mkfifo', [join(dir, 'pipe.conf')]);
  symlinkSync('/dev/zero', join(dir, 'zero.conf'));
  symlinkSync(join(dir, 'a.conf'), join(dir, 'link.conf'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('nodeHost', { timeout: 10_000 }, () => {
  it('lists regular files (and links to them) only', () => {
    assert.deepEqual(nodeHost.glob(join(dir, '*.conf')), { files: [join(dir, 'a.conf'), join(dir, 'link.conf')], complete: true });
  });

  it('a glob with a time limit stops when it runs out and says so; with time enough it is complete', () => {
    assert.deepEqual(nodeHost.glob(join(dir, '*.conf'), 10_000), { files: [join(dir, 'a.conf'), join(dir, 'link.conf')], complete: true });
    assert.deepEqual(nodeHost.glob(join(dir, '*.conf'), 0), { files: [], complete: false });
    // A walk of most of the disk (every file twelve folders down from /) ends soon after its limit.
    const t = performance.now();
    const wide = nodeHost.glob('/*/*/*/*/*/*/*/*/*/*/*/*.no-such-extension', 200);
    assert.ok(performance.now() - t < 2000, `${performance.now() - t} ms`);
    assert.deepEqual(wide, { files: [], complete: false });
  });

  it('reads a regular file and refuses a named pipe or a device at once', () => {
    assert.equal(nodeHost.readText(join(dir, 'link.conf')), 'max-smtp-out 5\n');
    assert.equal(nodeHost.readText(join(dir, 'pipe.conf')), undefined);
    assert.equal(nodeHost.readBytes(join(dir, 'pipe.conf')), undefined);
    assert.equal(nodeHost.readText(join(dir, 'zero.conf')), undefined);
    assert.equal(nodeHost.readBytes('/dev/zero'), undefined);
    assert.equal(nodeHost.readText(dir), undefined);
    assert.equal(nodeHost.readText(join(dir, 'missing.conf')), undefined);
  });

  it('still describes what is there', () => {
    assert.equal(nodeHost.stat(join(dir, 'pipe.conf'))?.isFile, false);
    assert.equal(nodeHost.stat(join(dir, 'a.conf'))?.size, 15);
  });
});
