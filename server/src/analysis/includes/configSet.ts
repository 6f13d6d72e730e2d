import type { PmtaDocument } from '../../syntax/document';
import type { FileHost } from '../host';
import type { Finding } from '../types';
import { posix } from 'node:path';
import { type IncludeTarget, type PathMapping, defaultMappings, resolveInclude } from './resolve';
import { includeLineNumbers } from './includeLines';
import { notTextReason } from './textFile';

/** One file of a configuration: its model and where it sits in the load order. */
export interface SetFile {
  path: string;
  doc: PmtaDocument;
  /** Load-order key: the chain of include-line numbers leading here (compare lexicographically). */
  order: readonly number[];
  /** The file that included this one first (undefined for the root). */
  parent?: { path: string; line: number };
}

export interface IncludeLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /**
   * Time for expanding wildcards, all the patterns of one load together. The server loads a
   * configuration again after each edit of one of its files, synchronously: a pattern that walks
   * most of the disk (six `*` levels from `/` took a minute) must not block it.
   */
  maxGlobMs: number;
}

export const DEFAULT_LIMITS: IncludeLimits = { maxFiles: 500, maxFileBytes: 20 * 1024 * 1024, maxTotalBytes: 100 * 1024 * 1024, maxGlobMs: 1000 };

/** A main configuration file and everything it includes, directly or not. */
export interface ConfigSet {
  root: string;
  /** Files in load order (root first). */
  files: SetFile[];
  byPath: Map<string, SetFile>;
  /** Include findings (not-found, cycle, remote, limit), by the path of the file holding the `include`. */
  findings: Map<string, Finding[]>;
  /** Resolved include edges, for links and the include graph. */
  edges: { from: string; line: number; targets: string[] }[];
}

export interface ConfigSetOptions {
  host: FileHost;
  /** Returns the model of a file (an open editor buffer, or a fresh one from disk). `enclosing` = blocks around the include. */
  load(path: string, text: string | undefined, enclosing: readonly string[]): PmtaDocument | undefined;
  mappings?: readonly PathMapping[];
  limits?: IncludeLimits;
}

/**
 * Follows `include` lines from `rootPath`, depth first in load order. A file reached again while
 * it is still being read is a cycle (reported at the include that closes it, never followed); a
 * file reached again afterwards is not read twice. Symlinks are compared by their real path.
 */
