import { type Catalog, GLOBAL, getCatalog } from '../catalog/catalog';
import { type Structure, buildStructure } from '../syntax/blocks';
import type { Frame, PmtaDocument } from '../syntax/document';
import type { LineInfo } from '../syntax/scanner';
import { type LineFacts, lineFacts } from './lineFacts';
import { DOCUMENT_RULES } from './rules';
import type { RuleContext } from './rules/context';
import { collectSuppressions, isSuppressed } from './suppression';
import { SymbolIndex } from './symbols';
import type { Finding, SymbolDef, SymbolRef } from './types';

export interface Analysis {
  readonly doc: PmtaDocument;
  readonly revision: number;
  readonly structure: Structure;
  readonly symbols: SymbolIndex;
  /** Findings after inline suppressions, in document order. */
  readonly findings: Finding[];
  facts(line: number): LineFacts;
}

interface CacheEntry {
  frame: Frame | null;
  line: number;
  facts: LineFacts;
}

/**
 * Runs the checks over a document. Per-line facts are cached on the scanned line (a line keeps
 * its LineInfo object while it is unchanged) together with the block it was checked in, so an
 * edit re-checks only the lines it touched or moved into another block; the whole-document rules
 * then run over the cached facts.
 */
export class Analyzer {
  private readonly cache = new WeakMap<LineInfo, CacheEntry>();
  /** Lines whose facts were computed (not reused) by the last run. */
  lastComputed = 0;

  constructor(readonly catalog: Catalog = getCatalog()) {}

  analyze(doc: PmtaDocument): Analysis {
    const structure = buildStructure(doc);
    const n = doc.lineCount;
    const all: LineFacts[] = new Array(n);
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
      all[i] = f;
      if (f.findings.length) for (const x of f.findings) findings.push(x);
      if (f.defs.length) for (const x of f.defs) defs.push(x);
      if (f.refs.length) for (const x of f.refs) refs.push(x);
    }
    this.lastComputed = computed;
    const symbols = new SymbolIndex(defs, refs);
    const ctx: RuleContext = { doc, catalog: this.catalog, structure, symbols, facts: (line) => all[line] };
    for (const rule of DOCUMENT_RULES) for (const f of rule(ctx)) findings.push(f);
    const suppressions = collectSuppressions(doc);
    const kept = suppressions.byLine.size || suppressions.file ? findings.filter((f) => !isSuppressed(suppressions, f)) : findings;
    kept.sort((a, b) => a.line - b.line || a.start - b.start);
    return { doc, revision: doc.revision, structure, symbols, findings: kept, facts: (line) => all[line] };
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
