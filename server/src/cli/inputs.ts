/**
 * From the command line's FILE|GLOB|- arguments to the texts pmta-lint checks. Problems with an
 * input (missing file, directory, unreadable, binary, glob without a match) become `InputError`s
 * with one-line messages; the run goes on with the other inputs and exits 2 at the end.
 */
import { constants } from 'node:buffer';
import { type Stats, existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { describeFsError, readsToAnEnd } from './options';
import { nodeHost } from '../nodeHost';
import type { SourceFile } from './workspace';
import { notTextReason, stripBom } from '../analysis/includes/textFile';

export class InputError extends Error {}

export type InputRef = { kind: 'stdin' } | { kind: 'file'; path: string };

/**
 * Expands globs (an argument that exists as a file is taken literally even when it has glob
 * characters) and drops repeats, keeping the first position of each file. A glob that matches
 * nothing becomes an `InputError` in its place.
 */
export async function expandInputs(inputs: readonly string[], cwd = process.cwd()): Promise<(InputRef | InputError)[]> {
  const refs: (InputRef | InputError)[] = [];
  const seen = new Set<string>();
  const add = (ref: InputRef) => {
    const key = ref.kind === 'stdin' ? '\0stdin' : resolve(cwd, ref.path);
    if (seen.has(key)) return;
    seen.add(key);
    refs.push(ref);
  };
  for (const input of inputs) {
    if (input === '-') add({ kind: 'stdin' });
    else if (isDynamicPattern(input) && !existsSync(resolve(cwd, input))) {
      // `onlyFiles` leaves out directories only; a pipe or a device matched by a pattern is not read.
      const matches = (await glob(input, { cwd, onlyFiles: true, expandDirectories: false, absolute: isAbsolute(input) })).filter((m) => nodeHost.stat(resolve(cwd, m))?.isFile);
      if (matches.length === 0) refs.push(new InputError(`${input}: no file matches this pattern`));
      for (const m of matches.sort()) add({ kind: 'file', path: m });
    } else add({ kind: 'file', path: input });
  }
  return refs;
}

/** Reads one input (relative paths from `cwd`); `stdinName` is the name shown for `-`. */
export function readInput(ref: InputRef, stdinName: string, readStdin: () => string, cwd: string): SourceFile {
  if (ref.kind === 'stdin') return { name: stdinName, text: textOf(stdinName, readStdin) };
  const file = ref.path;
  const abs = resolve(cwd, file);
  let stat: Stats;
  try {
    stat = statSync(abs);
  } catch (e) {
    throw new InputError(`${file}: ${describeFsError(e)}`);
  }
  if (!readsToAnEnd(stat) && !stat.isDirectory()) throw new InputError(`${file}: not a regular file (a device or a socket)`);
  if (stat.isDirectory()) {
    const config = join(file, 'config');
    const hint = existsSync(join(abs, 'config')) ? `did you mean ${config}?` : `give a file, or a quoted glob such as '${join(file, '*.conf')}'`;
    throw new InputError(`${file}: is a directory; ${hint}`);
  }
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (e) {
    throw new InputError(`${file}: ${describeFsError(e)}`);
  }
  return { name: file, path: abs, text: textOf(file, () => buf.toString('utf8')) };
}

/**
 * The text of an input without its byte-order mark, or an InputError: UTF-16 or binary data (NUL
 * bytes; on stdin too, as `cat /usr/bin/x | pmta-lint -` is a mistake, not a configuration with 2,000
 * problems), or more than a JavaScript string can hold (V8: 512 MB).
 */
function textOf(name: string, read: () => string): string {
  let text: string;
  try {
    text = read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_STRING_TOO_LONG') throw e;
    throw new InputError(`${name}: too large to check (more than ${Math.floor(constants.MAX_STRING_LENGTH / 1048576)} M characters, the most a JavaScript string can hold)`);
  }
  const notText = notTextReason(text);
  if (notText) throw new InputError(`${name}: ${notText}`);
  return stripBom(text);
}
