import { posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Analysis, Analyzer, SliceOptions } from './analysis/analyzer';
import type { FileHost, GlobResult } from './analysis/host';
import { type ConfigAnalysis, analyzeConfig, analyzeConfigInSlices, loadConfig, readIncludedText } from './analysis/includes/analyzeConfig';
import type { ConfigSet } from './analysis/includes/configSet';
import { defaultMappings, mappedPaths } from './analysis/includes/resolve';
import { mainFileText, mainFilesAbove, preferredRoot } from './analysis/includes/mainFiles';
import type { DocumentStore } from './documentStore';
import type { PmtaDocument } from './syntax/document';
import { includeLineNumbers } from './analysis/includes/includeLines';

/** Files that look like PowerMTA configurations, for finding the main file that includes an open one. */
export const CONFIG_GLOBS = ['**/pmta/config', '**/pmta/*.conf', '**/pmta/conf.d/**/*', '**/*.pmta', '**/config.dat'];
const MAX_CANDIDATES = 200;

interface CachedSet {
  set: ConfigSet;
  analyses: Map<string, Analysis>;
  /** Revisions of the member documents when analysed; any change invalidates the set. */
  revisions: Map<string, number>;
}

/** A walk given at least this long that still did not finish marks its pattern as too wide to walk again. */
const WIDE_GLOB_MIN_MS = 250;

/**
 * Configurations spread over several files, as the server sees them: each open document is
 * analysed inside the configuration set of the main file that includes it (found among the
 * workspace's configuration files), or as the root of its own set. Closed files are read
 * through the host and cached by modification size/time; open buffers always win.
 */

export class Workspace {
  private folders: string[] = [];
  private candidates: string[] = [];
  /**
   * Open documents changed since the candidates were last read (path → URI): whether one includes
   * files is looked at when a set is next needed, not in didOpen, where it would scan a new text
   * at once instead of in the analysis' slices.
   */
  private readonly unchecked = new Map<string, string>();
  private readonly sets = new Map<string, CachedSet>();
  /** Configurations being analysed in slices, by root. */
  private readonly preparingSets = new Map<string, Promise<void>>();
  /** Counts resets (files changed on disk) and files opened or closed: a check in slices started before one is not kept. */
  private epoch = 0;
  /** The paths of the open documents, as invalidate() last saw them. */
  private readonly openPaths = new Set<string>();
  /**
   * Which files each candidate main file pulls in (their paths), by root (see membersOf); dropped
   * like `sets`. Paths only: holding the loaded files would keep every candidate's models alive.
   */
  private readonly members = new Map<string, ReadonlySet<string>>();
  /** Files read from disk, with their checks (the analyzer keeps those per model); see closed(). */
  private readonly diskModels = new Map<string, { key: string; doc: PmtaDocument }>();
  /** Main files in the folders above open documents: whether each has an include line, at which size and time (see includesOnDisk). */
  private readonly mainsAbove = new Map<string, { key: string; includes: boolean }>();
  /** The files of the configuration a document was last closed from: kept for a quick reopen. */
  private recentlyClosed: ReadonlySet<string> = new Set();

  /** What configurations are loaded through: the host, with wide wildcards remembered (see wideGlobs). */
  private readonly includeHost: FileHost;
  /**
   * Include wildcards whose walk ran out of its time (a pattern spanning much of the disk), with
   * what the walk found. A configuration is loaded again after each edit of one of its files: such
   * a pattern would block the server for its whole time limit at every keystroke. Forgotten when
   * files change on disk (reset).
   */
  private readonly wideGlobs = new Map<string, GlobResult>();

  constructor(
    private readonly store: DocumentStore,
    private readonly host: FileHost,
    private readonly analyzer: Analyzer,
  ) {
    this.includeHost = {
      ...host,
      glob: (pattern, maxMs) => {
        const known = this.wideGlobs.get(pattern);
        if (known) return known;
        const result = host.glob(pattern, maxMs);
        // A walk cut short only because an earlier pattern used up the load's time says nothing about this one.
        if (!result.complete && (maxMs ?? Infinity) >= WIDE_GLOB_MIN_MS) this.wideGlobs.set(pattern, result);
        return result;
      },
    };
  }

