import type { LineInfo } from '../syntax/scanner';
import { replaceFix } from './rules/fixes';
import type { Finding } from './types';

/**
 * Characters that look like nothing or like a space: pasted from a web page, a chat or a word
 * processor, they make a name or a value different from what everyone sees. PowerMTA splits words
 * at plain spaces and tabs only, so a no-break space glues two words into one, and a zero-width
 * space becomes part of a domain name that then matches nothing. Bidirectional-text controls also
 * change the order in which a line is displayed (the "Trojan Source" trick).
 */
const CLASS = '[\\u00a0\\u00ad\\u061c\\u1680\\u180e\\u2000-\\u200f\\u202a-\\u202f\\u205f-\\u2064\\u2066-\\u2069\\u3000\\ufeff]';
const SUSPECT = new RegExp(CLASS);
/** A run of one suspect character (one finding). */
const SUSPECT_RUN = new RegExp(`(${CLASS})\\1*`, 'g');
/** For replace() only: replace() resets a global regex's lastIndex, which the scan loop relies on. */
const SUSPECT_ALL = new RegExp(CLASS, 'g');

/** Whether a text holds one of these characters (a name that should not be offered for copying). */
export function hasInvisibleCharacter(text: string): boolean {
  return SUSPECT.test(text);
}

type Kind = 'space' | 'invisible' | 'bidi';

const NAMES: Record<number, string> = {
  0x00a0: 'no-break space',
  0x00ad: 'soft hyphen',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x202f: 'narrow no-break space',
  0x2060: 'word joiner',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x3000: 'ideographic space',
  0xfeff: 'zero-width no-break space (byte-order mark)',
};

function kindOf(code: number): Kind {
  if (code === 0x061c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return 'bidi';
  if (code === 0x00a0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000) return 'space';
  return 'invisible';
}

function nameOf(code: number): string {
  const hex = 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
  const name = NAMES[code] ?? (kindOf(code) === 'space' ? 'space' : undefined);
  return name ? `${hex} (${name})` : hex;
}

/** Where a word ends for the message: plain blanks, and the brackets and commas around values. */
const isBoundary = (c: number) => c === 32 || c === 9 || c === 60 /* < */ || c === 62 /* > */ || c === 44; /* , */

/** What a reader sees of a span: the space-like characters as spaces, the invisible ones not at all. */
function seen(text: string): string {
  return text.replace(SUSPECT_ALL, (c) => (kindOf(c.charCodeAt(0)) === 'space' ? ' ' : ''));
}

/** How far the message's word reaches on each side of the run (a line may be one long word). */
const WORD_REACH = 40;

/** At most this many findings per line; the last one counts the rest (a hostile line may hold thousands). */
const MAX_PER_LINE = 10;

/** The word around [start, end): its text as seen, and whether the run has word characters on both sides. */
function wordAround(text: string, start: number, end: number, limit: number): { word: string; inside: boolean } {
  let a = start;
  let b = end;
  while (a > 0 && start - a < WORD_REACH && !isBoundary(text.charCodeAt(a - 1))) a--;
  while (b < limit && b - end < WORD_REACH && !isBoundary(text.charCodeAt(b))) b++;
  const cutLeft = a > 0 && !isBoundary(text.charCodeAt(a - 1));
  const cutRight = b < limit && !isBoundary(text.charCodeAt(b));
  const word = (cutLeft ? '…' : '') + seen(text.slice(a, b)).trim() + (cutRight ? '…' : '');
  return { word, inside: seen(text.slice(a, start)).trim() !== '' && seen(text.slice(end, b)).trim() !== '' };
}

/**
 * One finding per run of the same suspect character in the line's content (comments are free
 * text and left alone; so is a byte-order mark opening the file), each with a quick fix: a plain
 * space for each space-like character, nothing for the others.
 */
export function invisibleCharacterFindings(line: number, info: LineInfo, out: Finding[]): void {
  const text = info.text;
  const end = info.comment ? info.comment.start : text.length;
  if (!SUSPECT.test(text)) return;
  SUSPECT_RUN.lastIndex = 0;
  let found = 0;
  let unlisted = 0;
  for (let m = SUSPECT_RUN.exec(text); m && m.index < end; m = SUSPECT_RUN.exec(text)) {
    if (found === MAX_PER_LINE) {
      unlisted++;
      continue;
    }
    const start = m.index;
    const stop = Math.min(start + m[0].length, end);
    const code = text.charCodeAt(start);
    if (line === 0 && start === 0 && code === 0xfeff && stop === 1) continue;
    const kind = kindOf(code);
    const what = nameOf(code) + (stop - start > 1 ? ` ×${stop - start}` : '');
    const { word, inside } = wordAround(text, start, stop, end);
    const where = word ? `\`${word}\`` : 'this line';
    const message =
      kind === 'space'
        ? `${what} looks like a space, but PowerMTA splits words only at plain spaces and tabs: ${inside ? `it reads ${where} as one word` : `it reads it as part of ${where}`}. Type a plain space instead.`
        : kind === 'bidi'
          ? `A bidirectional-text control, ${what}, sits in ${where}: it changes the order in which editors and terminals display the line, and PowerMTA reads it as part of the text. Delete it.`
          : `An invisible character, ${what}, sits in ${where}: PowerMTA reads it as part of the text, so the name or value is not the one shown. Delete it.`;
    const replacement = kind === 'space' ? ' '.repeat(stop - start) : '';
    found++;
    out.push({
      code: 'invisible-character',
      message,
      line,
      start,
      end: stop,
      data: replaceFix(kind === 'space' ? 'Replace with plain spaces' : 'Delete the invisible character', line, start, stop, replacement),
    });
  }
  if (unlisted > 0) out[out.length - 1].message += ` This line has ${unlisted} more such ${unlisted === 1 ? 'place' : 'places'}, not listed one by one.`;
}
