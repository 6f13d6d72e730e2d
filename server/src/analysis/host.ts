/**
 * The only way analysis code reaches files: a small host interface, so `analysis/` stays free of
 * `fs` (and a browser build stays possible). The server and the CLI pass `nodeHost` (../nodeHost.ts);
 * tests can pass an in-memory host.
 */
export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
  /** POSIX permission bits, when known. */
  mode?: number;
  /** Last modification time in milliseconds, when known (lets callers cache what they read). */
  mtimeMs?: number;
}

export interface GlobResult {
  files: string[];
  /** False when the walk stopped at its time limit: more files may match. */
  complete: boolean;
}

export interface FileHost {
  /** UTF-8 text of a regular file, or undefined when it cannot be read or is something else (a pipe, a device). */
  readText(path: string): string | undefined;
  /** Raw bytes of a regular file, or undefined as for readText. */
  readBytes(path: string): Uint8Array | undefined;
  stat(path: string): FileStat | undefined;
  /** Canonical path (symlinks resolved), or undefined when it does not exist. */
  realpath(path: string): string | undefined;
  /**
   * Regular files matching a glob pattern (absolute results, sorted). With `maxMs`, the walk stops
   * after that long and gives what it found so far, with `complete: false`.
   */
  glob(pattern: string, maxMs?: number): GlobResult;
  /**
   * Regular files below `folder` matching any of `patterns`, found in one walk that does not block
   * (absolute, sorted), skipping `node_modules` and `.git`; after `maxMs` the walk stops and gives
   * what it found so far. Hosts without it are walked with glob().
   */
  findFiles?(folder: string, patterns: readonly string[], maxMs: number): Promise<string[]>;
  /** The entries of a folder (at most `max`), or undefined when it cannot be read; for completing paths. */
  listFolder?(folder: string, max: number): FolderEntry[] | undefined;
}

export interface FolderEntry {
  name: string;
  isDirectory: boolean;
}
