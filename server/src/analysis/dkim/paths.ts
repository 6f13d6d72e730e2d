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

/**
 * Like `defaultKeyPaths`, and an absolute path under a mapped directory (by default `/etc/pmta`,
 * PowerMTA's configuration folder) is also tried in the folder that holds the configuration
 * here, so a repository copy of `/etc/pmta` finds its keys.
 */
export function mappedKeyPaths(baseDir: string | undefined, mappings: readonly { from: string; to: string }[]): KeyPathResolver {
  const plain = defaultKeyPaths(baseDir);
  return (path) => {
    const out = plain(path);
    if (!isAbsolute(path)) return out;
    for (const m of mappings) {
      const from = m.from.replace(/\/+$/, '');
      if (path.startsWith(from + '/')) out.push(resolve(m.to, path.slice(from.length + 1)));
    }
    return [...new Set(out)];
  };
}

/** The local copy of PowerMTA's `/etc/pmta` for a file in `dir`: the nearest enclosing folder named `pmta`, else `dir`. */
export function localConfigDir(dir: string): string {
  for (let d = dir, i = 0; i < 4 && d !== dirname(d); d = dirname(d), i++) if (d.endsWith('/pmta')) return d;
  return dir;
}
