import { readFileSync, realpathSync, statSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import type { FileHost } from './analysis/host';

/** The result of a file-system call, or `fallback` when it throws (missing, unreadable, …). */
function orElse<T, F>(call: () => T, fallback: F): T | F {
  try {
    return call();
  } catch {
    return fallback;
  }
}

/** The FileHost backed by the local file system (server and CLI). */
export const nodeHost: FileHost = {
  readText: (path) => orElse(() => readFileSync(path, 'utf8'), undefined),
  readBytes: (path) => orElse(() => readFileSync(path), undefined),
  stat: (path) =>
    orElse(() => {
      const s = statSync(path);
      return { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size, mode: s.mode, mtimeMs: s.mtimeMs };
    }, undefined),
  realpath: (path) => orElse(() => realpathSync(path), undefined),
  glob: (pattern) => orElse(() => globSync(pattern, { absolute: true, onlyFiles: true, followSymbolicLinks: true }).sort(), []),
};
