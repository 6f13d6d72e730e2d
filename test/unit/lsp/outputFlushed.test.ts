import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { transformSync } from 'esbuild';

// The child runs plain Node, as the bundled server does (the tsx loader changes how stdout drains).
const MODULE = transformSync(readFileSync(join(__dirname, '..', '..', '..', 'server', 'src', 'lsp', 'outputFlushed.ts'), 'utf8'), { loader: 'ts', format: 'cjs' }).code;

/**
 * A child writes 4 MB to its stdout (far more than a pipe holds), says so on stderr, waits for
 * stdoutFlushed(maxWaitMs) and reports on stderr how long that took; the parent starts reading
 * `readAfterMs` after the child said it had written.
 */
function run(maxWaitMs: number, readAfterMs: number): Promise<{ waited: number; bytes: number }> {
  const script = `
    const module = { exports: {} };
    (function (exports, module) { ${MODULE} })(module.exports, module);
    const { stdoutFlushed } = module.exports;
    process.stdout.write('x'.repeat(4 * 1024 * 1024));
    process.stderr.write('written;');
    const t0 = performance.now();
    stdoutFlushed(${maxWaitMs}).then(() => process.stderr.write(String(Math.round(performance.now() - t0))));
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pause();
  let bytes = 0;
  let err = '';
  let reading = false;
  child.stderr.on('data', (d) => {
    err += d;
    if (!reading && err.startsWith('written;')) {
      reading = true;
      setTimeout(() => {
        child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
        child.stdout.resume();
      }, readAfterMs);
    }
  });
  return new Promise((resolve) => child.on('close', () => resolve({ waited: Number(err.split(';')[1]), bytes })));
}

describe('waiting for stdout to take what was written', () => {
  it('waits until the reader has taken the bytes', async () => {
    const { waited, bytes } = await run(5000, 300);
    assert.equal(bytes, 4 * 1024 * 1024);
    assert.ok(waited >= 250 && waited < 4000, `waited ${waited} ms for a reader that starts after 300 ms`);
  });

  it('gives up after its longest wait when nobody reads', async () => {
    const { waited } = await run(100, 1500);
    assert.ok(waited >= 90 && waited < 1000, `waited ${waited} ms with a 100 ms bound`);
  });
});
