import { strict as assert } from 'node:assert';
import { constants } from 'node:buffer';
import { describe, it } from 'node:test';
import { type CliIo, runCli } from '../../server/src/cli/run';
import { type AnalysedFile, type LintWorkspace, SingleFileWorkspace, type SourceFile } from '../../server/src/cli/workspace';
import { FILES, workdir } from './harness';

function fakeIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => void (io.out += s),
    stderr: (s: string) => void (io.err += s),
    stdoutIsTTY: false,
    env: {},
    cwd,
    fileExists: () => false,
    readStdin: () => '',
  };
  return io;
}

/**
 * Stands in for the include-aware workspace to come: every root also yields `shared.conf`, as if
 * each root had `include shared.conf`. The CLI must report the shared file once, count its
 * findings in the summary and exit code, and pass notices to stderr.
 */
class IncludingWorkspace implements LintWorkspace {
  private readonly single = new SingleFileWorkspace();
  async analyse(source: SourceFile): Promise<AnalysedFile[]> {
    const [root] = await this.single.analyse(source);
    const [shared] = await this.single.analyse({ name: 'shared.conf', path: '/virtual/shared.conf', text: FILES['bad.conf'] });
    return [{ ...root, notices: ['followed include shared.conf'] }, shared];
  }
}

describe('pmta-lint workspace seam', () => {
  it('reports files a workspace adds (once), with their findings in summary and exit code', async () => {
    const { dir, cleanup } = workdir({ 'a.conf': FILES['clean.conf'], 'b.conf': FILES['warn.conf'] });
    try {
      const io = fakeIo(dir);
      const code = await runCli(['a.conf', 'b.conf'], io, new IncludingWorkspace());
      assert.equal(code, 1);
      assert.deepEqual(
        io.out.trim().split('\n').map((l) => /^(\S+: \w+ [a-z-]+)(: |$)/.exec(l)?.[1] ?? l),
        // a.conf is clean; shared.conf is reached first through a.conf and not repeated for b.conf
        ['shared.conf:1:1: warning unknown-directive', 'shared.conf:3:15: error invalid-value', 'b.conf:1:1: warning unknown-directive', '1 error, 2 warnings in 2 files (3 checked)'],
      );
      assert.equal(io.err, 'pmta-lint: a.conf: followed include shared.conf\npmta-lint: b.conf: followed include shared.conf\n');
    } finally {
      cleanup();
    }
  });

  it('the default workspace checks one file on its own', async () => {
    const files = await new SingleFileWorkspace().analyse({ name: 'x', text: 'max-smtp-ot 1\ninclude other.conf\n' });
    assert.equal(files.length, 1);
    assert.deepEqual(files[0].findings.map((f) => f.code), ['unknown-directive']);
  });
});

describe('pmta-lint output in batches', () => {
  it('a large report reaches stdout in batches of about 64 KB, each after the sink drained', async () => {
    // 3,000 findings: ~450 KB of JSON.
    const { dir, cleanup } = workdir({ 'many.conf': 'max-smtp-ot 1\n'.repeat(3000) });
    try {
      const writes: number[] = [];
      let pendingDrain = false;
      const io = {
        ...fakeIo(dir),
        stdout(s: string) {
          assert.ok(!pendingDrain, 'a batch was written before the sink drained');
          writes.push(s.length);
          io.out += s;
          pendingDrain = true;
        },
        drain: () =>
          new Promise<void>((resolve) =>
            setImmediate(() => {
              pendingDrain = false;
              resolve();
            }),
          ),
      };
      const code = await runCli(['--format', 'json', 'many.conf'], io, new SingleFileWorkspace());
      assert.equal(code, 0);
      assert.equal((JSON.parse(io.out) as unknown[]).length, 3000);
      assert.ok(writes.length > 5, `${writes.length} writes`);
      for (const n of writes) assert.ok(n < 70_000, `a batch of ${n} characters`);
    } finally {
      cleanup();
    }
  });
});

describe('pmta-lint and inputs too long for a string', () => {
  it('an input longer than a JavaScript string can be is refused with a clear message, not an internal error', async () => {
    const io = Object.assign(fakeIo('/tmp'), { readStdin: () => Buffer.allocUnsafe(constants.MAX_STRING_LENGTH + 1).toString('utf8') });
    const code = await runCli(['-'], io, new SingleFileWorkspace());
    assert.equal(code, 2);
    assert.match(io.err, /^pmta-lint: <stdin>: too large to check \(more than 511 M characters, the most a JavaScript string can hold\)\n$/);
    assert.doesNotMatch(io.err, /internal error/);
  });
});
