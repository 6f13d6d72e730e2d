import { basename } from 'node:path';

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
