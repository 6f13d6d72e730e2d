/**
 * pmta-lint entry point: the language server's checks for CI pipelines and `pmta reload` hooks.
 * The work happens in cli/run.ts; this file wires it to the process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { type CliIo, runCli } from './cli/run';
import { visible } from './report/visible';
import { SUPERVISED_ENV, superviseRun } from './cli/supervise';

const io: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  // A pipe to a slow reader fills up: wait for it. Otherwise one turn of the event loop, in which a
  // closed pipe (EPIPE, below) ends the run instead of the rest of a long report being written.
  drain: () => new Promise((resolve) => (process.stdout.writableNeedDrain ? process.stdout.once('drain', resolve) : setImmediate(resolve))),
  // Messages quote file names and configuration text: control characters in them are shown, not sent.
  stderr: (s) => void process.stderr.write(visible(s)),
  stdoutIsTTY: process.stdout.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  fileExists: existsSync,
  readStdin: () => {
    // isatty(0), not process.stdin.isTTY: creating process.stdin turns a pipe non-blocking and
    // the synchronous read below then fails with EAGAIN.
    if (isatty(0)) process.stderr.write('pmta-lint: reading the configuration from the terminal; end it with Ctrl-D\n');
    return readFileSync(0, 'utf8');
  },
};

// `pmta-lint … | head` closes the pipe early: stop quietly instead of dying with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const argv = process.argv.slice(2);

if (!process.env[SUPERVISED_ENV]) {
  io.supervise = async (run) => {
    // The child has already shown control characters as visible ones: pass its messages on as they are.
    const { code, signal } = await superviseRun(__filename, argv, run, (s) => void process.stderr.write(s));
    if (signal) process.kill(process.pid, signal);
    return code;
  };
}

async function main(): Promise<void> {
  process.exitCode = await runCli(argv, io);
}

main().catch((e) => {
  process.stderr.write(`pmta-lint: internal error: ${(e as Error).message}; please report it\n`);
  if (process.env.PMTA_LINT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 2;
});
