import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_JS, FILES, ROOT, plainEnv, workdir } from './harness';

/** The first fenced code block after `heading` in the README. */
function readmeBlock(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(heading);
  assert.ok(at >= 0, `README has no section ${heading}`);
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(m, `no code block after ${heading}`);
  return m[1];
}

let dir: string;
let cleanup: () => void;
before(() => {
  ({ dir, cleanup } = workdir({ ...FILES }));
  // pmta-lint as installed on a server, and a stand-in `pmta` that records being called.
  writeFileSync(join(dir, 'pmta-lint'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_JS)} "$@"\n`);
  writeFileSync(join(dir, 'pmta'), `#!/bin/sh\necho "$@" > ${JSON.stringify(join(dir, 'pmta-called'))}\n`);
  writeFileSync(join(dir, 'safe-reload'), readmeBlock('### A `pmta reload` that refuses'));
  for (const f of ['pmta-lint', 'pmta', 'safe-reload']) chmodSync(join(dir, f), 0o755);
});
after(() => cleanup());

function safeReload(config: string) {
  const called = join(dir, 'pmta-called');
  rmSync(called, { force: true });
  const r = spawnSync(join(dir, 'safe-reload'), [], { env: plainEnv({ PATH: `${dir}:${process.env.PATH}`, PMTA_CONFIG: join(dir, config) }), encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, reloaded: existsSync(called) ? readFileSync(called, 'utf8').trim() : null };
}

describe('README: the pmta reload wrapper', () => {
  it('reloads a clean configuration', () => {
    assert.deepEqual(safeReload('clean.conf'), { code: 0, stderr: '', reloaded: 'reload' });
  });

  it('reloads when there are only warnings', () => {
    assert.equal(safeReload('warn.conf').reloaded, 'reload');
  });

  it('refuses a configuration with errors (exit 1)', () => {
    const r = safeReload('bad.conf');
    assert.equal(r.code, 1);
    assert.equal(r.reloaded, null);
    assert.match(r.stderr, /has errors; PowerMTA was NOT reloaded/);
  });

  it('refuses when the configuration cannot be read (exit 2)', () => {
    const r = safeReload('missing.conf');
    assert.equal(r.code, 2);
    assert.equal(r.reloaded, null);
    assert.match(r.stderr, /could not check .*PowerMTA was NOT reloaded/);
  });
});

describe('README: the CI SARIF step', () => {
  // `… > pmta-lint.sarif || [ $? -eq 1 ]`: findings (exit 1) must not fail the step, exit 2 must.
  const step = (files: string) =>
    spawnSync('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_JS)} --format sarif ${files} > out.sarif || [ $? -eq 1 ]`], { cwd: dir, env: plainEnv() }).status;

  it('passes with error findings and writes the log', () => {
    assert.equal(step('bad.conf'), 0);
    assert.equal(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).runs[0].results.length, 2);
  });

  it('fails when an input cannot be read', () => {
    assert.notEqual(step('bad.conf missing.conf'), 0);
  });

  it('the workflow in the README uses that exact command', () => {
    const yaml = readmeBlock('### In CI: GitHub Actions');
    assert.match(yaml, /--format sarif .*> pmta-lint\.sarif \|\| \[ \$\? -eq 1 \]/);
    assert.match(yaml, /uses: github\/codeql-action\/upload-sarif@v3/);
  });
});
