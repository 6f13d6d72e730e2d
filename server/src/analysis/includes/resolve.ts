import { posix } from 'node:path';
import type { FileHost } from '../host';

/** Where PowerMTA keeps its configuration on a server; includes often name paths under it. */
export const PMTA_CONFIG_DIR = '/etc/pmta';

export interface PathMapping {
  /** A directory as written in the configuration (e.g. `/etc/pmta`). */
  from: string;
  /** Where that directory's copy lives here (e.g. the folder holding the main `config`). */
  to: string;
}

export type IncludeTarget =
  | { kind: 'remote'; url: string }
  | { kind: 'files'; files: string[]; pattern: boolean; cut?: string }
  | { kind: 'missing'; tried: string[]; pattern: boolean; notFile?: string; cut?: string };

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Resolves the argument of an `include` line: an http(s) URL (not fetched), an absolute path
 * (tried as written, then through the path mappings, so `/etc/pmta/conf.d/x.conf` finds the
 * workspace copy of `/etc/pmta`), or a path relative to the including file. Wildcards expand
 * through the host's glob library, as a shell's do (`**` is `*`), each walk stopping after `globMs`
 * (then `cut` names the pattern whose walk stopped).
 */
export function resolveInclude(target: string, fromFile: string, host: FileHost, mappings: readonly PathMapping[], globMs = Infinity): IncludeTarget {
  const clean = target.replace(/^"(.*)"$/, '$1');
  if (/^https?:\/\//i.test(clean)) return { kind: 'remote', url: clean };
  const pattern = GLOB_CHARS.test(clean);
  const candidates: string[] = [];
  if (posix.isAbsolute(clean)) {
    candidates.push(...mappedPaths(clean, mappings));
  } else {
    candidates.push(posix.join(posix.dirname(fromFile), clean));
  }
  const tried: string[] = [];
  let notFile: string | undefined;
  let cut: string | undefined;
  for (const c of dedupe(candidates)) {
    tried.push(c);
    if (pattern) {
      const { files, complete } = host.glob(shellPattern(c), globMs);
      if (!complete) cut ??= c;
      if (files.length > 0) return complete ? { kind: 'files', files, pattern } : { kind: 'files', files, pattern, cut: c };
      continue;
    }
    const stat = host.stat(c);
    if (stat?.isFile) return { kind: 'files', files: [c], pattern };
    if (stat) notFile ??= c;
  }
  if (cut) return { kind: 'missing', tried, pattern, cut };
  return notFile ? { kind: 'missing', tried, pattern, notFile } : { kind: 'missing', tried, pattern };
}

/** An absolute path as written, then where each mapping whose folder holds it puts it (`/etc/pmta/x` → the main file's folder's `x`). */
export function mappedPaths(path: string, mappings: readonly PathMapping[]): string[] {
  const out = [posix.normalize(path)];
  for (const m of mappings) {
    const from = m.from.replace(/\/+$/, '');
    if (path === from || path.startsWith(from + '/')) out.push(posix.join(m.to, path.slice(from.length)));
  }
  return out;
}

/** Default mapping: `/etc/pmta` is the directory of the main configuration file, when that is elsewhere. */
export function defaultMappings(rootFile: string): PathMapping[] {
  const dir = posix.dirname(rootFile);
  return dir === PMTA_CONFIG_DIR ? [] : [{ from: PMTA_CONFIG_DIR, to: dir }];
}

/**
 * `**` as a shell reads it (glob(3), which PowerMTA's include most likely uses): the same as `*`,
 * one folder level. Read as "any depth", an include of `/**` and a file name walked the whole disk for minutes.
 */
function shellPattern(pattern: string): string {
  return pattern.replace(/\*{2,}/g, '*');
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
