/**
 * Maps the words of a directive to the catalogue value spec each one fills, the way
 * analysis/values/check.ts reads them: whitespace-separated arguments of a composite, items of
 * a comma list, comma-separated arguments (`domain-key sel, domain, file`). Hover, semantic
 * tokens, document links and completion use it to know what a word is.
 */
import type { ArgSpec, ValueSpec } from '../catalog/types';
import type { PmtaDocument } from '../syntax/document';
import { type LineWord, joinsArgument, statementWords } from '../analysis/statement';
import { LineKind } from '../syntax/scanner';

/** One piece of a value (a word, or one item of a comma list) and the spec it fills. */
export interface ValuePiece {
  text: string;
  line: number;
  start: number;
  end: number;
  spec?: ValueSpec;
  quoted?: boolean;
  regex?: boolean;
  unterminated?: boolean;
}

/** The directive line a continuation line belongs to. */
export function statementStart(doc: PmtaDocument, line: number): number {
  let i = line;
  while (i > 0 && doc.info(i).kind === LineKind.Continuation) i--;
  return i;
}

/** Groups words into logical arguments, by the rule statement.ts reads arguments with. */
export function groupWords(words: readonly LineWord[]): LineWord[][] {
  const groups: LineWord[][] = [];
  let current: LineWord[] | undefined;
  // The group's text ends with its last word's text: test that, never the growing joined text
  // (re-joining it for every word made a 150k-item comma list quadratic).
  let last = '';
  for (const lw of words) {
    if (current && joinsArgument(current[0].w, current.length === 1, last, lw.w)) current.push(lw);
    else groups.push((current = [lw]));
    last = lw.w.text;
  }
  return groups;
}

export function groupText(group: readonly LineWord[]): string {
  return group.map((g) => g.w.text).join('');
}

/** Splits a group into its comma-separated items, each located in the source. */
function items(group: readonly LineWord[], spec?: ValueSpec): ValuePiece[] {
  const out: ValuePiece[] = [];
  for (const { w, line } of group) {
    if (w.quoted || w.regex) {
      out.push(piece(w.text, line, w.start, w.end, spec, w.quoted, w.regex, w.unterminated));
      continue;
    }
    let offset = 0;
    for (const part of w.text.split(',')) {
      if (part.length) out.push(piece(part, line, w.start + offset, w.start + offset + part.length, spec));
      offset += part.length + 1;
    }
  }
  return out;
}

/**
 * Every piece is made here, with all its fields in one order: a comma list of 100k values makes
 * 100k pieces, and objects made by spreading get shapes that make every later read slow.
 */
function piece(text: string, line: number, start: number, end: number, spec: ValueSpec | undefined, quoted?: boolean, regex?: boolean, unterminated?: boolean): ValuePiece {
  return { text, line, start, end, spec, quoted, regex, unterminated };
}

function whole(group: readonly LineWord[]): ValuePiece {
  const first = group[0];
  const last = group[group.length - 1];
  return piece(
    groupText(group),
    first.line,
    first.w.start,
    first.line === last.line ? last.w.end : first.w.end,
    undefined,
    group.length === 1 ? first.w.quoted : undefined,
    group.length === 1 ? first.w.regex : undefined,
    group.some((g) => g.w.unterminated),
  );
}

/** The pieces of one argument filling `spec`: list items get the item spec. */
function expand(group: readonly LineWord[], spec: ValueSpec | undefined): ValuePiece[] {
  if (spec?.type === 'list' && spec.item) return items(group, spec.item);
  // Without a spec, the pieces of a comma list are kept apart; a spec that is not a list reads the whole text (`10m,1h`).
  if (!spec && (group.length > 1 || (!group[0].w.quoted && !group[0].w.regex && group[0].w.text.includes(',')))) return items(group);
  const p = whole(group);
  p.spec = spec;
  return [p];
}

/**
 * Assigns argument specs of a whitespace-separated composite to argument texts, skipping an
 * optional `prefix=` argument the text does not start with (as check.ts does). Returns one spec
 * per text (undefined for extra arguments) and the index of the next unfilled spec.
 */
export function assignComposite(specs: readonly ArgSpec[], texts: readonly string[]): { specs: (ArgSpec | undefined)[]; next: number } {
  const out: (ArgSpec | undefined)[] = [];
  let s = 0;
  for (let i = 0; i < texts.length; i++) {
    while (s < specs.length && specs[s].prefix && specs[s].optional && !texts[i].toLowerCase().startsWith(specs[s].prefix!)) s++;
    if (s >= specs.length) {
      out.push(undefined);
      continue;
    }
    out.push(specs[s]);
    if (!specs[s].rest) s++;
  }
  return { specs: out, next: s };
}

/**
 * The pieces of the last line asked about, per document (and dropped with it): hover, completion
 * and code actions ask about the same line many times in a row. Only one line is kept; a cache
 * per distinct line kept ~7 MB alive for a 100k-line file (semantic tokens read every line)
 * without making a whole-file pass faster.
 */
const lastPieces = new WeakMap<PmtaDocument, { info: object; spec: ValueSpec | undefined; pieces: ValuePiece[] }>();

/** Every piece of the value of the directive on `line`, with the spec each piece fills. */
export function valuePieces(doc: PmtaDocument, line: number, spec: ValueSpec | undefined): ValuePiece[] {
  const info = doc.info(line);
  // A line that continues nowhere is read the same while its text and spec stay the same.
  if (info.trailingComma) return computePieces(doc, line, spec);
  const last = lastPieces.get(doc);
  if (last && last.info === info && last.spec === spec) return last.pieces.map((p) => piece(p.text, line, p.start, p.end, p.spec, p.quoted, p.regex, p.unterminated));
  const pieces = computePieces(doc, line, spec);
  lastPieces.set(doc, { info, spec, pieces });
  return pieces;
}

function computePieces(doc: PmtaDocument, line: number, spec: ValueSpec | undefined): ValuePiece[] {
  const groups = groupWords(statementWords(doc, line));
  if (groups.length === 0) return [];
  if (!spec) return groups.flatMap((g) => expand(g, undefined));
  if (spec.type === 'composite' && spec.args) {
    if (spec.separator === ',') {
      const all = groups.flatMap((g) => items(g));
      all.forEach((p, i) => (p.spec = spec.args![Math.min(i, spec.args!.length - 1)]));
      return all;
    }
    const { specs } = assignComposite(spec.args, groups.map(groupText));
    return groups.flatMap((g, i) => expand(g, specs[i]));
  }
  const free = spec.type === 'string' || spec.type === 'path' || spec.type === 'path-or-pipe';
  return groups.flatMap((g, i) => expand(g, i === 0 || free ? spec : undefined));
}

/** Every leaf spec a value may fill (list items, alternatives, composite arguments). */
export function leafSpecs(spec: ValueSpec | undefined, out: ValueSpec[] = []): ValueSpec[] {
  if (!spec) return out;
  if (spec.type === 'list' && spec.item) leafSpecs(spec.item, out);
  else if (spec.type === 'composite' && spec.args) for (const a of spec.args) leafSpecs(a, out);
  else out.push(spec);
  for (const alt of spec.alternatives ?? []) leafSpecs(alt, out);
  return out;
}
