import type { Catalog } from '../../catalog/catalog';
import { PmtaDocument } from '../../syntax/document';
import type { Analysis, Analyzer, SliceOptions } from '../analyzer';
import type { FileHost } from '../host';
import { type ConfigSet, type IncludeLimits, buildConfigSet } from './configSet';
import type { PathMapping } from './resolve';
import { notTextReason, stripBom } from './textFile';

export interface AnalyzeConfigOptions {
  host: FileHost;
  analyzer: Analyzer;
  /** Text of the root when it does not come from the host (stdin, an editor buffer). */
  rootText?: string;
  /** Models already held elsewhere (open editor buffers) by path. */
  models?: (path: string) => PmtaDocument | undefined;
  mappings?: readonly PathMapping[];
  limits?: IncludeLimits;
  uriOf?: (path: string) => string;
}

export interface ConfigAnalysis {
  set: ConfigSet;
  /** One analysis per file of the set, by path. */
  analyses: Map<string, Analysis>;
}

/**
 * The text of an included file, or undefined when it cannot be read or is not text (UTF-16, binary):
 * such a file is not checked (the include line says why), as pmta-lint refuses one on the command line.
 */
export function readIncludedText(host: FileHost, path: string): string | undefined {
  const text = host.readText(path);
  return text === undefined || notTextReason(text) ? undefined : stripBom(text);
}

/** Loads `rootPath` and everything it includes, and analyses them as one configuration. */
export function analyzeConfig(rootPath: string, opts: AnalyzeConfigOptions): ConfigAnalysis | undefined {
  const set = loadConfig(rootPath, opts);
  return set && { set, analyses: opts.analyzer.analyzeSet(set, opts.uriOf) };
}

/**
 * analyzeConfig() with the analysis in slices (see Analyzer.analyzeSetInSlices); undefined when
 * the root cannot be read or a file of the set changed meanwhile.
 */
export async function analyzeConfigInSlices(rootPath: string, opts: AnalyzeConfigOptions, slices: SliceOptions): Promise<ConfigAnalysis | undefined> {
  const set = loadConfig(rootPath, opts);
  if (!set) return undefined;
  const analyses = await opts.analyzer.analyzeSetInSlices(set, slices, opts.uriOf);
  return analyses && { set, analyses };
}

/** The configuration set of `rootPath`: the root and every file it includes, read, not yet analysed. */
export function loadConfig(rootPath: string, opts: AnalyzeConfigOptions): ConfigSet | undefined {
  const catalog: Catalog = opts.analyzer.catalog;
  const regexArg = (name: string) => catalog.regexArgIndex(name);
  const rootText = opts.rootText ?? readIncludedText(opts.host, rootPath);
  const open = opts.models?.(rootPath);
  // An open file that another configuration included inside a block sat in that block; as the root it sits in none.
  open?.setEnclosingTags([]);
  const rootDoc = open ?? (rootText === undefined ? undefined : new PmtaDocument(rootText, regexArg));
  if (!rootDoc) return undefined;
  return buildConfigSet(rootPath, rootDoc, {
    host: opts.host,
    mappings: opts.mappings,
    limits: opts.limits,
    load(path, _text, enclosing) {
      const open = opts.models?.(path);
      if (open) {
        open.setEnclosingTags(enclosing);
        return open;
      }
      const text = readIncludedText(opts.host, path);
      return text === undefined ? undefined : new PmtaDocument(text, regexArg, enclosing);
    },
  });
}
