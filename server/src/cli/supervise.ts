/**
 * Large inputs are checked in a child process, so that running out of memory ends in a message
 * and exit status 2 instead of V8's fatal error (a native stack trace and exit 134). A hostile
 * million-line file needs ~1.5 GB of heap, more than Node allows by default on a small CI machine.
 *
 * Only inputs named on the command line are measured (not what they include, nor a pipe on
 * stdin): ordinary configurations are far below the threshold and pay nothing.
 */
import { spawn } from 'node:child_process';
import { fstatSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { getHeapStatistics } from 'node:v8';
import { InputError, expandInputs } from './inputs';
import { type Terminal, parseOptions } from './options';

/** Inputs at least this large (together) are checked in a child process: ~200k lines, several times any real configuration. */
export const SUPERVISE_MIN_BYTES = 4 * 1024 * 1024;

/** Set in the child's environment: it checks the inputs itself. */
export const SUPERVISED_ENV = 'PMTA_LINT_SUPERVISED';

/** How V8's report of a fatal out-of-memory error begins and what it says. */
const V8_FATAL_START = /^<--- Last few GCs --->/;
const V8_OUT_OF_MEMORY = /JavaScript heap out of memory|Allocation failed/;

/** The inputs the arguments name, and the total size of those that are regular files (stdin counts when it is a file). */
export async function namedInputs(argv: readonly string[], term: Terminal, cwd: string): Promise<{ inputs: readonly string[]; bytes: number }> {
  let parsed;
  try {
    parsed = parseOptions(argv, term);
  } catch {
    return { inputs: [], bytes: 0 }; // A usage error: the run reports it.
  }
  if (parsed.action !== 'lint') return { inputs: [], bytes: 0 };
  const inputs = parsed.options.inputs;
  let total = 0;
  for (const ref of await expandInputs(inputs, cwd)) {
    if (ref instanceof InputError) continue;
    try {
      const s = ref.kind === 'stdin' ? fstatSync(0) : statSync(resolve(cwd, ref.path));
      if (s.isFile()) total += s.size;
    } catch {
      // Missing or unreadable: the run reports it.
    }
  }
  return { inputs, bytes: total };
}

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
export function superviseRun(script: string, argv: readonly string[], inputs: readonly string[], stderr: (s: string) => void): Promise<Supervision> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: { ...process.env, [SUPERVISED_ENV]: '1' },
  });
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
        stderr(outOfMemoryMessage(inputs));
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

function outOfMemoryMessage(inputs: readonly string[]): string {
  const limit = Math.round(getHeapStatistics().heap_size_limit / (1024 * 1024));
  const files = inputs.map((i) => (i === '-' ? '<stdin>' : i)).join(', ') || 'the input';
  return (
    `pmta-lint: out of memory: checking ${files} needs more than the ${limit.toLocaleString('en')} MB of heap Node allows here. ` +
    `Allow more with NODE_OPTIONS=--max-old-space-size=${limit * 2} (in MB), or check fewer or smaller files at a time.\n`
  );
}
