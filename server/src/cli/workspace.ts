/**
 * The one path by which pmta-lint analyses a file. `lintSource` asks a `LintWorkspace` for the
 * analysed files behind one source and applies the user's severity policy. Today the workspace
 * analyses the file alone; an include-aware workspace (following `include` lines, resolving names
 * across files) implements the same interface and may return the included files as well, so the
 * CLI does not change when multi-file analysis lands. `analyse` is async so that checks needing
 * I/O (key files, DNS) can run inside a workspace too.
 */
import { pushAll } from '../arrays';
import type { Severity } from '../analysis/codes';
import { Analyzer } from '../analysis/analyzer';
import { type SeverityOverrides, atLeast, effectiveSeverity } from '../analysis/severity';
import type { Finding } from '../analysis/types';
import { getCatalog } from '../catalog/catalog';
import { type FileReport, reported } from '../report/fileResult';
import { PmtaDocument } from '../syntax/document';
import { dirname, relative, resolve } from 'node:path';
import { KeyStore, mappedKeyPaths } from '../analysis/dkim';
import { defaultMappings } from '../analysis/includes/resolve';
import { dnsFindings, keyFileFindings } from '../externalChecks';
import { type ConfigAnalysis, analyzeConfig, loadConfig } from '../analysis/includes/analyzeConfig';
import { mainFileText, mainFilesAbove } from '../analysis/includes/mainFiles';
import type { ConfigSet } from '../analysis/includes/configSet';
import { nodeHost } from '../nodeHost';

/** A file to check: the name shown in reports, its absolute path on disk (none for stdin), its text. */
export interface SourceFile {
  name: string;
  path?: string;
  text: string;
}

/** One analysed file with its findings before the user's severity policy. */
export interface AnalysedFile {
  name: string;
  path?: string;
  lines: readonly string[];
  findings: readonly Finding[];
  /** Remarks for stderr that are not findings (for example a check that could not run). */
  notices?: readonly string[];
}

export interface LintWorkspace {
  /** The source itself first, then (for an include-aware workspace) every file it pulls in. */
  analyse(source: SourceFile): Promise<AnalysedFile[]>;
  /**
   * Reads what `source` pulls in, without analysing it yet, and says how much text that is (the
   * source's own characters and its included files'). Lets a run decide where to check before the
   * costly part; `analyse` then uses what was read.
   */
  measure?(source: SourceFile): MeasuredSource;
  /**
   * A file named like PowerMTA's main file in a folder above `source` whose configuration
   * includes it, read and measured like an input (`pmta-lint conf.d/pools.conf` is checked
   * inside `/etc/pmta/config`).
   */
  mainAbove?(source: SourceFile): { source: SourceFile; size: MeasuredSource } | undefined;
}

/** What `measure` says of a source: its characters with those of its included files, how many files, their paths. */
export interface MeasuredSource {
  chars: number;
  files: number;
  paths: ReadonlySet<string>;
}

/**
 * Follows `include` lines (absolute paths, `/etc/pmta/…` mapped to the main file's folder when
 * they do not exist as written, relative paths, wildcards) and analyses the whole configuration
 * as one; returns the source first, then every file it pulls in.
 */
export class IncludeWorkspace implements LintWorkspace {
  private readonly catalog = getCatalog();
  readonly analyzer = new Analyzer(this.catalog);

  private readonly keys = new KeyStore(nodeHost);

  /** `dns`: run the DNS checks too (`--dns`), against this server or the system's. */
  constructor(
    private readonly cwd: string,
    private readonly dns?: { server?: string },
  ) {}

  /** Sets read by `measure`, analysed (and let go) by `analyse`. */
  private readonly measured = new WeakMap<SourceFile, ConfigSet>();

  private rootPathOf(source: SourceFile): string {
    return source.path ?? resolve(this.cwd, source.name);
  }

  private options(source: SourceFile) {
    return { host: nodeHost, analyzer: this.analyzer, rootText: source.text };
  }

  /** The configuration set behind a source (also used by --explain). */
  load(source: SourceFile): { rootPath: string; config: ConfigAnalysis } {
    const rootPath = this.rootPathOf(source);
    const set = this.measured.get(source);
    this.measured.delete(source);
    const config = set ? { set, analyses: this.analyzer.analyzeSet(set) } : analyzeConfig(rootPath, this.options(source))!;
    return { rootPath, config };
  }

