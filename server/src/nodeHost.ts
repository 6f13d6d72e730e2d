import { readFileSync, realpathSync, statSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import type { FileHost } from './analysis/host';

/** The FileHost backed by the local file system (server and CLI). */
export const nodeHost: FileHost = {
  readText(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  readBytes(path) {
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  },
  stat(path) {
    try {
      const s = statSync(path);
      return { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size, mode: s.mode, mtimeMs: s.mtimeMs };
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    try {
      return realpathSync(path);
    } catch {
      return undefined;
    }
  },
  glob(pattern) {
    try {
      return globSync(pattern, { absolute: true, onlyFiles: true, followSymbolicLinks: true }).sort();
    } catch {
      return [];
    }
  },
};
