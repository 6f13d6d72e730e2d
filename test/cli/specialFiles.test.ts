// Files that are not regular files, through the built pmta-lint: a named pipe or a link to
// /dev/zero matched by an include pattern, a device on the command line, a binary include. Each
// gets a clear message; none may hang the run (a pipe blocks until a writer comes, /dev/zero never
// ends) — `lint` kills a run after 30 s, which fails the test.
import { execFileSync, spawn } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { closeSync, constants, openSync, symlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_JS, lint, plainEnv, workdir } from './harness';

let dir: string;
let cleanup: () => void;
before(() => {
  ({ dir, cleanup } = workdir({
    'pmta/config': 'include conf.d/*\ninclude /dev/zero\n',
    'pmta/conf.d/a.conf': '<domain example.com>\n  max-smtp-out 5\n</domain>\n',
    'pmta/conf.d/blob.conf': Buffer.from([0x3c, 0x64, 0x00, 0x01, 0x0a]),
    'pmta/conf.d/wide.conf': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('max-smtp-out 5\r\n', 'utf16le')]),
  }));
  execFileSync('mkfifo', [join(dir, 'pmta/conf.d/pipe.conf')]);
  symlinkSync('/dev/zero', join(dir, 'pmta/conf.d/zero.conf'));
  execFileSync('mkfifo', [join(dir, 'input.fifo')]);
});
after(() => cleanup());

describe('pmta-lint and files that are not regular files', () => {
  it('skips a pipe and a device matched by an include pattern, and says why it skips a binary or a device include', () => {
    const r = lint(['pmta/config'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /pmta\/config:1:9: warning include-not-found: Included file `[^`]*blob\.conf` is not a text file \(it contains NUL bytes\)/);
    assert.match(r.stdout, /pmta\/config:1:9: warning include-not-found: Included file `[^`]*wide\.conf` is UTF-16 text, which PowerMTA cannot read: save it as UTF-8/);
    assert.match(r.stdout, /pmta\/config:2:9: warning include-not-found: `\/dev\/zero` is not a regular file/);
    assert.doesNotMatch(r.stdout, /pipe\.conf|zero\.conf/);
    assert.match(r.stdout, /3 warnings in 1 file \(2 checked\)/);
  });

  it('refuses a device named on the command line (exit 2)', () => {
    const r = lint(['/dev/zero'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'pmta-lint: /dev/zero: not a regular file (a device or a socket)\n');
  });

  it('refuses a device as --config (exit 2)', () => {
    const r = lint(['--config', '/dev/zero', 'pmta/conf.d/a.conf'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'pmta-lint: --config /dev/zero is not a regular file\n');
  });

  it('leaves a pipe matched by a command-line pattern out', () => {
    const r = lint(['pmta/conf.d/*.conf'], { cwd: dir });
    assert.equal(r.code, 2, 'the binary file is refused');
    assert.match(r.stderr, /blob\.conf: not a text file/);
    assert.match(r.stdout, /No problems in 1 file/);
    assert.doesNotMatch(r.stdout + r.stderr, /pipe\.conf|zero\.conf/);
  });

  it('reads a named pipe given by name, as process substitution passes one', async () => {
    const child = spawn(process.execPath, [CLI_JS, 'input.fifo'], { cwd: dir, env: plainEnv() });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Open the pipe for writing once pmta-lint has opened it for reading (a blocking open would hang this test if it never did).
    let fd: number | undefined;
    for (let k = 0; k < 200 && fd === undefined && child.exitCode === null; k++) {
      try {
        fd = openSync(join(dir, 'input.fifo'), constants.O_WRONLY | constants.O_NONBLOCK);
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    assert.ok(fd !== undefined, 'pmta-lint never opened the pipe');
    writeSync(fd, 'max-smtp-ot 5\n');
    closeSync(fd);
    const code = await closed;
    assert.equal(code, 0);
    assert.match(stdout, /^input\.fifo:1:1: warning unknown-directive: /m);
  });
});
