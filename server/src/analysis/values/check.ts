import type { SymbolKind, ValueSpec } from '../../catalog/types';
import type { Arg, Finding } from '../types';
import { unquote } from '../statement';
import { describeSpec } from './describe';
import { checkListener, isHostname, isIp, parseRange } from './network';
import { checkRegexBody, regexBody } from './regex';
import { spacedValues } from './spacedValue';
import { shellVariableHint } from '../shellScriptLines';
import { replaceFix } from '../rules/fixes';
import { parseDataRate, parseDuration, parseRate, parseSize } from './time';

/** A name used by a value, to be resolved against the symbol index. */
export interface ValueRef {
  kinds: readonly SymbolKind[];
  name: string;
  line: number;
  start: number;
  end: number;
}

export interface ValueResult {
  problems: Finding[];
  refs: ValueRef[];
}

/** Where a piece of a value sits; lists map items back to the source text through it. */
interface Piece {
  text: string;
  line: number;
  start: number;
  /** On `endLine` when the piece runs over continuation lines, else on `line`. */
  end: number;
  endLine?: number;
  quoted?: boolean;
  regex?: boolean;
  unterminated?: boolean;
}

const TEMPLATE = /\{\{|\{%|__[A-Z][A-Z0-9_]*__/;
const FREE_TEXT = new Set(['string', 'path', 'path-or-pipe', 'quoted-string']);

/**
 * Validates the arguments of a directive against its value spec. `lineText` gives access to the
 * source so list items can be located precisely; `nameSpan` is where a missing value is reported.
 */
export function checkArgs(
  directive: string,
  spec: ValueSpec,
  args: readonly Arg[],
  nameSpan: { line: number; start: number; end: number },
  lineText: (line: number) => string,
): ValueResult {
  const out: ValueResult = { problems: [], refs: [] };
  // Arguments are read, never changed, so they serve as pieces as they are.
  const pieces: readonly Piece[] = args;
  if (spec.type === 'composite' && spec.args) {
    checkComposite(directive, spec, pieces, nameSpan, lineText, out);
    return out;
  }
  if (pieces.length === 0) {
    out.problems.push(missing(nameSpan, `\`${directive}\` needs a value: ${describeSpec(spec)}.`));
    return out;
  }
  if (FREE_TEXT.has(spec.type) && pieces.length > 1 && !pieces.some((p) => p.quoted)) {
    const joined = joinPieces(pieces, ' ');
    checkPiece(directive, spec, joined, lineText, out);
    return out;
  }
  if (pieces.length > 1 && spacedOut(directive, spec, pieces, lineText, out)) return out;
  checkPiece(directive, spec, pieces[0], lineText, out);
  for (const extra of pieces.slice(1)) {
    out.problems.push(problem('invalid-value', extra, `Unexpected extra value \`${extra.text}\`: \`${directive}\` takes ${describeSpec(spec)}.`));
  }
  return out;
}

/**
 * One finding, with its fix, for a value written with spaces (`retry-after 10 minutes`) when the
 * words joined make a valid one; false when they do not (the words are then checked one by one).
 */
function spacedOut(directive: string, spec: ValueSpec, pieces: readonly Piece[], lineText: (line: number) => string, out: ValueResult): boolean {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (pieces.some((p) => p.quoted || p.regex || p.line !== first.line || (p.endLine !== undefined && p.endLine !== first.line))) return false;
  const valid = (text: string) => {
    const trial: ValueResult = { problems: [], refs: [] };
    checkPiece(directive, spec, { text, line: first.line, start: first.start, end: last.end }, lineText, trial);
    return trial.problems.length === 0;
  };
  const candidates = spacedValues(spec.type, pieces.map((p) => p.text));
  const joined = candidates.find(valid);
  if (joined === undefined) return false;
  const written = lineText(first.line).slice(first.start, last.end);
  const what = joined === candidates[0] ? 'is one value written with spaces' : 'reads as a list of intervals without its commas';
  out.problems.push({
    code: 'invalid-value',
    message: `\`${written}\` ${what}: PowerMTA reads \`${first.text}\` as the value of \`${directive}\` and rejects the rest. Write \`${joined}\`.`,
    line: first.line,
    start: first.start,
    end: last.end,
    data: replaceFix(`Write \`${joined}\``, first.line, first.start, last.end, joined),
  });
  return true;
}

function checkComposite(
  directive: string,
  spec: ValueSpec,
  pieces: readonly Piece[],
  nameSpan: { line: number; start: number; end: number },
  lineText: (line: number) => string,
  out: ValueResult,
): void {
  const specs = spec.args!;
  let parts = pieces;
  if (spec.separator === ',' && pieces.length > 0) {
    parts = splitPiece(joinPieces(pieces, ','), ',', lineText);
  }
  let i = 0;
  for (let s = 0; s < specs.length; s++) {
    const argSpec = specs[s];
    const isLast = s === specs.length - 1;
    if (i >= parts.length) {
      if (!argSpec.optional) {
        const what = i === 0 ? 'a value' : `${argSpec.label ?? argSpec.type} after ${parts[i - 1] ? '`' + parts[i - 1].text + '`' : 'the previous argument'}`;
        out.problems.push(missing(i === 0 ? nameSpan : parts[i - 1], `\`${directive}\` needs ${what}: \`${directive} ${syntaxOf(spec)}\`.`));
      }
      break;
    }
    if (argSpec.prefix && !parts[i].text.toLowerCase().startsWith(argSpec.prefix) && argSpec.optional) continue;
    if (isLast && (argSpec.rest || (FREE_TEXT.has(argSpec.type) && parts.length - i > 1 && !parts.slice(i).some((p) => p.quoted)))) {
      checkPiece(directive, argSpec, joinPieces(parts.slice(i), ' '), lineText, out);
      i = parts.length;
      break;
    }
    checkPiece(directive, argSpec, parts[i], lineText, out);
    // An unclosed quote or regex swallowed the rest of the line: further complaints would only repeat it.
    if (parts[i].unterminated) return;
    i++;
  }
  for (const extra of parts.slice(i)) {
    out.problems.push(problem('invalid-value', extra, `Unexpected extra argument \`${extra.text}\`: the syntax is \`${directive} ${syntaxOf(spec)}\`.`));
  }
}

function checkPiece(directive: string, spec: ValueSpec, piece: Piece, lineText: (line: number) => string, out: ValueResult): void {
  if (TEMPLATE.test(piece.text)) return; // reported once per line by the template rule
  if (piece.quoted && piece.unterminated) {
    out.problems.push(problem('invalid-value', piece, `The quoted value \`${piece.text}\` has no closing \`"\` on this line.`));
    return;
  }
  if (spec.clearable && piece.text === '""') return;
  if (spec.type === 'list' && spec.item) {
    const items = splitPiece(piece, ',', lineText);
    for (const item of items) {
      if (item.text === '') {
        out.problems.push(problem('invalid-value', item, `Empty item in the list of \`${directive}\` (two commas in a row, or a trailing comma with nothing after it).`));
        continue;
      }
      checkPiece(directive, spec.item, item, lineText, out);
    }
    return;
  }
  const message = checkSingle(spec, piece, out);
  if (message === undefined) return;
  for (const alt of spec.alternatives ?? []) {
    const probe: ValueResult = { problems: [], refs: [] };
    if (checkSingle(alt, piece, probe) === undefined && probe.problems.length === 0) {
      out.refs.push(...probe.refs);
      return;
    }
  }
  const text = message instanceof Expected ? `expected ${describeSpec(message.spec)}.` : message;
  if (typeof text === 'string') out.problems.push(problem('invalid-value', piece, `\`${piece.text}\` is not valid for \`${directive}\`: ${text}${shellVariableHint(piece.text)}`));
  else out.problems.push(text);
}

/**
 * Checks one value against one spec (keywords, prefix, type). Returns undefined when it fits, a
 * message when it does not, or a ready Finding for regex problems.
 */
function checkSingle(spec: ValueSpec, piece: Piece, out: ValueResult): string | Finding | Expected | undefined {
  let text = piece.quoted && spec.type !== 'quoted-string' ? unquote(piece as Arg) : piece.text;
  const lower = text.toLowerCase();
  if (spec.keywords?.some((k) => k.toLowerCase() === lower)) return undefined;
  let offset = 0;
  if (spec.prefix) {
    if (!lower.startsWith(spec.prefix)) return fail(spec);
    offset = spec.prefix.length;
    text = text.slice(offset);
  }
  switch (spec.type) {
    case 'bool':
      return /^(yes|no|true|false)$/i.test(text) ? undefined : fail(spec);
    case 'int': {
      if (!/^\d+$/.test(text)) return fail(spec);
      const n = Number(text);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) return `${n} is out of range: ${describeSpec(spec)}.`;
      return undefined;
    }
    case 'duration':
    case 'duration-or-never': {
      if (spec.type === 'duration-or-never' && lower === 'never') return undefined;
      const seconds = parseDuration(text);
      if (seconds === undefined) return fail(spec);
      if ((spec.min !== undefined && seconds < spec.min) || (spec.max !== undefined && seconds > spec.max)) return `out of range: ${describeSpec(spec)}.`;
      if (/^\d+$/.test(text) && text !== '0') {
        out.problems.push(
          spanning(
            {
              code: 'unitless-duration',
              message: `\`${text}\` has no unit; PowerMTA documents time intervals with one (probably read as ${text} second${text === '1' ? '' : 's'}). Write e.g. \`${text}s\`.`,
              line: piece.line,
              start: piece.start + offset,
              end: piece.end,
            },
            piece,
          ),
        );
      }
      return undefined;
    }
    case 'duration-list': {
      const bad = text.split(',').find((part) => parseDuration(part) === undefined);
      return bad === undefined ? undefined : `\`${bad}\` is not a time interval; ${describeSpec(spec)}.`;
    }
    case 'rate':
      return lower === 'unlimited' || parseRate(lower, spec.units) ? undefined : fail(spec);
    case 'size':
      return parseSize(text) !== undefined ? undefined : fail(spec);
    case 'data-rate':
      return parseDataRate(lower) ? undefined : fail(spec);
    case 'ip':
      return isIp(text) ? undefined : fail(spec);
    case 'cidr':
      return parseRange(text) ? undefined : fail(spec);
    case 'listener': {
      const m = checkListener(text);
      return m ? m + '.' : undefined;
    }
    case 'hostname':
      return isHostname(text) ? undefined : fail(spec);
    case 'domain-pattern':
      return /^[\p{L}\p{N}._\-*$[\]{}/:]+$/u.test(text) ? undefined : fail(spec);
    case 'email':
      return /^[^\s@]*@[^\s@]+$/.test(text) || text === '<>' ? undefined : fail(spec);
    case 'url':
      try {
        const url = new URL(text);
        return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : fail(spec);
      } catch {
        return fail(spec);
      }
    case 'regex':
      return checkRegex(piece);
    case 'quoted-string':
      return piece.quoted || !/\s/.test(text) ? undefined : 'a value with spaces must be written in double quotes.';
    case 'enum':
      return fail(spec);
    case 'name-ref':
      // A name is one word: a piece over several lines (an item not found in the source) is none.
      if (text.length === 0 || (piece.endLine !== undefined && piece.endLine !== piece.line)) return fail(spec);
      if (spec.refs) out.refs.push({ kinds: spec.refs, name: text, line: piece.line, start: piece.start + offset, end: piece.end });
      return undefined;
    case 'path':
    case 'path-or-pipe':
    case 'string':
      return text.length > 0 || piece.quoted ? undefined : fail(spec);
    case 'list':
    case 'composite':
      return undefined;
  }
}

/** The argument syntax of a composite value for messages (built only when a message needs it). */
function syntaxOf(spec: ValueSpec): string {
  return spec.args!.map((s) => (s.optional ? `[${s.label ?? s.type}]` : s.label ?? s.type)).join(spec.separator === ',' ? ', ' : ' ');
}

/**
 * A value that does not fit `spec`; the message ("expected …") is written only when reported,
 * since a value often fails the main spec and then fits one of its alternatives.
 */
class Expected {
  constructor(readonly spec: ValueSpec) {}
}

function fail(spec: ValueSpec): Expected {
  return new Expected(spec);
}

function checkRegex(piece: Piece): Finding | string | undefined {
  if (!piece.text.startsWith('/')) return `expected a regular expression between slashes, e.g. \`/${piece.text}/\`.`;
  const body = regexBody(piece.text);
  if (piece.unterminated || body === undefined) {
    return problem(
      'invalid-regex',
      piece,
      `The regex \`${piece.text}\` has no closing \`/\` on this line. A regex cannot continue on the next line, and a \`#\` inside it starts a comment (write \`\\x23\`).`,
    );
  }
  const p = checkRegexBody(body);
  if (!p) return undefined;
  return problem('invalid-regex', piece, `The regex \`${piece.text}\` does not compile: ${p.message}.`);
}

function missing(at: { line: number; start: number; end: number; endLine?: number }, message: string): Finding {
  return spanning({ code: 'missing-value', message, line: at.line, start: at.start, end: at.end }, at);
}

function problem(code: 'invalid-value' | 'invalid-regex', piece: Piece, message: string): Finding {
  return spanning({ code, message, line: piece.line, start: piece.start, end: piece.end }, piece);
}

/** A finding on a piece that runs over continuation lines ends on the piece's last line. */
function spanning(f: Finding, piece: { line: number; endLine?: number }): Finding {
  if (piece.endLine !== undefined && piece.endLine !== piece.line) f.endLine = piece.endLine;
  return f;
}

function joinPieces(pieces: readonly Piece[], sep: string): Piece {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const endLine = last.endLine ?? last.line;
  return {
    text: pieces.map((p) => p.text).join(sep),
    line: first.line,
    start: first.start,
    end: last.end,
    endLine: endLine === first.line ? undefined : endLine,
    quoted: pieces.length === 1 ? first.quoted : undefined,
    regex: pieces.length === 1 ? first.regex : undefined,
    unterminated: pieces.some((p) => p.unterminated),
  };
}

/** Where a piece of text was found: its line, that line's text, and its offset there. */
interface Found {
  line: number;
  src: string;
  at: number;
}

/**
 * Splits a comma list and finds each item in the source, over the continuation lines the list runs
 * on, so that a problem points at its item. An empty item (two commas in a row, or a comma with
 * nothing after it) points at the commas around it.
 */
function splitPiece(piece: Piece, sep: string, lineText: (line: number) => string): Piece[] {
  const items = piece.text.split(sep);
  if (items.length === 1) return [piece];
  const lastLine = piece.endLine ?? piece.line;
  let pos: Found = { line: piece.line, src: lineText(piece.line), at: piece.start };
  // Where each line's items end: at its comment, or at the piece's end on its last line. Found once
  // per line (a 1 MB list on one line has tens of thousands of items).
  const limits: number[] = [];
  const limitOf = (line: number, src: string) => {
    if (line === lastLine) return piece.end;
    const k = line - piece.line;
    if (limits[k] === undefined) {
      const hash = src.indexOf('#', k === 0 ? piece.start : 0);
      limits[k] = hash >= 0 ? hash : src.length;
    }
    return limits[k];
  };
  /** The next `text` at or after `pos`, before the comment of its line and not past the piece. */
  const find = (text: string): Found | undefined => {
    let { line, src, at: from } = pos;
    for (;;) {
      const limit = limitOf(line, src);
      const at = src.indexOf(text, from);
      if (at >= 0 && at + text.length <= limit) return { line, src, at };
      if (line >= lastLine) return undefined;
      line++;
      src = lineText(line);
      from = 0;
    }
  };
  const out: Piece[] = [];
  let before: Found | undefined; // the separator before the current item
  for (let k = 0; k < items.length; k++) {
    const text = items[k];
    if (text !== '') {
      const f = find(text);
      if (f) {
        pos = { line: f.line, src: f.src, at: f.at + text.length };
        out.push({ text, line: f.line, start: f.at, end: f.at + text.length });
      } else out.push({ text, line: piece.line, start: piece.start, end: piece.end, endLine: piece.endLine });
    }
    const after = k < items.length - 1 ? find(sep) : undefined;
    if (text === '') {
      const from = before ?? after;
      const to = after ?? before;
      if (from && to) out.push({ text, line: from.line, start: from.at, end: to.at + sep.length, endLine: to.line === from.line ? undefined : to.line });
      else out.push({ text, line: piece.line, start: piece.start, end: piece.end, endLine: piece.endLine });
    }
    if (after) pos = { line: after.line, src: after.src, at: after.at + sep.length };
    before = after;
  }
  return out;
}
