import { strict as assert } from 'node:assert';
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
