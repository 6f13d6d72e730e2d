import picomatch from 'picomatch';
import { posix } from 'node:path';
import type { FileHost } from '../server/src/analysis/host';

/** An in-memory FileHost for unit tests: absolute paths → text; `links` maps a path to its target. */
export function memoryHost(files: Record<string, string>, links: Record<string, string> = {}): FileHost {
  const resolve = (p: string, depth = 0): string | undefined => {
    if (depth > 40) return undefined; // symlink loop
    const target = links[p];
    if (target) return resolve(posix.isAbsolute(target) ? target : posix.join(posix.dirname(p), target), depth + 1);
    return p in files ? p : undefined;
  };
  return {
    readText: (p) => {
      const r = resolve(p);
      return r === undefined ? undefined : files[r];
    },
    readBytes: (p) => {
      const r = resolve(p);
      return r === undefined ? undefined : new TextEncoder().encode(files[r]);
    },
    stat: (p) => {
      const r = resolve(p);
      if (r !== undefined) return { isFile: true, isDirectory: false, size: files[r].length };
      const dir = p.endsWith('/') ? p : p + '/';
      return Object.keys(files).some((f) => f.startsWith(dir)) ? { isFile: false, isDirectory: true, size: 0 } : undefined;
    },
    realpath: (p) => resolve(p),
    // Listing memory takes no time: only a walk given no time at all is cut short (finding nothing).
    glob: (pattern, maxMs = Infinity) => {
      if (maxMs <= 0) return { files: [], complete: false };
      const isMatch = picomatch(pattern);
      return { files: [...Object.keys(files), ...Object.keys(links)].filter((f) => isMatch(f)).sort(), complete: true };
    },
  };
}
