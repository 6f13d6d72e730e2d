import { dirname, isAbsolute, resolve } from 'node:path';

/**
 * Maps a key path as written in the configuration to the files to try, in order. The default
 * is the path itself (absolute) or the path joined to the folder of the file being checked
 * (relative). A caller may map server paths such as `/etc/pmta/dkim/…` onto a workspace copy.
 */
export type KeyPathResolver = (path: string) => string[];

export function defaultKeyPaths(baseDir: string | undefined): KeyPathResolver {
  return (path) => {
    if (isAbsolute(path)) return [path];
    return baseDir ? [resolve(baseDir, path)] : [];
  };
}

export function parentDir(path: string): string {
  return dirname(path);
}
