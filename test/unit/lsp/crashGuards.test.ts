import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { transformSync } from 'esbuild';

// The child runs plain Node, as the bundled server does.
const MODULE = transformSync(readFileSync(join(__dirname, '..', '..', '..', 'server', 'src', 'lsp', 'crashGuards.ts'), 'utf8'), { loader: 'ts', format: 'cjs' }).code;

function child(guarded: boolean): { status: number | null; stderr: string } {
  const script = `
    const module = { exports: {} };
    (function (exports, module) { ${MODULE} })(module.exports, module);
    if (${guarded}) module.exports.installCrashGuards((m) => process.stderr.write('LOG ' + m.split('\\n')[0] + '\\n'));
    setTimeout(() => { throw new TypeError('thrown in a timer'); }, 10);
    setTimeout(() => { Promise.reject(new RangeError('rejected, never awaited')); }, 20);
    setTimeout(() => process.stderr.write('still serving\\n'), 60);
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, stderr: r.stderr };
}

describe('crash guards', () => {
  it('log an exception thrown in a timer and a rejection nobody awaited, and the process goes on', () => {
    const r = child(true);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^LOG Uncaught exception \(a bug in the PowerMTA language server; please report it\): TypeError: thrown in a timer$/m);
    assert.match(r.stderr, /^LOG Unhandled promise rejection \(a bug in the PowerMTA language server; please report it\): RangeError: rejected, never awaited$/m);
    assert.match(r.stderr, /still serving/);
  });

  it('are what keeps it alive: without them the first exception ends the process', () => {
    const r = child(false);
    assert.notEqual(r.status, 0);
    assert.doesNotMatch(r.stderr, /still serving/);
  });
});
