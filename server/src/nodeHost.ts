import * as fs from 'node:fs';
import { type PathLike, closeSync, constants, fstatSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { glob, globSync } from 'tinyglobby';
import type { FileHost, FolderEntry } from './analysis/host';

/** The result of a file-system call, or `fallback` when it throws (missing, unreadable, …). */
function orElse<T, F>(call: () => T, fallback: F): T | F {
  try {
    return call();
  } catch {
    return fallback;
  }
}

/**
 * The bytes of a regular file, or undefined. Anything else is refused before a byte is read: a
 * named pipe would block the server (or the CLI) until a writer came, and a device such as
 * /dev/zero never ends. Opening without blocking and checking the opened file leaves no gap in
 * which the path could change. With `headBytes`, only the file's first bytes (fewer when it is shorter).
 */
function readRegularFile(path: string, headBytes?: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return undefined;
    if (headBytes === undefined) return readFileSync(fd);
    const buf = Buffer.alloc(headBytes);
    return buf.subarray(0, readSync(fd, buf, 0, headBytes, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) orElse(() => closeSync(fd!), undefined);
  }
}

/** The first `bytes` bytes of a regular file, or undefined as for readRegularFile. */
export const readFileHead = (path: string, bytes: number): Buffer | undefined => readRegularFile(path, bytes);

const isRegularFile = (path: string) => orElse(() => statSync(path).isFile(), false);

/**
 * The file-system calls of a synchronous glob, with a time limit: past it, every folder reads as
 * empty, so the walk ends with what it found (a sync walk cannot be aborted otherwise).
 */
function timedFs(maxMs: number): { fs: typeof fs; readonly stopped: boolean } {
  if (maxMs === Infinity) return { fs, stopped: false };
  const deadline = performance.now() + maxMs;
  const walk = {
    stopped: false,
    fs: {
      ...fs,
      readdirSync: ((dir: PathLike, options?: unknown) => {
        if (performance.now() < deadline) return fs.readdirSync(dir, options as never);
        walk.stopped = true;
        return [];
      }) as typeof fs.readdirSync,
    },
  };
  return walk;
}

/** The FileHost backed by the local file system (server and CLI). */
export const nodeHost: FileHost = {
  readText: (path) => readRegularFile(path)?.toString('utf8'),
  readBytes: (path) => readRegularFile(path),
  stat: (path) =>
    orElse(() => {
      // A missing file is the common answer (main files looked for above an open file): no exception for it.
      const s = statSync(path, { throwIfNoEntry: false });
      return s && { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size, mode: s.mode, mtimeMs: s.mtimeMs };
    }, undefined),
  realpath: (path) => orElse(() => realpathSync(path), undefined),
  // `onlyFiles` leaves out directories only: pipes, sockets and links to devices are dropped here.
  glob: (pattern, maxMs = Infinity) => {
    const walk = timedFs(maxMs);
    const files = orElse(() => globSync(pattern, { absolute: true, onlyFiles: true, followSymbolicLinks: true, fs: walk.fs }).filter(isRegularFile).sort(), []);
    return { files, complete: !walk.stopped };
  },
  listFolder: (folder, max) =>
    orElse(() => {
      const dir = fs.opendirSync(folder);
      const out: FolderEntry[] = [];
      try {
        for (let e = dir.readSync(); e && out.length < max; e = dir.readSync()) {
          // A link is listed as what it points to (a folder link is completed as a folder).
          const isDirectory = e.isDirectory() || (e.isSymbolicLink() && !!statSync(`${folder}/${e.name}`, { throwIfNoEntry: false })?.isDirectory());
          out.push({ name: e.name, isDirectory });
        }
      } finally {
        dir.closeSync();
      }
      return out;
    }, undefined),
  findFiles: async (folder, patterns, maxMs) => {
    // An abort timer of 0 ms still fires a turn later, by when a small folder may be walked.
    if (maxMs <= 0) return [];
    try {
      const signal = AbortSignal.timeout(maxMs);
      const found = await glob([...patterns], { cwd: folder, absolute: true, onlyFiles: true, followSymbolicLinks: true, ignore: ['**/node_modules/**', '**/.git/**'], signal });
      return found.filter(isRegularFile).sort();
    } catch {
      return [];
    }
  },
};
