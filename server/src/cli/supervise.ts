/**
 * Large runs are checked in a child process, so that running out of memory ends in a message and
 * exit status 2 instead of V8's fatal error (a native stack trace and exit 134). A hostile
 * million-line file needs ~1.5 GB of heap, more than Node allows by default on a small CI machine.
 *
 * The run decides (runCli, `SUPERVISE_MIN_CHARS`) once it has read its inputs and what they
 * include, before it checks them: ordinary configurations are far below the threshold and pay
 * nothing. What it read from stdin is written to the child's stdin.
 */
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { getHeapStatistics } from 'node:v8';
import { formatCount } from '../numbers';

/** Set in the child's environment: it checks the inputs itself. */
export const SUPERVISED_ENV = 'PMTA_LINT_SUPERVISED';

/** How V8's report of a fatal out-of-memory error begins and what it says. */
const V8_FATAL_START = /^<--- Last few GCs --->/;
const V8_OUT_OF_MEMORY = /JavaScript heap out of memory|Allocation failed/;

export interface Supervision {
  /** The exit status to end with (the child's, or 2 when it ran out of memory or was killed). */
  code: number;
  /** The signal that ended the child, when it was not one of V8's own aborts. */
  signal?: NodeJS.Signals;
}

/**
 * Runs this same script again as a child with the same Node options, stdin and stdout (so a
 * report streams straight through), and stderr passed on line by line until V8 starts a fatal
 * report, which is replaced by one line saying what happened and what to do.
 */
export function superviseRun(
  script: string,
  argv: readonly string[],
  run: { stdinText?: string; checking: string },
  stderr: (s: string) => void,
): Promise<Supervision> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
    stdio: [run.stdinText === undefined ? 'inherit' : 'pipe', 'inherit', 'pipe'],
    env: { ...process.env, [SUPERVISED_ENV]: '1' },
  });
  if (run.stdinText !== undefined) {
    // A child that ends before reading all of it (out of memory) closes the pipe: not an error here.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(run.stdinText);
  }
  // Ended from outside (a CI timeout, a closed terminal): the child must not run on alone.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const handlers = (['SIGTERM', 'SIGHUP', 'SIGINT'] as const).map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);

  const decoder = new StringDecoder('utf8');
  let pending = '';
  let heldBlank = '';
  let fatal = false;
  let outOfMemory = false;
  const passOn = (line: string) => {
    if (fatal) {
      if (V8_OUT_OF_MEMORY.test(line)) outOfMemory = true;
      return;
    }
    if (V8_FATAL_START.test(line)) {
      fatal = true;
      heldBlank = '';
      return;
    }
    // V8 starts its report with an empty line: hold empty lines until the next line shows what follows.
    if (line.trim() === '') {
      heldBlank += line + '\n';
      return;
    }
    stderr(heldBlank + line + '\n');
    heldBlank = '';
  };
  child.stderr!.on('data', (chunk: Buffer) => {
    const lines = (pending + decoder.write(chunk)).split('\n');
    pending = lines.pop()!;
    for (const line of lines) passOn(line);
  });

  return new Promise((done) => {
    child.on('close', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      const rest = pending + decoder.end();
      if (rest) passOn(rest);
      if (!fatal && heldBlank) stderr(heldBlank);
      if (fatal && (outOfMemory || signal === 'SIGABRT' || code === 134)) {
        stderr(outOfMemoryMessage(run.checking));
        done({ code: 2 });
      } else if (signal) {
        done({ code: 2, signal });
      } else done({ code: code ?? 2 });
    });
    child.on('error', (e) => {
      for (const [s, h] of handlers) process.off(s, h);
      stderr(`pmta-lint: could not start the check (${e.message})\n`);
      done({ code: 2 });
    });
  });
}

function outOfMemoryMessage(checking: string): string {
  const limit = Math.round(getHeapStatistics().heap_size_limit / (1024 * 1024));
  return (
    `pmta-lint: out of memory: checking ${checking || 'the input'} needs more than the ${formatCount(limit)} MB of heap Node allows here. ` +
    `Allow more with NODE_OPTIONS=--max-old-space-size=${limit * 2} (in MB), or check fewer or smaller files at a time.\n`
  );
}
