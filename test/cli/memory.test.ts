// Runs over 4 MB of text (named files, stdin, and what they include) are checked in a child
// process: running out of memory there ends in one line and exit 2 instead of V8's fatal report
// (exit 134), the report is the same as a check in process, and a supervisor that is told to stop
// takes the child with it.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_JS, plainEnv, workdir } from './harness';

const MB = 1024 * 1024;

/** At least `bytes` of blocks holding an unknown directive and a bad value on every line. */
function problemLines(bytes: number): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = i % 4 === 0 ? `<domain d${i}.example>` : i % 4 === 3 ? '</domain>' : i % 2 ? `  max-smtp-outt ${i % 50}` : '  max-msg-rate lots';
    out.push(line);
    size += line.length + 1;
  }
  return out.join('\n') + '\n';
}

/** At least `bytes` of comments around one problem: large, but quick to check. */
function commentedFile(bytes: number): string {
  const comment = `# ${'notes on the throttles of this server '.repeat(3)}`;
  const lines = Array.from({ length: Math.ceil(bytes / (comment.length + 1)) }, () => comment);
  lines.splice(1000, 0, 'max-smtp-ot 20');
  return lines.join('\n') + '\n';
}

let dir: string;
let cleanup: () => void;
before(() => {
  ({ dir, cleanup } = workdir({
    'huge.conf': problemLines(4.2 * MB),
    'big.conf': commentedFile(4.2 * MB),
    'small.conf': 'max-smtp-ot 20\n',
    'main.conf': 'max-smtp-ot 20\ninclude conf.d/*.conf\n',
    'conf.d/huge.conf': problemLines(4.2 * MB),
    'includes-big.conf': 'include big.conf\n',
  }));
});
after(() => cleanup());

function run(nodeArgs: string[], args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [...nodeArgs, CLI_JS, ...args], { cwd: dir, env: plainEnv(env), input, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * MB });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The run ended in the supervisor's one-line out-of-memory message and exit 2, not V8's fatal report. */
function assertOutOfMemory(r: ReturnType<typeof run>, checking: string): void {
  assert.equal(r.signal, null, 'the process is not killed by its own abort');
  assert.equal(r.code, 2, r.stderr.slice(0, 2000));
  assert.match(r.stderr, new RegExp(`^pmta-lint: out of memory: checking ${checking.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} needs more than the [\\d,]+ MB of heap`));
  assert.doesNotMatch(r.stderr, /FATAL ERROR|Last few GCs|Native stack|node::/);
}

describe('pmta-lint on inputs too large for the heap', () => {
  it('says it ran out of memory and exits 2 instead of crashing with V8 fatal report', () => {
    const r = run(['--max-old-space-size=48'], ['-f', 'json', 'huge.conf']);
    assert.equal(r.signal, null, 'the process is not killed by its own abort');
    assert.equal(r.code, 2, r.stderr.slice(0, 2000));
    assert.match(r.stderr, /^pmta-lint: out of memory: checking huge\.conf needs more than the [\d,]+ MB of heap Node allows here\. Allow more with NODE_OPTIONS=--max-old-space-size=\d+ \(in MB\), or check fewer or smaller files at a time\.\n$/);
    assert.doesNotMatch(r.stderr, /FATAL ERROR|Last few GCs|Native stack|node::/);
    assert.equal(r.stdout, '');
  });

  it('checks a large input that fits in a child with exactly the report and messages of a check in process', () => {
    // A warning only (exit 0); then a missing input besides (exit 2, with its message on stderr).
    for (const [args, code] of [[['big.conf'], 0], [['-f', 'json', 'big.conf', 'small.conf', 'missing.conf'], 2]] as const) {
      const supervised = run([], [...args]);
      const inProcess = run([], [...args], { PMTA_LINT_SUPERVISED: '1' });
      assert.deepEqual(supervised, inProcess);
      assert.equal(supervised.code, code);
      assert.match(supervised.stdout, /unknown-directive/);
    }
    assert.match(run([], ['big.conf', 'missing.conf']).stderr, /^pmta-lint: missing\.conf: /m);
  });

  it('checks a large configuration piped on stdin in a child too, and says so when it runs out of memory', () => {
    const huge = readFileSync(join(dir, 'huge.conf'), 'utf8');
    assertOutOfMemory(run(['--max-old-space-size=48'], ['-f', 'json', '-'], {}, huge), '<stdin>');

    // Fits: the child reads the same text from its stdin and reports what a check in process does.
    const big = readFileSync(join(dir, 'big.conf'), 'utf8');
    const supervised = run([], ['-f', 'json', '--stdin-filename', 'piped.conf', '-'], {}, big);
    assert.deepEqual(supervised, run([], ['-f', 'json', '--stdin-filename', 'piped.conf', '-'], { PMTA_LINT_SUPERVISED: '1' }, big));
    assert.equal(supervised.code, 0);
    assert.match(supervised.stdout, /"file": "piped\.conf"[\s\S]*unknown-directive/);
  });

  it('explains a queue of a large configuration in a child too', () => {
    assertOutOfMemory(run(['--max-old-space-size=48'], ['--explain', 'd0.example', 'main.conf']), 'main.conf and the files it includes');

    const args = ['--explain', 'gmail.com', '-f', 'json', 'big.conf'];
    const supervised = run([], args);
    assert.deepEqual(supervised, run([], args, { PMTA_LINT_SUPERVISED: '1' }));
    assert.equal(supervised.code, 0);
    assert.match(supervised.stdout, /"domain": "gmail\.com"[\s\S]*"name": "max-smtp-out"/);
  });

  it('counts what a small main file includes', () => {
    assertOutOfMemory(run(['--max-old-space-size=48'], ['-f', 'json', 'main.conf']), 'main.conf and the files it includes');

    const supervised = run([], ['includes-big.conf', 'small.conf']);
    assert.deepEqual(supervised, run([], ['includes-big.conf', 'small.conf'], { PMTA_LINT_SUPERVISED: '1' }));
    assert.match(supervised.stdout, /big\.conf[\s\S]*unknown-directive/);
  });

  it('ends the child when the supervisor is told to stop', async () => {
    const parent = spawn(process.execPath, [CLI_JS, '-f', 'json', 'huge.conf'], { cwd: dir, env: plainEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => parent.on('exit', (code, signal) => resolve({ code, signal })));
    const childOf = (pid: number) => readdirSync('/proc').find((p) => /^\d+$/.test(p) && readStatus(p, 'PPid') === String(pid));
    let child: string | undefined;
    for (let waited = 0; !child && waited < 10_000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
      child = childOf(parent.pid!);
    }
    assert.ok(child, 'the supervisor started a child');
    parent.kill('SIGTERM');
    const end = await exited;
    assert.equal(end.signal, 'SIGTERM');
    let gone = false;
    for (let waited = 0; !gone && waited < 5_000; waited += 50) {
      const state = readStatus(child!, 'State');
      gone = state === undefined || state.startsWith('Z');
      if (!gone) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(gone, 'the child ended with its supervisor');
  });
});

/** A field of /proc/PID/status, or undefined when the process is gone. */
function readStatus(pid: string, field: string): string | undefined {
  try {
    const line = readFileSync(join('/proc', pid, 'status'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line?.slice(field.length + 1).trim();
  } catch {
    return undefined;
  }
}
