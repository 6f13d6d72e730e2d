import { type Catalog, GLOBAL, getCatalog } from '../catalog/catalog';
import { type Structure, buildStructure } from '../syntax/blocks';
import type { Frame, PmtaDocument } from '../syntax/document';
import type { LineInfo } from '../syntax/scanner';
import type { ConfigSet } from './includes/configSet';
import { type LineFacts, lineFacts } from './lineFacts';
import { DOCUMENT_RULES } from './rules';
import type { RuleContext } from './rules/context';
import { collectSuppressions, isSuppressed } from './suppression';
import { SymbolIndex } from './symbols';
import type { Finding, SymbolDef, SymbolRef } from './types';

export interface Analysis {
  readonly doc: PmtaDocument;
  readonly revision: number;
  /** The file's URI (or path) when it was analysed as part of a configuration set. */
  readonly uri?: string;
  readonly structure: Structure;
  /** Symbols of this file, or of the whole configuration set it belongs to (defs and refs carry `uri`). */
  readonly symbols: SymbolIndex;
  /** Findings after inline suppressions, in document order. */
  readonly findings: Finding[];
  facts(line: number): LineFacts;
  /** The analysis of another file of the same configuration (this one for its own uri or undefined). */
  peer(uri: string | undefined): Analysis | undefined;
  /** Every file of the configuration (just this one for a file analysed alone). */
  files(): readonly Analysis[];
}

/** What one file says on its own: line facts, line-level findings, and its definitions and uses. */
export interface FileFacts {
  readonly doc: PmtaDocument;
  readonly structure: Structure;
  readonly lines: LineFacts[];
  readonly findings: Finding[];
  readonly defs: SymbolDef[];
  readonly refs: SymbolRef[];
}

interface CacheEntry {
  frame: Frame | null;
  line: number;
  facts: LineFacts;
}

/**
 * Runs the checks. Per-line facts are cached on the scanned line (a line keeps its LineInfo
 * object while it is unchanged) together with the block it was checked in, so an edit re-checks
 * only the lines it touched or moved into another block; the whole-document rules then run over
 * the cached facts. A configuration split over several files is analysed as one: each file's
 * facts are collected, the symbols of all files form one index, and each file gets the findings
 * that belong to it.
 */
export class Analyzer {
  private readonly cache = new WeakMap<LineInfo, CacheEntry>();
  /** Lines whose facts were computed (not reused) by the last run. */
  lastComputed = 0;

  constructor(readonly catalog: Catalog = getCatalog()) {}

  /** Phase one: the facts of each line of one file. */
  collect(doc: PmtaDocument): FileFacts {
    const structure = buildStructure(doc);
    const n = doc.lineCount;
    const lines: LineFacts[] = new Array(n);
    const findings: Finding[] = [];
    const defs: SymbolDef[] = [];
    const refs: SymbolRef[] = [];
    let computed = 0;
    for (let i = 0; i < n; i++) {
      const info = doc.info(i);
      const frame = doc.stateBefore(i).frame;
      let entry = this.cache.get(info);
      if (!entry || entry.frame !== frame || info.trailingComma) {
        const scope = frame ? frame.tag : GLOBAL;
        const known = !frame || this.catalog.block(frame.tag) !== undefined;
        entry = { frame, line: i, facts: lineFacts(doc, i, scope, known, this.catalog) };
        this.cache.set(info, entry);
        computed++;
      } else if (entry.line !== i) {
        shiftFacts(entry.facts, i - entry.line);
        entry.line = i;
      }
      const f = entry.facts;
      lines[i] = f;
      if (f.findings.length) for (const x of f.findings) findings.push(x);
      if (f.defs.length) for (const x of f.defs) defs.push(x);
      if (f.refs.length) for (const x of f.refs) refs.push(x);
    }
    this.lastComputed += computed;
    return { doc, structure, lines, findings, defs, refs };
  }

  /** A single file on its own. */
  analyze(doc: PmtaDocument): Analysis {
    this.lastComputed = 0;
    const ff = this.collect(doc);
    return this.finish(ff, new SymbolIndex(ff.defs, ff.refs), undefined, [], () => undefined);
  }

  /**
   * Every file of a configuration set, linked: names defined in one file satisfy references in
   * another, duplicates are found across files, and include problems land on the include line.
   * `uriOf` maps a set path to the identifier used in results (a URI in the server, a path in the CLI).
   */
  analyzeSet(set: ConfigSet, uriOf: (path: string) => string = (p) => p): Map<string, Analysis> {
    this.lastComputed = 0;
    const all = set.files.map((file) => ({ file, uri: uriOf(file.path), ff: this.collect(file.doc) }));
    const defs: SymbolDef[] = [];
    const refs: SymbolRef[] = [];
    for (const { file, uri, ff } of all) {
      for (const d of ff.defs) defs.push({ ...d, uri, order: [...file.order, d.line] });
      for (const r of ff.refs) refs.push({ ...r, uri, order: [...file.order, r.line] });
    }
    const symbols = new SymbolIndex(defs, refs);
    // Top-level settings anywhere in the set: a `log-file` in an included file counts for the main one.
    const topLevel = new Set<string>();
    for (const { file, ff } of all) {
      if (file.doc.enclosingTags.length > 0) continue;
      for (const line of ff.structure.root.lines) {
        const e = ff.lines[line].entry;
        if (e) topLevel.add(e.name);
      }
      for (const b of ff.structure.root.children) topLevel.add(b.tag);
    }
    const out = new Map<string, Analysis>();
    const byUri = new Map<string, Analysis>();
    const peer = (u: string) => byUri.get(u);
    const files = () => [...byUri.values()];
    for (const { file, uri, ff } of all) {
      const a = this.finish(ff, symbols, uri, set.findings.get(file.path) ?? [], peer, files, { root: file.path === set.root, topLevel });
      out.set(file.path, a);
      byUri.set(uri, a);
    }
    return out;
  }

  private finish(
    ff: FileFacts,
    symbols: SymbolIndex,
    uri: string | undefined,
    extra: readonly Finding[],
    others: (uri: string) => Analysis | undefined,
    all?: () => Analysis[],
    configuration?: RuleContext['configuration'],
  ): Analysis {
    const { doc, structure, lines } = ff;
    const findings = [...ff.findings, ...extra];
    const ctx: RuleContext = { doc, catalog: this.catalog, structure, symbols, uri, configuration, facts: (line) => lines[line] };
    for (const rule of DOCUMENT_RULES) for (const f of rule(ctx)) findings.push(f);
    const suppressions = collectSuppressions(doc);
    const kept = suppressions.byLine.size || suppressions.file ? findings.filter((f) => !isSuppressed(suppressions, f)) : findings;
    kept.sort((a, b) => a.line - b.line || a.start - b.start);
    const analysis: Analysis = {
      doc,
      revision: doc.revision,
      uri,
      structure,
      symbols,
      findings: kept,
      facts: (line) => lines[line],
      peer: (u) => (u === undefined || u === uri ? analysis : others(u)),
      files: () => (all ? all() : [analysis]),
    };
    return analysis;
  }
}

/** Moves cached facts to the line their text now sits on. */
function shiftFacts(facts: LineFacts, delta: number): void {
  for (const f of facts.findings) {
    f.line += delta;
    if (f.endLine !== undefined) f.endLine += delta;
  }
  for (const d of facts.defs) {
    d.line += delta;
    d.blockLine += delta;
  }
  for (const r of facts.refs) r.line += delta;
  if (facts.args)
    for (const a of facts.args) {
      a.line += delta;
      a.endLine += delta;
    }
}