export function buildConfigSet(rootPath: string, rootDoc: PmtaDocument, opts: ConfigSetOptions): ConfigSet {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const mappings = opts.mappings ?? defaultMappings(rootPath);
  const set: ConfigSet = { root: rootPath, files: [], byPath: new Map(), findings: new Map(), edges: [] };
  // One load reads each directory and resolves each link once: when every file of a folder includes
  // that folder's glob, the same pattern comes back for each of them (500 files x 3,000 matches).
  const reals = new Map<string, string>();
  const realOf = (p: string) => {
    let r = reals.get(p);
    if (r === undefined) reals.set(p, (r = opts.host.realpath(p) ?? p));
    return r;
  };
  const targets = new Map<string, IncludeTarget>();
  const globDeadline = performance.now() + limits.maxGlobMs;
  const resolve = (word: string, from: string) => {
    const key = posix.dirname(from) + '\0' + word;
    let t = targets.get(key);
    if (t === undefined) targets.set(key, (t = resolveInclude(word, from, opts.host, mappings, Math.max(0, globDeadline - performance.now()))));
    return t;
  };
  const active = new Set<string>();
  const seenReal = new Map<string, string>();
  let totalBytes = 0;
  let limitReported = false;

  const report = (path: string, f: Finding) => {
    const list = set.findings.get(path);
    if (list) list.push(f);
    else set.findings.set(path, [f]);
  };

  const visit = (path: string, doc: PmtaDocument, order: readonly number[], parent?: SetFile['parent']) => {
    const file: SetFile = { path, doc, order, parent };
    set.files.push(file);
    set.byPath.set(path, file);
    const real = realOf(path);
    seenReal.set(real, path);
    active.add(real);
    // Kept per document (includeLines.ts): a line without the word is not even scanned for it, so a
    // big included file stays unscanned here (a 100k-line one took 270 ms); the analysis scans it, in slices.
    for (const i of includeLineNumbers(doc)) {
      const info = doc.info(i);
      if (info.words.length === 0) continue;
      const word = info.words[0];
      const at = { line: i, start: word.start, end: info.words[info.words.length - 1].end };
      const target = resolve(word.text, path);
      if (target.kind === 'remote') {
        report(path, {
          code: 'include-remote',
          message: `\`${target.url}\` is fetched by PowerMTA when it loads the configuration; this tool does not download it, so names defined there are unknown here.`,
          ...at,
        });
        continue;
      }
      if (target.cut) {
        report(path, {
          code: 'include-limit',
          message: `Stopped expanding \`${target.cut}\` after ${limits.maxGlobMs / 1000} s${target.kind === 'files' ? ` (${target.files.length} matching files found by then, checked)` : ''}: a wildcard this wide walks much of the disk. Files it matches ${target.kind === 'files' ? 'beyond those ' : ''}are not checked; narrow the pattern to the folder meant.`,
          ...at,
        });
        if (target.kind === 'missing') continue;
      }
      if (target.kind === 'missing') {
        report(path, {
          code: 'include-not-found',
          message: target.notFile
            ? `\`${target.notFile}\` is not a regular file (a directory, a device or a named pipe), so it is not read; PowerMTA expects a configuration file here.`
            : target.pattern
            ? `No file matches \`${word.text}\` (looked for ${target.tried.map((t) => '`' + t + '`').join(', ')}). PowerMTA includes nothing here.`
            : `Included file \`${word.text}\` not found (looked for ${target.tried.map((t) => '`' + t + '`').join(', ')}); PowerMTA most likely refuses to load a configuration whose include is missing.`,
          ...at,
          data: { tried: target.tried },
        });
        continue;
      }
      set.edges.push({ from: path, line: i, targets: target.files });
      const enclosing: string[] = [...doc.enclosingTags];
      const chain: string[] = [];
      for (let f = doc.stateBefore(i).frame; f; f = f.parent) chain.push(f.tag);
      enclosing.length = 0;
      for (let k = chain.length - 1; k >= 0; k--) enclosing.push(chain[k]);
      const cycles: string[] = [];
      target.files.forEach((child, k) => {
        const childReal = realOf(child);
        if (active.has(childReal)) {
          cycles.push(child);
          return;
        }
        if (seenReal.has(childReal)) return; // already part of the set
        if (set.files.length >= limits.maxFiles) {
          if (!limitReported) {
            limitReported = true;
            report(path, {
              code: 'include-limit',
              message: `Stopped following includes after ${limits.maxFiles} files; files beyond this point are not checked.`,
              ...at,
            });
          }
          return;
        }
        const size = opts.host.stat(child)?.size ?? 0;
        if (size > limits.maxFileBytes || totalBytes + size > limits.maxTotalBytes) {
          report(path, {
            code: 'include-limit',
            message: `\`${child}\` (${Math.round(size / 1024)} KB) is over the size limit for included files; it is not checked.`,
            ...at,
          });
          return;
        }
        totalBytes += size;
        const childDoc = opts.load(child, undefined, enclosing);
        if (!childDoc) {
          report(path, { code: 'include-not-found', message: `Included file \`${child}\` ${whyUnread(opts.host, child)}`, ...at });
          return;
        }
        visit(child, childDoc, [...order, i, k], { path, line: i });
      });
      if (cycles.length) report(path, { code: 'include-cycle', message: cycleMessage(cycles), ...at });
    }
    active.delete(real);
  };
  visit(rootPath, rootDoc, []);
  return set;
}

/** One finding per include line, however many of the files its pattern matches close a cycle. */
function cycleMessage(files: readonly string[]): string {
  const cannot = 'PowerMTA cannot load a configuration that includes itself.';
  if (files.length === 1) {
    return `Including \`${files[0]}\` here closes a cycle: that file is already being read (it includes this one, directly or through others). ${cannot}`;
  }
  const shown = files.slice(0, 3).map((f) => `\`${f}\``);
  const more = files.length > 3 ? ` and ${files.length - 3} more` : '';
  return `This include closes ${files.length} cycles: ${shown.join(', ')}${more} are already being read (this file is inside each of them, or is one of them). ${cannot}`;
}

/** Why an included file that exists gave no text, for the message. */
function whyUnread(host: FileHost, path: string): string {
  const text = host.readText(path);
  const notText = text === undefined ? undefined : notTextReason(text);
  return notText ? `is ${notText}; it is not checked.` : 'cannot be read (check its permissions).';
}

/** Lexicographic comparison of load-order keys (then line numbers). */
export function compareOrder(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
