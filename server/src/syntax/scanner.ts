/**
 * One physical line of a PowerMTA configuration -> its tokens. The scanner knows PowerMTA's
 * lexical rules (LANGUAGE.md §1-3, §6-7): `#` starts a comment wherever it stands, `<tag arg>`
 * and `</tag>` sit on their own lines, quoted strings and `/regex/` arguments may hold spaces, and
 * a value list ending in `,` carries on to the next line.
 */

export const enum LineKind {
  Blank,
  Comment,
  Open,
  Close,
  Directive,
  /** A line that continues the previous directive's comma list. */
  Continuation,
  /** A template-engine line such as `{{#each ips}}`, not PowerMTA syntax. */
  Template,
  /** A marker Git leaves in a file whose merge conflicted (`<<<<<<< HEAD`, `=======`, `>>>>>>> branch`). */
  ConflictMarker,
}

export interface Span {
  start: number;
  end: number;
}

export interface Word extends Span {
  text: string;
  /** `"…"` (text keeps the quotes). */
  quoted?: boolean;
  /** `/…/` (text keeps the slashes). */
  regex?: boolean;
  /** A quote or regex that has no closing delimiter on this line. */
  unterminated?: boolean;
}

export interface LineInfo {
  readonly text: string;
  readonly kind: LineKind;
  /** Scanned as the continuation of the previous line's list. */
  readonly continued: boolean;
  /** Offset of the first non-blank character. */
  readonly indent: number;
  /** End offset of the content before any comment, trailing blanks excluded. */
  readonly contentEnd: number;
  /** The comment, from `#` to the end of the line. */
  readonly comment?: Span;
  /** The `#` touches the text before it, so PowerMTA cuts a value there. */
  readonly commentGlued: boolean;
  /** Directive name (Directive lines); for a pattern line inside `<bounce-category-patterns>` the regex itself. */
  readonly name?: Word;
  /** Arguments after the name (Directive) or all words (Continuation). */
  readonly words: readonly Word[];
  /** Tag name without brackets (Open / Close lines), or `pattern-list` for a nested open at the end of a rule. */
  readonly tag?: Word;
  /** Text between the tag name and `>`. */
  readonly tagArg?: Word;
  /** The tag has no closing `>`. */
  readonly tagUnterminated?: boolean;
  /** Text after the closing `>` of a tag, before any comment. */
  readonly tagTrailing?: Span;
  /** A `<pattern-list>` opened at the end of a rule line (`mail-from /re/ <pattern-list>`). */
  readonly nestedOpen?: Word;
  /** The content ends with `,`: the list continues on the next line. */
  readonly trailingComma: boolean;
}

/**
 * Whether a tag line opens or closes a block: it has a name and its `>`. A tag line without them
 * (`<domain exa` while it is being typed) is reported on its own line and leaves the blocks around
 * it as they are; otherwise every line below it would change block, and be reported as misplaced,
 * until the `>` came.
 */
export function isBlockTag(info: LineInfo): boolean {
  return (info.kind === LineKind.Open || info.kind === LineKind.Close) && !info.tagUnterminated && !!info.tag && info.tag.text.length > 0;
}

/** Tells the scanner which argument of a directive is a `/regex/` (so spaces inside it are kept). */
export type RegexArgLookup = (directiveName: string) => number;

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const SLASH = 47;
const BACKSLASH = 92;
const LT = 60;
const GT = 62;
const COMMA = 44;
const EQUALS = 61;
const BAR = 124;
const BOM = 0xfeff;

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === BOM || c === 13 || c === 12 || c === 11;
}

