import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const CLI_JS = join(ROOT, 'server', 'out', 'cli.js');
export const SERVER_JS = join(ROOT, 'server', 'out', 'server.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the variables that switch colours on or off, so tests decide. */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.PMTA_LINT_DEBUG;
  return { ...env, ...extra };
}

/** Runs the built pmta-lint bundle (`server/out/cli.js`) as a user would. */
export function lint(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string>; spawn?: SpawnSyncOptions } = {}): Run {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], {
    cwd: opts.cwd,
    input: opts.input ?? '',
    env: plainEnv(opts.env),
    encoding: 'utf8',
    timeout: 30_000,
    // Node's default (1 MiB) is too small for the whole corpus as SARIF (1.05 MB, 182 bytes under it).
    maxBuffer: 64 * 1024 * 1024,
    ...opts.spawn,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A temporary directory holding `files` (path → text); `cleanup()` removes it. */
export function workdir(files: Record<string, string | Buffer>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-lint-test-'));
  chmodSync(dir, 0o755);
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A user-facing error message must never carry a JavaScript stack trace. */
export function hasStackTrace(s: string): boolean {
  return /^\s+at .+\(.*:\d+:\d+\)$/m.test(s) || /\bError: /.test(s);
}

/** Fixture files with known findings. */
export const FILES = {
  // unknown-directive (warning) on line 1; invalid-value (error) on line 3 after a tab indent
  'bad.conf': 'max-smtp-ot 20\n<domain *>\n\tmax-smtp-out lots\n</domain>\n',
  'clean.conf': '<domain example.com>\n    max-smtp-out 20\n</domain>\n',
  // one unknown-directive warning, nothing else
  'warn.conf': 'bogus-thing 1\n',
};