  measure(source: SourceFile): MeasuredSource {
    const set = loadConfig(this.rootPathOf(source), this.options(source))!;
    this.measured.set(source, set);
    let chars = 0;
    for (const file of set.files) for (const line of file.doc.allLines()) chars += line.length + 1;
    return { chars, files: set.files.length, paths: new Set(set.byPath.keys()) };
  }

  /** Main files above named files, read once per run (null: not a main file); see mainAbove. */
  private readonly mainsAbove = new Map<string, { source: SourceFile; size: MeasuredSource } | null>();

  mainAbove(source: SourceFile): { source: SourceFile; size: MeasuredSource } | undefined {
    if (source.path === undefined) return undefined;
    for (const path of mainFilesAbove(nodeHost, source.path)) {
      let main = this.mainsAbove.get(path);
      if (main === undefined) {
        const text = mainFileText(nodeHost, path);
        const read = text !== undefined ? { name: this.nameOf(path), path, text } : undefined;
        main = read ? { source: read, size: this.measure(read) } : null;
        this.mainsAbove.set(path, main);
      }
      if (main?.size.paths.has(source.path)) return main;
    }
    return undefined;
  }

  async analyse(source: SourceFile): Promise<AnalysedFile[]> {
    const { rootPath, config } = this.load(source);
    const mappings = defaultMappings(rootPath);
    const out: AnalysedFile[] = [];
    for (const file of config.set.files) {
      const analysis = config.analyses.get(file.path)!;
      const isRoot = file.path === rootPath;
      // Key files are always checked; DNS only on request. Key paths under /etc/pmta are also
      // looked for next to the main file, like includes.
      const external = { path: file.path, keys: this.keys, resolveKeyPath: mappedKeyPaths(dirname(file.path), mappings) };
      const extra = keyFileFindings(analysis, external);
      const notices: string[] = [];
      if (this.dns) {
        const r = await dnsFindings(analysis, this.dns, external);
        pushAll(extra, r.findings);
        pushAll(notices, r.notices);
        for (const s of r.skipped) notices.push(`not checked in DNS: ${s}`);
      }
      const findings = extra.length ? [...analysis.findings, ...extra].sort((a, b) => a.line - b.line || a.start - b.start) : analysis.findings;
      out.push({ name: isRoot ? source.name : this.nameOf(file.path), path: isRoot ? source.path : file.path, lines: file.doc.allLines(), findings, notices });
    }
    return out;
  }

  /** Included files are named relative to the working directory when they lie under it. */
  nameOf(path: string): string {
    const rel = relative(this.cwd, path);
    return rel.startsWith('..') || rel === '' ? path : rel;
  }
}

/** Checks each file on its own; `include` lines are not followed (used by tests of the CLI plumbing). */
export class SingleFileWorkspace implements LintWorkspace {
  private readonly catalog = getCatalog();
  private readonly analyzer = new Analyzer(this.catalog);

  async analyse(source: SourceFile): Promise<AnalysedFile[]> {
    const doc = new PmtaDocument(source.text, (n) => this.catalog.regexArgIndex(n));
    const analysis = this.analyzer.analyze(doc);
    return [{ name: source.name, path: source.path, lines: doc.allLines(), findings: analysis.findings }];
  }
}

export interface SeverityPolicy {
  rules: SeverityOverrides;
  floor: Severity;
}

export interface LintedFile extends FileReport {
  notices: readonly string[];
}

/** Analyses one source through the workspace and keeps the findings the policy reports. */
export async function lintSource(source: SourceFile, workspace: LintWorkspace, policy: SeverityPolicy): Promise<LintedFile[]> {
  return (await workspace.analyse(source)).map((file) => {
    const findings = [];
    for (const f of file.findings) {
      const s = effectiveSeverity(f, policy.rules);
      if (s && atLeast(s, policy.floor)) findings.push(reported(file.name, f, s));
    }
    return { file: file.name, path: file.path, lines: file.lines, findings, notices: file.notices ?? [] };
  });
}