export function scanLine(text: string, continued: boolean, regexArg: RegexArgLookup): LineInfo {
  const n = text.length;
  let indent = 0;
  while (indent < n && isBlank(text.charCodeAt(indent))) indent++;
  if (indent === n) return blank(text, continued, indent);

  if (conflictMarkerAt(text, indent)) {
    return makeInfo({ text, kind: LineKind.ConflictMarker, continued, indent, contentEnd: trimEnd(text, n), commentGlued: false, words: NO_WORDS, trailingComma: false });
  }
  if (text.charCodeAt(indent) === 123 /* { */ && text.charCodeAt(indent + 1) === 123) {
    return makeInfo({ text, kind: LineKind.Template, continued, indent, contentEnd: trimEnd(text, n), commentGlued: false, words: NO_WORDS, trailingComma: false });
  }

  const hash = text.indexOf('#', indent);
  const comment = hash >= 0 ? { start: hash, end: n } : undefined;
  if (hash === indent) {
    return makeInfo({ text, kind: LineKind.Comment, continued, indent, contentEnd: indent, comment, commentGlued: false, words: NO_WORDS, trailingComma: false });
  }
  const limit = hash >= 0 ? hash : n;
  const contentEnd = trimEnd(text, limit);
  const commentGlued = hash > 0 && !isBlank(text.charCodeAt(hash - 1));

  const first = text.charCodeAt(indent);
  if (continued && first !== LT) {
    const words = scanWords(text, indent, contentEnd, -1, 0);
    return makeInfo({
      text,
      kind: LineKind.Continuation,
      continued,
      indent,
      contentEnd,
      comment,
      commentGlued,
      words,
      trailingComma: endsWithComma(words),
    });
  }

  if (first === LT) return scanTag(text, indent, contentEnd, comment, commentGlued, continued);

  // A line that starts with a regex: a pattern line of <bounce-category-patterns>.
  let name: Word;
  let pos: number;
  if (first === SLASH) {
    name = scanRegex(text, indent, contentEnd);
    pos = name.end;
  } else {
    pos = indent;
    while (pos < contentEnd && !isBlank(text.charCodeAt(pos))) pos++;
    name = { start: indent, end: pos, text: text.slice(indent, pos) };
  }
  const regexAt = first === SLASH ? -1 : regexArg(name.text);
  const words = scanWords(text, pos, contentEnd, regexAt, 0);
  let nestedOpen: Word | undefined;
  const last = words[words.length - 1];
  if (last && !last.quoted && !last.regex && NESTED_OPEN.test(last.text)) {
    // `mail-from /re/ <pattern-list>`: a nested list opens at the end of the rule. Only that tag:
    // `</domain>` at the end of a line (after a pasted no-break space, say) closes nothing either.
    nestedOpen = { start: last.start, end: last.end, text: last.text.slice(1, -1) };
    words.pop();
  }
  return makeInfo({
    text,
    kind: LineKind.Directive,
    continued,
    indent,
    contentEnd,
    comment,
    commentGlued,
    name,
    words,
    nestedOpen,
    tag: nestedOpen ? { start: nestedOpen.start + 1, end: nestedOpen.start + 1 + nestedOpen.text.length, text: nestedOpen.text } : undefined,
    trailingComma: endsWithComma(words),
  });
}

const NO_WORDS: readonly Word[] = Object.freeze([]);
const NESTED_OPEN = /^<pattern-list>$/i;

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Every LineInfo gets all fields, in one order: one hidden class for all kinds of line, so the code
 * that reads infos (everywhere) stays monomorphic instead of going through V8's megamorphic caches.
 */
function makeInfo(p: Partial<Mutable<LineInfo>> & Pick<LineInfo, 'text' | 'kind' | 'continued' | 'indent' | 'contentEnd' | 'commentGlued' | 'words' | 'trailingComma'>): LineInfo {
  return {
    text: p.text,
    kind: p.kind,
    continued: p.continued,
    indent: p.indent,
    contentEnd: p.contentEnd,
    comment: p.comment,
    commentGlued: p.commentGlued,
    name: p.name,
    words: p.words,
    tag: p.tag,
    tagArg: p.tagArg,
    tagUnterminated: p.tagUnterminated,
    tagTrailing: p.tagTrailing,
    nestedOpen: p.nestedOpen,
    trailingComma: p.trailingComma,
  };
}

/**
 * Git's conflict markers: seven or more of `<`, `|`, `=` or `>` at the very start of the line (after
 * a byte-order mark on the first), then nothing or a blank and a label. No PowerMTA line starts so,
 * and the whole line is the marker: a `#` in its label is no comment.
 */