  /**
   * Sets the workspace folders and looks for main files in them in the background. `scanned()`
   * says when that is done; `onScanned` runs then (the server publishes open files again, now
   * linked with the main file that includes them).
   */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    const scan = this.rescan().catch((e) => this.onNote(`Looking for main PowerMTA configuration files failed: ${e instanceof Error ? e.message : String(e)}`));
    this.scanning = scan;
    void scan.then(() => {
      if (this.scanning === scan) this.scanning = undefined;
    });
  }

  /** Called when a scan of the folders has finished and changed what the workspace knows. */
  onScanned: () => void = () => undefined;
  /** Told when a folder's walk ran out of time (the server logs it). */
  onNote: (message: string) => void = () => undefined;
  /**
   * A walk of one folder stops after this long with what it found: a home folder opened as the
   * workspace (Neovim's root_dir is often the file's folder) would otherwise keep a core busy.
   */
  scanLimitMs = 30_000;

  /**
   * Resolves when the folders' scan is done, or after `maxWaitMs` (a home directory of millions of
   * files may take long: the first diagnostics do not wait for it, and come again when it ends).
   */
  scanned(maxWaitMs: number): Promise<void> {
    const scan = this.scanning;
    if (!scan) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      void scan.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private scanning: Promise<void> | undefined;
  private generation = 0;

  /**
   * Finds candidate main files (those with an `include` line) in the workspace folders: one walk
   * per folder that does not block the server (a workspace of 100k files took seconds per
   * pattern when it did), without node_modules and .git. A newer scan makes an older one give up.
   */
  private async rescan(): Promise<void> {
    const generation = ++this.generation;
    const found: string[] = [];
    // A link to a folder above (pmta/up -> ..) shows the same file under several paths: keep one.
    const real = new Set<string>();
    for (const folder of this.folders) {
      const base = folder.replace(/\/$/, '') || '/';
      const started = Date.now();
      const files = this.host.findFiles ? await this.host.findFiles(base, CONFIG_GLOBS, this.scanLimitMs) : CONFIG_GLOBS.flatMap((p) => this.host.glob(`${base.replace(/\/$/, '')}/${p}`).files);
      if (generation !== this.generation) return;
      if (this.host.findFiles && Date.now() - started >= this.scanLimitMs) {
        this.onNote(`Looking for main PowerMTA configuration files in ${base} stopped after ${Math.round(this.scanLimitMs / 1000)} s (the folder is large); files included by a main file it did not reach are checked on their own. Open the folder that holds the configuration to link them.`);
      }
      for (const file of files) {
        const canonical = this.host.realpath(file) ?? file;
        if (file.includes('/node_modules/') || real.has(canonical)) continue;
        real.add(canonical);
        if (mainFileText(this.host, file) !== undefined) found.push(file);
        if (found.length >= MAX_CANDIDATES) break;
      }
    }
    if (generation !== this.generation) return;
    const changed = found.length !== this.candidates.length || found.some((f, i) => f !== this.candidates[i]);
    this.candidates = found;
    this.sets.clear();
    this.members.clear();
    // Open documents that include files are candidates too (admitCandidates): look at them again.
    for (const d of this.store.all()) {
      const path = pathOf(d.uri);
      if (path) this.unchecked.set(path, d.uri);
    }
    if (changed) this.onScanned();
  }

  /** Forgets cached sets and disk models (files changed on disk). */
  reset(): void {
    this.dropChecksInFlight();
    this.sets.clear();
    this.members.clear();
    this.diskModels.clear();
    this.wideGlobs.clear();
  }

  /**
   * The model already read from disk for a file now opened with the same text (and the same kind
   * of line breaks), handed over to the editor's document: its checks are kept, so opening a file
   * of a configuration checks nothing again, and the first edit is checked incrementally (a
   * 100k-line included file re-checked from scratch on open and on its first edit: ~0.7–1.4 s).
   */
  adoptDiskModel(uri: string, text: string): PmtaDocument | undefined {
    const path = pathOf(uri);
    const cached = path ? this.diskModels.get(path) : undefined;
    if (!cached) return undefined;
    const doc = cached.doc;
    if (doc.getText() !== text) return undefined;
    this.diskModels.delete(path!);
    return doc;
  }

  /**
   * The checks in slices under way read the files as they were before a reset, an open or a close:
   * they stop at their next pause and their results are not kept (see prepare).
   */
  private dropChecksInFlight(): void {
    this.epoch++;
    this.preparingSets.clear();
  }

  /** Drops cached sets that contain this document, so the next request re-links them. */
  invalidate(uri: string): void {
    const path = pathOf(uri);
    if (!path) return;
    // A file opened or closed is read another way (the editor's text, or the disk's). An edit needs
    // no such care: a check gives up when a file's revision changes under it.
    const open = this.store.get(uri) !== undefined;
    if (open !== this.openPaths.has(path)) {
      this.dropChecksInFlight();
      if (open) this.openPaths.add(path);
      else this.openPaths.delete(path);
    }
    for (const [root, cached] of this.sets) if (cached.set.byPath.has(path)) this.sets.delete(root);
    for (const [root, paths] of this.members) if (paths.has(path)) this.members.delete(root);
    if (this.store.get(uri)) this.unchecked.set(path, uri);
  }

  /**
   * Open documents with an `include` line are candidate main files, like the workspace's, and so
   * are the files named like PowerMTA's main file (`config`) in the folders above an open
   * document: with a single file open, or `conf.d` opened as the folder, the scan finds none.
   */
  private admitCandidates(): void {
    for (const [path, uri] of this.unchecked) {
      const doc = this.store.get(uri)?.doc;
      if (doc && hasIncludeLine(doc) && !this.candidates.includes(path)) this.candidates.push(path);
      this.admitMainsAbove(path);
    }
    this.unchecked.clear();
  }

  private admitMainsAbove(path: string): void {
    for (const main of mainFilesAbove(this.host, path)) if (!this.candidates.includes(main) && this.includesOnDisk(main)) this.candidates.push(main);
  }

  /**
   * The URI of the main file whose configuration reads `uri`, open or not, or undefined when
   * nothing the workspace knows includes it: the extension opens such a file as PowerMTA whatever
   * its name (`include /etc/pmta/dkimlist.txt`).
   */
  mainIncluding(uri: string): string | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    this.admitMainsAbove(path);
    const root = this.rootOf(path);
    return root === path ? undefined : this.uriFor(root);
  }

  /** Whether a file on disk has an include line, looked at again only when its size or time changes (asked after every edit of a file below it). */
  private includesOnDisk(path: string): boolean {
    const stat = this.host.stat(path);
    if (!stat?.isFile) return false;
    const key = `${stat.size}:${stat.mtimeMs ?? ''}`;
    let known = this.mainsAbove.get(path);
    if (known?.key !== key) {
      known = { key, includes: mainFileText(this.host, path) !== undefined };
      this.mainsAbove.set(path, known);
    }
    return known.includes;
  }

  /** The analysis of an open document, linked with the rest of its configuration. */
  analysis(uri: string): Analysis | undefined {
    const entry = this.store.get(uri);
    if (!entry) return undefined;
    const path = pathOf(uri);
    if (!path) return this.store.analysis(uri);
    const cached = this.setFor(path);
    if (!cached) return this.alone(uri);
    return cached.analyses.get(path);
  }

  /**
   * The analysis of an open document checked on its own. A file that a configuration included
   * inside a block was checked inside that block; once nothing includes it any more (the include
   * line deleted while the file stayed open), it sits in no block again.
   */
  private alone(uri: string): Analysis | undefined {
    this.leaveEnclosingBlocks(uri);
    return this.store.analysis(uri);
  }

  private leaveEnclosingBlocks(uri: string): void {
    this.store.get(uri)?.doc.setEnclosingTags([]);
  }

  /** Analyses of every file of the configuration the document belongs to. */
  configuration(uri: string): Analysis[] {
    const path = pathOf(uri);
    const cached = path ? this.setFor(path) : undefined;
    if (cached) return [...cached.analyses.values()];
    const single = this.alone(uri);
    return single ? [single] : [];
  }

  /** The files each `include` line of the document reads (URIs, by line), or undefined when it is checked on its own. */
  includeTargets(uri: string): ReadonlyMap<number, readonly string[]> | undefined {
    const path = pathOf(uri);
    const cached = path ? this.setFor(path) : undefined;
    if (!cached) return undefined;
    const out = new Map<number, string[]>();
    for (const e of cached.set.edges) if (e.from === path) out.set(e.line, e.targets.map((t) => this.uriFor(t)));
    return out;
  }

  /**
   * The folders a folder written in a path value of the document is read from: as written, then
   * through the configuration's mapping of /etc/pmta (its main file's folder); a relative one from
   * the document's folder.
   */
  foldersFor(uri: string, written: string): string[] {
    const path = pathOf(uri);
    if (!posix.isAbsolute(written)) return path ? [posix.join(posix.dirname(path), written)] : [];
    return mappedPaths(written, path ? defaultMappings(this.rootOf(path)) : []);
  }

  /** URIs of every file in the same configuration as `uri` (itself included). */
  siblings(uri: string): string[] {
    const path = pathOf(uri);
    const cached = path ? this.setFor(path) : undefined;
    return cached ? cached.set.files.map((f) => this.uriFor(f.path)) : [uri];
  }

  /** The analysis of any file of a set, open or not (for publishing diagnostics of included files). */
  analysisOfFile(uri: string): Analysis | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    for (const cached of this.sets.values()) {
      const a = cached.analyses.get(path);
      if (a) return a;
    }
    return undefined;
  }

  /** The main file of the configuration `path` belongs to, or undefined when it includes nothing and nothing includes it. */
  private setRoot(path: string): string | undefined {
    const root = this.rootOf(path);
    if (root !== path) return root;
    // Most files include nothing: analyse them alone, without building a set.
    const doc = this.model(path);
    return doc && hasIncludeLine(doc) ? root : undefined;
  }

  private setFor(path: string): CachedSet | undefined {
    const root = this.setRoot(path);
    if (root === undefined) return undefined;
    const existing = this.sets.get(root);
    if (existing && this.fresh(existing)) return existing;
    const result = analyzeConfig(root, this.loadOptions());
    return result && this.remember(root, result);
  }

  /**
   * Analyses the configuration of a document in slices, so that analysis() then finds it done: a
   * main file that includes a 100k-line file blocked the server for 1.5 s when analysed at once.
   * If one of its files changes meanwhile, the work is dropped and analysis() does it when asked.
   * Resolves with whether the document belongs to a configuration set (false: it is checked on its
   * own, and the caller prepares that).
   */
  async prepare(uri: string, slices: SliceOptions, retries = 2): Promise<boolean> {
    const path = pathOf(uri);
    const root = path && this.setRoot(path);
    if (!root) {
      // The caller checks it on its own (see alone).
      this.leaveEnclosingBlocks(uri);
      return false;
    }
    const existing = this.sets.get(root);
    if (existing && this.fresh(existing)) return true;
    let running = this.preparingSets.get(root);
    const epoch = this.epoch;
    if (!running) {
      // A run whose result would be dropped stops at its next pause: two checks of one configuration
      // at once would share its open files' models (and the analyzer's state of each).
      const run: Promise<void> = analyzeConfigInSlices(root, this.loadOptions(), { ...slices, stop: () => epoch !== this.epoch })
        .then((result) => void (result && epoch === this.epoch && this.remember(root, result)))
        .finally(() => {
          if (this.preparingSets.get(root) === run) this.preparingSets.delete(root);
        });
      running = run;
      this.preparingSets.set(root, running);
    }
    await running;
    // Files were opened, closed or changed on disk meanwhile and the result was dropped: check
    // again, still in slices (a few times at most; then analysis() does it when asked).
    if (epoch !== this.epoch && retries > 0) return this.prepare(uri, slices, retries - 1);
    return true;
  }

  private loadOptions() {
    return { host: this.includeHost, analyzer: this.analyzer, models: (p: string) => this.model(p), uriOf: (p: string) => this.uriFor(p) };
  }

  /** Caches a configuration's analysis with the revisions of its files (a later edit makes it stale). */
  private remember(root: string, result: ConfigAnalysis): CachedSet {
    const revisions = new Map(result.set.files.map((f) => [f.path, f.doc.revision]));
    const cached = { set: result.set, analyses: result.analyses, revisions };
    this.sets.set(root, cached);
    return cached;
  }

  private fresh(cached: CachedSet): boolean {
    for (const f of cached.set.files) if (f.doc.revision !== cached.revisions.get(f.path)) return false;
    return true;
  }

  /**
   * The main file whose includes reach `path`, or `path` itself. A candidate that reaches `path`
   * may itself be included by another (config → vmtas.conf → dkim.conf, with vmtas.conf found or
   * opened first): the root is the topmost one, or `path` would be checked in a part of its
   * configuration and miss what the rest defines.
   */
  private rootOf(path: string, below: ReadonlySet<string> = new Set()): string {
    this.admitCandidates();
    let inCycle: string | undefined;
    for (const candidate of this.candidates) {
      if (candidate === path || !this.filesOf(candidate)?.has(path)) continue;
      // Each step goes to a file that reaches the last one but is not reached by it: `below` only guards against member lists read at different times.
      if (!this.includes(path, candidate)) return below.has(candidate) ? candidate : this.rootOf(candidate, new Set(below).add(path));
      // The two include each other (a cycle): every file of it must take the same root, or each
      // open one would be checked as the root and report the cycle at a different include line.
      inCycle = preferredRoot(inCycle ?? path, candidate);
    }
    return inCycle ?? path;
  }

  /** Whether `path`'s configuration pulls in `other` (only a file with an include line can). */
  private includes(path: string, other: string): boolean {
    const doc = this.model(path);
    return !!doc && hasIncludeLine(doc) && !!this.filesOf(path)?.has(other);
  }

  /** The paths of the files of `root`'s configuration: from its analysed set, else its member list. */
  private filesOf(root: string): ReadonlyMap<string, unknown> | ReadonlySet<string> | undefined {
    return this.sets.get(root)?.set.byPath ?? this.membersOf(root);
  }

  /**
   * The files a candidate main file pulls in, loaded but not analysed: finding which main file
   * includes a document used to analyse every candidate in turn, at once, in one block.
   */
  private membersOf(root: string): ReadonlySet<string> | undefined {
    let paths = this.members.get(root);
    if (!paths) {
      const set = loadConfig(root, this.loadOptions());
      if (set) this.members.set(root, (paths = new Set(set.byPath.keys())));
    }
    return paths;
  }

  /**
   * After a document closed (`siblings`: the URIs of its configuration, taken before it closed):
   * keeps the models read from disk, and so their checks, only for files of a configuration that
   * still has an open document and of the one just closed (reopening it stays quick). The rest is
   * let go: a closed configuration's included files held their whole checks until the server
   * stopped, ~22 MB per 50k lines, for every configuration opened in the session.
   */
  closed(siblings: readonly string[]): void {
    this.recentlyClosed = new Set(siblings.map(pathOf).filter((p): p is string => p !== undefined));
    // A configuration being checked in slices reads its files through here: trim at the next close.
    if (this.preparingSets.size > 0) return;
    const keep = new Set(this.recentlyClosed);
    for (const entry of this.store.all()) {
      const path = pathOf(entry.uri);
      if (!path) continue;
      keep.add(path);
      const root = this.setRoot(path);
      if (root === undefined) continue;
      for (const p of this.filesOf(root)?.keys() ?? []) keep.add(p);
    }
    for (const path of [...this.diskModels.keys()]) if (!keep.has(path)) this.diskModels.delete(path);
  }

  /** The open document at this path, whatever the spelling of its URI. */
  private openAt(path: string) {
    for (const entry of this.store.all()) if (pathOf(entry.uri) === path) return entry;
    return undefined;
  }

  /** The URI to report for a path: the editor's own spelling when the file is open. */
  uriFor(path: string): string {
    return this.openAt(path)?.uri ?? uriOf(path);
  }

  /** An open buffer's model, or a cached model of the file on disk (re-read when size or time changes). */
  private model(path: string): PmtaDocument | undefined {
    const open = this.openAt(path);
    if (open) return open.doc;
    const stat = this.host.stat(path);
    if (!stat?.isFile) return undefined;
    const key = `${stat.size}:${stat.mtimeMs ?? ''}`;
    const cached = this.diskModels.get(path);
    if (cached && cached.key === key) return cached.doc;
    const text = readIncludedText(this.host, path);
    if (text === undefined) return undefined;
    const doc = this.store.model(text);
    this.diskModels.set(path, { key, doc });
    return doc;
  }
}

/** Whether the document has an `include` directive (asked several times per revision: kept, see includeLines.ts). */
function hasIncludeLine(doc: PmtaDocument): boolean {
  return includeLineNumbers(doc).length > 0;
}

export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** A short display name for a file of a configuration, relative to the current document's folder. */
export function shortName(uri: string | undefined, current: string): string {
  if (uri === undefined || uri === current) return pathOf(current)?.split('/').pop() ?? current;
  const path = pathOf(uri) ?? uri;
  const base = (pathOf(current) ?? '').split('/').slice(0, -1).join('/');
  return base && path.startsWith(base + '/') ? path.slice(base.length + 1) : path;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}
