import { basename, dirname, join } from 'node:path';
import type { FileHost } from '../host';
import { readIncludedText } from './analyzeConfig';

/** Of two files that include each other, the one to check the configuration from: PowerMTA's own `config`, else the first by path. */
export function preferredRoot(a: string, b: string): string {
  const main = (p: string) => basename(p) === 'config';
  if (main(a) !== main(b)) return main(a) ? a : b;
  return a <= b ? a : b;
}

/** A file given to check, with the paths its configuration pulls in (itself included) when known. */
export interface CheckedFile {
  path?: string;
  members?: ReadonlySet<string>;
}

/**
 * Which of the files given together another one's configuration includes (`pmta-lint
 * '/etc/pmta/**'` names `config` and every file of `conf.d/`). Such a file is checked inside that
 * configuration, as PowerMTA reads it: checked alone it would miss what the rest defines (a
 * virtual MTA named in it but defined in `config`). Of files that include each other, the one
 * `preferredRoot` picks stays a main file.
 */
export function coveredFiles(files: readonly CheckedFile[]): boolean[] {
  return files.map(({ path, members }, i) =>
    path !== undefined &&
    files.some((other, j) => {
      if (j === i || other.path === path || !other.members?.has(path)) return false;
      const back = other.path !== undefined && !!members?.has(other.path);
      return !back || preferredRoot(path, other.path!) === other.path;
    }),
  );
}

/** A file above this size is not read to see whether it is a main file (a log or dump named like one). */
const MAX_MAIN_FILE_BYTES = 16 * 1024 * 1024;

/** Whether a file's text has an `include` line: only such a file can be a main file of others. */
function hasIncludeText(text: string): boolean {
  return /^[ \t]*include[ \t]+\S/im.test(text);
}

/** The text of a file that may be the main file of others: not too large, configuration text, with an `include` line; else undefined. */
export function mainFileText(host: FileHost, path: string): string | undefined {
  if ((host.stat(path)?.size ?? Infinity) > MAX_MAIN_FILE_BYTES) return undefined;
  const text = readIncludedText(host, path);
  return text !== undefined && hasIncludeText(text) ? text : undefined;
}

/** The names PowerMTA's main file has: `/etc/pmta/config`, and `config.dat` on Windows. */
const MAIN_FILE_NAMES = ['config', 'config.dat'];
/** How many folders up to look: `/etc/pmta/conf.d/vmtas/x.conf` reaches `/etc/pmta` in three. */
const FOLDERS_UP = 6;

/**
 * The files named like PowerMTA's main file in the folder of `path` and the folders above it,
 * nearest first. They are where a file of `conf.d/` is included from when no workspace folder
 * holds the main file: a single file opened, or `/etc/pmta/conf.d` opened as the folder (Neovim's
 * root is often the file's own folder).
 */
export function mainFilesAbove(host: Pick<FileHost, 'stat'>, path: string): string[] {
  const found: string[] = [];
  let folder = dirname(path);
  for (let level = 0; level < FOLDERS_UP; level++) {
    for (const name of MAIN_FILE_NAMES) {
      const candidate = join(folder, name);
      if (candidate !== path && host.stat(candidate)?.isFile) found.push(candidate);
    }
    const up = dirname(folder);
    if (up === folder) break;
    folder = up;
  }
  return found;
}