function conflictMarkerAt(text: string, indent: number): boolean {
  if (indent > 1 || (indent === 1 && text.charCodeAt(0) !== BOM)) return false;
  const c = text.charCodeAt(indent);
  if (c !== LT && c !== GT && c !== EQUALS && c !== BAR) return false;
  let end = indent + 1;
  while (end < text.length && text.charCodeAt(end) === c) end++;
  return end - indent >= 7 && (end === text.length || isBlank(text.charCodeAt(end)));
}

/** Which marker a `ConflictMarker` line is: its first character. */
export function conflictMarkerKind(info: LineInfo): '<' | '|' | '=' | '>' {
  return info.text.charAt(info.indent) as '<' | '|' | '=' | '>';
}

function blank(text: string, continued: boolean, indent: number): LineInfo {
  return makeInfo({ text, kind: LineKind.Blank, continued, indent, contentEnd: indent, commentGlued: false, words: NO_WORDS, trailingComma: false });
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

function endsWithComma(words: Word[]): boolean {
  const last = words[words.length - 1];
  return !!last && !last.quoted && !last.regex && last.text.charCodeAt(last.text.length - 1) === COMMA;
}

function scanTag(text: string, start: number, end: number, comment: Span | undefined, commentGlued: boolean, continued: boolean): LineInfo {
  const closing = text.charCodeAt(start + 1) === SLASH;
  let pos = start + (closing ? 2 : 1);
  while (pos < end && isBlank(text.charCodeAt(pos))) pos++;
  const nameStart = pos;
  while (pos < end && !isBlank(text.charCodeAt(pos)) && text.charCodeAt(pos) !== GT) pos++;
  const tag: Word = { start: nameStart, end: pos, text: text.slice(nameStart, pos) };
  const gt = text.lastIndexOf('>', end - 1);
  const unterminated = gt < pos;
  const argEnd = unterminated ? end : gt;
  let a = pos;
  while (a < argEnd && isBlank(text.charCodeAt(a))) a++;
  const b = trimEnd(text, argEnd);
  const tagArg = b > a ? { start: a, end: b, text: text.slice(a, b) } : undefined;
  const trailing = !unterminated && gt + 1 < end ? { start: gt + 1, end } : undefined;
  return makeInfo({
    text,
    kind: closing ? LineKind.Close : LineKind.Open,
    continued,
    indent: start,
    contentEnd: end,
    comment,
    commentGlued,
    words: NO_WORDS,
    tag,
    tagArg,
    tagUnterminated: unterminated,
    tagTrailing: trailing,
    trailingComma: false,
  });
}

function scanRegex(text: string, start: number, end: number): Word {
  let pos = start + 1;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c === BACKSLASH) pos += 2;
    else if (c === SLASH) return { start, end: pos + 1, text: text.slice(start, pos + 1), regex: true };
    else pos++;
  }
  return { start, end, text: text.slice(start, end), regex: true, unterminated: true };
}

function scanWords(text: string, pos: number, end: number, regexAt: number, index: number): Word[] {
  const words: Word[] = [];
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (isBlank(c)) {
      pos++;
      continue;
    }
    let word: Word;
    if (c === QUOTE) {
      let q = pos + 1;
      while (q < end && text.charCodeAt(q) !== QUOTE) q += text.charCodeAt(q) === BACKSLASH ? 2 : 1;
      word =
        q < end
          ? { start: pos, end: q + 1, text: text.slice(pos, q + 1), quoted: true }
          : { start: pos, end, text: text.slice(pos, end), quoted: true, unterminated: true };
    } else if (c === SLASH && index === regexAt) {
      word = scanRegex(text, pos, end);
    } else if (c === LT && isNestedOpen(text, pos, end)) {
      word = { start: pos, end, text: text.slice(pos, end) };
    } else {
      let q = pos;
      while (q < end && !isBlank(text.charCodeAt(q))) q++;
      word = { start: pos, end: q, text: text.slice(pos, q) };
    }
    words.push(word);
    pos = Math.min(word.end, end);
    index++;
  }
  // Exact length: an array grown by push keeps room for 17 items, and scans are kept per line.
  return words.slice();
}

/** `<pattern-list>` (possibly with blanks inside the brackets) closing the line. */
function isNestedOpen(text: string, pos: number, end: number): boolean {
  return text.charCodeAt(end - 1) === GT && /^<\s*pattern-list\s*>$/i.test(text.slice(pos, end));
}
