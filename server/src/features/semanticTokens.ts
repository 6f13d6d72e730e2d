/**
 * Semantic tokens, full, range and delta. Known directive names carry `defaultLibrary` (unknown
 * ones do not), deprecated names carry `deprecated`, names that blocks and macros define carry
 * `declaration` + `definition` while references do not; values are numbers, keywords
 * (enumMember), strings and regexes. Deltas are computed against the previous result of the
 * same document, kept by SemanticTokensStore.
 */
import type { Range, SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver-types';
import { lowerBound } from '../arrays';
import type { Analysis } from '../analysis/analyzer';
import type { SymbolDef, SymbolRef } from '../analysis/types';
import { type Catalog, getCatalog } from '../catalog/catalog';
import type { SymbolKind, ValueSpec } from '../catalog/types';
import { LineKind } from '../syntax/scanner';
import { statementStart, valuePieces } from './values';
import type { PmtaDocument } from '../syntax/document';
import type { Slices } from '../steps';

export const TOKEN_TYPES = ['property', 'type', 'class', 'interface', 'enum', 'macro', 'variable', 'enumMember', 'number', 'string', 'regexp', 'comment'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'definition', 'deprecated', 'defaultLibrary'] as const;
export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

const TYPE_INDEX = new Map<TokenType, number>(TOKEN_TYPES.map((t, i) => [t, i]));
function mods(...list: (TokenModifier | false | undefined)[]): number {
  let bits = 0;
  for (const m of list) if (m) bits |= 1 << TOKEN_MODIFIERS.indexOf(m);
  return bits;
}

const SYMBOL_TYPES: Record<SymbolKind, TokenType> = {
  'virtual-mta': 'class',
  'virtual-mta-pool': 'class',
  source: 'interface',
  'source-group': 'interface',
  'smtp-user': 'interface',
  'smtp-pattern-list': 'enum',
  'pattern-list': 'enum',
  'rewrite-list': 'enum',
  'address-list': 'enum',
  'domain-key-list': 'enum',
  proxy: 'variable',
  macro: 'macro',
};

const NUMERIC = new Set(['int', 'duration', 'duration-or-never', 'duration-list', 'rate', 'size', 'data-rate']);

interface Token {
  start: number;
  length: number;
  type: TokenType;
  modifiers: number;
}

const symbolsByLine = new WeakMap<Analysis, Map<number, (SymbolDef | SymbolRef)[]>>();

function symbolsOn(analysis: Analysis, line: number): (SymbolDef | SymbolRef)[] {
  let map = symbolsByLine.get(analysis);
  if (!map) {
    map = new Map();
    for (const s of [...analysis.symbols.defs, ...analysis.symbols.refs]) {
      if (s.uri !== analysis.uri) continue;
      const list = map.get(s.line);
      if (list) list.push(s);
      else map.set(s.line, [s]);
    }
    symbolsByLine.set(analysis, map);
  }
  return map.get(line) ?? [];
}

/** Adds a token unless it overlaps one already there (earlier additions win). */
/**
 * Adds a token unless it overlaps one already there. The list stays ordered by start, so only the
 * neighbours need a look (a line of 100k values is not quadratic); tokens mostly come in order.
 */
function add(tokens: Token[], t: Token): void {
  if (t.length <= 0) return;
  let lo = tokens.length;
  if (lo > 0 && tokens[lo - 1].start > t.start) lo = lowerBound(lo, (i) => tokens[i].start <= t.start);
  const prev = tokens[lo - 1];
  const next = tokens[lo];
  if (prev && t.start < prev.start + prev.length) return;
  if (next && next.start < t.start + t.length) return;
  if (lo === tokens.length) tokens.push(t);
  else tokens.splice(lo, 0, t);
}

/** Whether a value of this spec can be marked at all (most names and hosts cannot): decided once per spec. */
const markable = new WeakMap<ValueSpec, boolean>();

function canMark(spec: ValueSpec): boolean {
  let known = markable.get(spec);
  if (known === undefined) {
    const alts = spec.alternatives ?? [];
    known =
      !!spec.keywords?.length ||
      !!spec.prefix ||
      alts.some((a) => a.prefix || NUMERIC.has(a.type)) ||
      spec.type === 'bool' ||
      spec.type === 'duration-or-never' ||
      spec.type === 'rate' ||
      NUMERIC.has(spec.type);
    markable.set(spec, known);
  }
  return known;
}

function valueTokens(tokens: Token[], text: string, start: number, spec: ValueSpec | undefined): void {
  if (!spec || !canMark(spec)) return;
  const lower = text.toLowerCase();
  if (spec.keywords?.some((k) => k.toLowerCase() === lower)) return add(tokens, { start, length: text.length, type: 'enumMember', modifiers: 0 });
  for (const alt of [spec, ...(spec.alternatives ?? [])]) {
    if (!alt.prefix || !lower.startsWith(alt.prefix)) continue;
    add(tokens, { start, length: alt.prefix.length, type: 'enumMember', modifiers: 0 });
    return valueTokens(tokens, text.slice(alt.prefix.length), start + alt.prefix.length, { ...alt, prefix: undefined, alternatives: undefined });
  }
  if (spec.type === 'bool' && /^(yes|no|true|false)$/i.test(text)) return add(tokens, { start, length: text.length, type: 'enumMember', modifiers: 0 });
  if ((spec.type === 'duration-or-never' && lower === 'never') || (spec.type === 'rate' && lower === 'unlimited')) {
    return add(tokens, { start, length: text.length, type: 'enumMember', modifiers: 0 });
  }
  if (NUMERIC.has(spec.type) && /^\d/.test(text)) return add(tokens, { start, length: text.length, type: 'number', modifiers: 0 });
  for (const alt of spec.alternatives ?? []) if (!alt.prefix && NUMERIC.has(alt.type) && /^\d/.test(text)) return add(tokens, { start, length: text.length, type: 'number', modifiers: 0 });
}

/**
 * The tokens of one line. They are not cached per line: the store below re-encodes only the lines
 * an edit changed, and a cache per distinct line (its token objects and the facts view it was
 * checked against) kept ~13 MB alive for a 100k-line file without making the first encoding faster.
 */
function lineTokens(analysis: Analysis, line: number, catalog: Catalog): Token[] {
  const info = analysis.doc.info(line);
  if (info.continued || info.trailingComma) return computeLineTokens(analysis, line, catalog, symbolsOn(analysis, line));
  const facts = analysis.facts(line);
  return computeLineTokens(analysis, line, catalog, facts.defs.length || facts.refs.length ? [...facts.defs, ...facts.refs] : NO_SYMBOLS);
}

const NO_SYMBOLS: readonly (SymbolDef | SymbolRef)[] = [];

function computeLineTokens(analysis: Analysis, line: number, catalog: Catalog, symbols: readonly (SymbolDef | SymbolRef)[]): Token[] {
  const doc = analysis.doc;
  const info = doc.info(line);
  const tokens: Token[] = [];
  for (const s of symbols) {
    if (s.line !== line) continue;
    const isDef = 'kind' in s;
    const kind = isDef ? (s as SymbolDef).kind : (s as SymbolRef).kinds[0];
    add(tokens, { start: s.start, length: s.end - s.start, type: SYMBOL_TYPES[kind], modifiers: isDef ? mods('declaration', 'definition') : 0 });
  }
  switch (info.kind) {
    case LineKind.Open:
    case LineKind.Close: {
      if (!info.tag) break;
      const entry = catalog.block(info.tag.text);
      add(tokens, { start: info.tag.start, length: info.tag.end - info.tag.start, type: 'type', modifiers: mods(!!entry && 'defaultLibrary', !!entry?.deprecated && 'deprecated') });
      break;
    }
    case LineKind.Directive: {
      const name = info.name!;
      const entry = analysis.entry(line);
      if (name.regex) add(tokens, { start: name.start, length: name.end - name.start, type: 'regexp', modifiers: 0 });
      else add(tokens, { start: name.start, length: name.end - name.start, type: 'property', modifiers: mods(!!entry && 'defaultLibrary', !!entry?.deprecated && 'deprecated') });
      if (info.tag && info.nestedOpen) add(tokens, { start: info.tag.start, length: info.tag.end - info.tag.start, type: 'type', modifiers: mods('defaultLibrary') });
      if (info.words.length) for (const p of valuePieces(doc, line, entry?.value)) pieceTokens(tokens, p, line);
      break;
    }
    case LineKind.Continuation: {
      for (const p of statementPieces(analysis, line)) pieceTokens(tokens, p, line);
      break;
    }
  }
  if (info.comment) add(tokens, { start: info.comment.start, length: info.comment.end - info.comment.start, type: 'comment', modifiers: 0 });
  return tokens.sort((a, b) => a.start - b.start);
}

type Pieces = ReturnType<typeof valuePieces>;

/**
 * The value pieces on one continuation line of a comma list. Consecutive lines of one statement
 * share one computation (per line, finding the head and splitting the whole list again was
 * quadratic in the length of the list). Kept per document, weakly: a module-level memo held the
 * last document encoded, and with it that document's whole analysis, after it was closed.
 */
const statementMemos = new WeakMap<PmtaDocument, { revision: number; head: number; byLine: Map<number, Pieces> }>();

function statementPieces(analysis: Analysis, line: number): Pieces {
  const doc = analysis.doc;
  const m = statementMemos.get(doc);
  if (m && m.revision === doc.revision && line > m.head && m.byLine.has(line)) return m.byLine.get(line)!;
  const head = statementStart(doc, line);
  const byLine = new Map<number, Pieces>();
  for (let i = head + 1; i < doc.lineCount && doc.info(i).kind === LineKind.Continuation; i++) {
    byLine.set(i, []);
    if (!doc.info(i).trailingComma) break;
  }
  if (doc.info(head).kind === LineKind.Directive) {
    for (const p of valuePieces(doc, head, analysis.entry(head)?.value)) byLine.get(p.line)?.push(p);
  }
  statementMemos.set(doc, { revision: doc.revision, head, byLine });
  return byLine.get(line) ?? [];
}

function pieceTokens(tokens: Token[], p: ReturnType<typeof valuePieces>[number], line: number): void {
  if (p.line !== line) return;
  if (p.regex) add(tokens, { start: p.start, length: p.end - p.start, type: 'regexp', modifiers: 0 });
  else if (p.quoted) add(tokens, { start: p.start, length: p.end - p.start, type: 'string', modifiers: 0 });
  else valueTokens(tokens, p.text, p.start, p.spec);
}

/**
 * Appends the tokens of lines [from, to) to `out` in LSP's relative integer form, the last token
 * before them being on `prevLine` (0 at the start of the document), and records where each line's
 * tokens start in `starts` (an index of `out`). Returns the line of the last token written, or
 * `prevLine`. The first token of a line always carries its absolute start, so a line's numbers
 * depend on the lines before it only through that token's line delta.
 */
export function encodeLines(analysis: Analysis, from: number, to: number, prevLine: number, out: TokenSink, starts?: number[], catalog: Catalog = getCatalog()): number {
  let prevStart = 0;
  for (let line = from; line < to; line++) {
    starts?.push(out.length);
    for (const t of lineTokens(analysis, line, catalog)) {
      const deltaLine = line - prevLine;
      out.push(deltaLine, deltaLine === 0 ? t.start - prevStart : t.start, t.length, TYPE_INDEX.get(t.type)!, t.modifiers);
      prevLine = line;
      prevStart = t.start;
    }
  }
  return prevLine;
}

/** Where encoded tokens go, five integers at a time: a plain array or a TokenBuffer. */
export interface TokenSink {
  readonly length: number;
  push(deltaLine: number, deltaStart: number, length: number, type: number, modifiers: number): unknown;
}

/**
 * A growing Uint32Array for a whole document's tokens: four bytes an integer where a plain
 * array of small integers takes eight, and no spare capacity once finished (a 100k-line file has
 * ~800,000 of them).
 */
export class TokenBuffer implements TokenSink {
  private data = new Uint32Array(4096);
  length = 0;

  push(deltaLine: number, deltaStart: number, length: number, type: number, modifiers: number): void {
    if (this.length + 5 > this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    const n = this.length;
    d[n] = deltaLine;
    d[n + 1] = deltaStart;
    d[n + 2] = length;
    d[n + 3] = type;
    d[n + 4] = modifiers;
    this.length = n + 5;
  }

  /** The tokens, in an array of exactly their length. */
  finish(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

/** Encodes tokens of lines [from, to] in LSP's relative integer form. */
function encode(analysis: Analysis, from: number, to: number, catalog: Catalog): number[] {
  const data: number[] = [];
  encodeLines(analysis, from, to + 1, 0, data, undefined, catalog);
  return data;
}

export function semanticTokensData(analysis: Analysis, catalog: Catalog = getCatalog()): number[] {
  return encode(analysis, 0, analysis.doc.lineCount - 1, catalog);
}

export function semanticTokensRange(analysis: Analysis, r: Range, catalog: Catalog = getCatalog()): SemanticTokens {
  const last = analysis.doc.lineCount - 1;
  const from = Math.max(0, Math.min(r.start.line, last));
  const to = Math.max(from, Math.min(r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line, last));
  return { data: encode(analysis, from, to, catalog) };
}

/**
 * One edit turning `old` into `next`: the common prefix and suffix are kept, both measured in
 * whole tokens (5 integers) so that every edit starts and ends on a token boundary.
 */
export function diffTokens(old: ArrayLike<number>, next: ArrayLike<number>): SemanticTokensEdit[] {
  let start = 0;
  const min = Math.min(old.length, next.length);
  while (start < min && old[start] === next[start]) start++;
  if (start === old.length && start === next.length) return [];
  start -= start % 5;
  let suffix = 0;
  while (suffix < min - start && old[old.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  suffix -= suffix % 5;
  return [{ start, deleteCount: old.length - suffix - start, data: plainArray(next, start, next.length - suffix) }];
}

/**
 * Items [from, to) of stored token data as the plain array an answer carries. Pushed one by one:
 * `Array.from` on a typed array goes through its iterator (30-45 ms for the 430k numbers of a
 * 100k-line file), and an array made with its length is holey, which JSON.stringify encodes
 * several times slower than a packed one.
 */
function plainArray(data: ArrayLike<number>, from = 0, to = data.length): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(data[i]);
  return out;
}

/** Lines encoded between two looks at the clock when encoding in slices. */
const SLICE_LINES = 512;

/** The tokens of one version of a document, with where each line's tokens start. */
interface Encoded {
  id: string;
  doc: PmtaDocument;
  revision: number;
  data: Uint32Array;
  /** starts[i]: index in data of line i's first token (or of the next token); starts[lineCount] = data.length. */
  starts: Int32Array;
}

/**
 * The last result per document. A new version is encoded from the last one: only the lines the
 * document's change log names (widened to whole comma-list statements, whose lines share their
 * value pieces) are encoded again, and the delta is that splice. A 100k-line file answered a
 * delta in ~110 ms by encoding and diffing everything; now in well under a millisecond for an edit.
 */
export class SemanticTokensStore {
  private readonly results = new Map<string, Encoded>();
  private counter = 0;

  constructor(private readonly catalog: Catalog = getCatalog()) {}

  /**
   * The tokens of the analysis' version. A document without an earlier result is encoded in
   * slices of about `slices.sliceMs`, pausing in between (the first tokens of a 100k-line file
   * took up to half a second in one block); without `slices` it is encoded at once. Undefined when
   * the document changed during a pause (the editor asks again) or `slices.stop()` said so.
   */
  async full(uri: string, analysis: Analysis, slices?: Slices): Promise<SemanticTokens | undefined> {
    const r = await this.update(uri, analysis, slices);
    return r && { resultId: r.next.id, data: plainArray(r.next.data) };
  }

  /** Edits against the previous result when its id matches; the full tokens otherwise (slices as in full). */
  async delta(uri: string, previousResultId: string, analysis: Analysis, slices?: Slices): Promise<SemanticTokens | SemanticTokensDelta | undefined> {
    const prevId = this.results.get(uri)?.id;
    const r = await this.update(uri, analysis, slices);
    if (!r) return undefined;
    if (prevId !== previousResultId || !r.edits) return { resultId: r.next.id, data: plainArray(r.next.data) };
    return { resultId: r.next.id, edits: r.edits };
  }

  forget(uri: string): void {
    this.results.delete(uri);
  }

  /** Drops results of documents that are no longer open. */
  retain(isOpen: (uri: string) => boolean): void {
    for (const uri of this.results.keys()) if (!isOpen(uri)) this.results.delete(uri);
  }

  /** The tokens of the analysis' version, and the edits from the previous result (undefined: none kept). */
  private async update(uri: string, analysis: Analysis, slices?: Slices): Promise<{ next: Encoded; edits?: SemanticTokensEdit[] } | undefined> {
    const doc = analysis.doc;
    const prev = this.results.get(uri);
    const changed = prev && prev.doc === doc ? doc.changedSince(prev.revision) : undefined;
    if (prev && changed) return this.updateFrom(uri, prev, analysis, changed);
    const revision = doc.revision;
    const tokens = new TokenBuffer();
    const starts: number[] = [];
    let prevLine = 0;
    let deadline = slices ? performance.now() + slices.sliceMs : Infinity;
    for (let line = 0; line < doc.lineCount; line += SLICE_LINES) {
      if (slices && performance.now() >= deadline) {
        await slices.pause();
        if (doc.revision !== revision || slices.stop?.()) return undefined;
        deadline = performance.now() + slices.sliceMs;
      }
      prevLine = encodeLines(analysis, line, Math.min(doc.lineCount, line + SLICE_LINES), prevLine, tokens, starts, this.catalog);
    }
    const data = tokens.finish();
    starts.push(data.length);
    const next: Encoded = { id: String(++this.counter), doc, revision, data, starts: Int32Array.from(starts) };
    // Another request may have stored a result meanwhile: the delta is from whatever is stored.
    const before = this.results.get(uri);
    this.results.set(uri, next);
    return { next, edits: before ? diffTokens(before.data, data) : undefined };
  }

  private updateFrom(uri: string, prev: Encoded, analysis: Analysis, changed: { start: number; oldEnd: number; newEnd: number }): { next: Encoded; edits: SemanticTokensEdit[] } {
    const id = String(++this.counter);
    if (prev.revision === analysis.doc.revision) {
      const same = { ...prev, id };
      this.results.set(uri, same);
      return { next: same, edits: [] };
    }
    const r = this.splice(prev, analysis, changed.start, changed.oldEnd, changed.newEnd);
    const next = { ...r.encoded, id };
    this.results.set(uri, next);
    return { next, edits: [r.edit] };
  }

  /** Re-encodes lines [start, newEnd) (formerly [start, oldEnd)) of `prev` in place. */
  private splice(prev: Encoded, analysis: Analysis, start: number, oldEnd: number, newEnd: number): { encoded: Omit<Encoded, 'id'>; edit: SemanticTokensEdit } {
    const doc = analysis.doc;
    const n = doc.lineCount;
    // A comma list's lines share their pieces: take in the whole statements the change touches.
    // Outside the change, lines and the state before them are as they were.
    while (start > 0 && doc.stateBefore(start).cont) start--;
    while (newEnd < n && doc.stateBefore(newEnd).cont) {
      newEnd++;
      oldEnd++;
    }
    const { data, starts } = prev;
    const from = starts[start];
    const to = starts[oldEnd];
    const middle: number[] = [];
    const midStarts: number[] = [];
    const last = encodeLines(analysis, start, newEnd, lastTokenLine(starts, start), middle, midStarts, this.catalog);
    const m = middle.length;
    // The first token after the change keeps its numbers but its line delta (same size: 5 numbers).
    let removeTo = to;
    if (to < data.length) {
      const line = firstTokenLine(starts, oldEnd) + (newEnd - oldEnd);
      middle.push(line - last, data[to + 1], data[to + 2], data[to + 3], data[to + 4]);
      removeTo = to + 5;
    }
    const edit: SemanticTokensEdit = { start: from, deleteCount: removeTo - from, data: middle };
    const nextStarts = new Int32Array(n + 1);
    nextStarts.set(starts.subarray(0, start));
    for (let i = 0; i < midStarts.length; i++) nextStarts[start + i] = from + midStarts[i];
    // What followed the old middle now follows the new one.
    const lineShift = newEnd - oldEnd;
    for (let i = newEnd; i <= n; i++) nextStarts[i] = starts[i - lineShift] - to + from + m;
    const nextData = new Uint32Array(data.length - (removeTo - from) + middle.length);
    nextData.set(data.subarray(0, from));
    nextData.set(middle, from);
    nextData.set(data.subarray(removeTo), from + middle.length);
    return { encoded: { doc, revision: doc.revision, data: nextData, starts: nextStarts }, edit };
  }
}

/** The line of the last token before `line` (0 when there is none, as LSP's encoding starts there). */
function lastTokenLine(starts: Int32Array, line: number): number {
  for (let i = line - 1; i >= 0; i--) if (starts[i + 1] > starts[i]) return i;
  return 0;
}

/** The line of the first token at or after `line` (old numbering); there is one. */
function firstTokenLine(starts: Int32Array, line: number): number {
  let i = line;
  while (starts[i + 1] === starts[i]) i++;
  return i;
}
