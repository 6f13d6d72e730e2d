import type { LineInfo, Word } from '../syntax/scanner';
import { replaceFix } from './rules/fixes';
import type { Finding } from './types';

/**
 * `typographic-character`: curly quotes and long dashes where PowerMTA syntax has `"`, `'` and `-`.
 * Word processors, wikis and blogs put them in for the plain ones, and a line copied from there
 * keeps them: `“mail.example.com”` is then no quoted string but a name with two odd characters,
 * and a reply pattern copied with `–` never matches a server's reply, which has `-` (SMTP replies
 * and addresses are plain ASCII). The directive and tag names are left to their own checks, which
 * already say what was meant; comments are free text. A `�` (U+FFFD) in a word stands for bytes
 * that are not UTF-8, most often such characters saved in a Windows code page (`“` is byte 0x93
 * there): it is reported as that, without a fix, since the character meant is not known.
 */

/** Each character with the plain one it stands for, and its name. */
const CHARS: Record<string, { plain: string; name: string }> = {
  '\u201c': { plain: '"', name: 'left double quotation mark' },
  '\u201d': { plain: '"', name: 'right double quotation mark' },
  '\u201e': { plain: '"', name: 'low double quotation mark' },
  '\u201f': { plain: '"', name: 'reversed double quotation mark' },
  '\u2018': { plain: "'", name: 'left single quotation mark' },
  '\u2019': { plain: "'", name: 'right single quotation mark' },
  '\u201a': { plain: "'", name: 'low single quotation mark' },
  '\u201b': { plain: "'", name: 'reversed single quotation mark' },
  '\u2010': { plain: '-', name: 'hyphen' },
  '\u2011': { plain: '-', name: 'non-breaking hyphen' },
  '\u2012': { plain: '-', name: 'figure dash' },
  '\u2013': { plain: '-', name: 'en dash' },
  '\u2014': { plain: '-', name: 'em dash' },
  '\u2015': { plain: '-', name: 'horizontal bar' },
  '\u2212': { plain: '-', name: 'minus sign' },
};
const CLASS = Object.keys(CHARS).join('');
const SUSPECT_ALL = new RegExp(`[${CLASS}]`, 'g');
const NOT_UTF8 = '\ufffd';
/** A character of the table, or a `\ufffd`. */
const SUSPECT = new RegExp(`[${CLASS}${NOT_UTF8}]`);

/** At most this many findings per line; the last one counts the rest. */
const MAX_PER_LINE = 10;
/** How much of a long word the message quotes. */
const SHOWN = 60;

const shown = (text: string) => (text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…` : text);
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

function describe(chars: string[]): string {
  const listed = chars.map((c) => `\`${c}\` (U+${c.charCodeAt(0).toString(16).toUpperCase()}, ${CHARS[c].name})`);
  return listed.length === 1 ? listed[0] : `${listed.slice(0, -1).join(', ')} and ${listed[listed.length - 1]}`;
}

/** The typographic characters of a text, each once, in order (without a match array: a hostile word may hold a million). */
function distinctSuspects(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length && out.length < 15; i++) {
    const c = text[i];
    if (CHARS[c] !== undefined && !out.includes(c)) out.push(c);
  }
  return out;
}

function notUtf8Message(w: Word): string {
  return `\`${shown(w.text)}\` holds \`\ufffd\` (U+FFFD), which stands for bytes of the file that are not UTF-8: PowerMTA reads those bytes as they are, so the ${w.regex ? 'pattern' : 'value'} is not the one shown. The file was probably saved in a Windows or Latin-1 code page, where curly quotes and dashes copied from a document are single bytes. Open it in that encoding, write the plain characters, and save it as UTF-8.`;
}

/** The words of a line this check reads: values, a tag's argument, a pattern line's leading regex (not directive or tag names). */
function wordsOf(info: LineInfo): readonly Word[] {
  const out: Word[] = [...info.words];
  if (info.tagArg) out.push(info.tagArg);
  if (info.name?.regex) out.push(info.name);
  return out;
}

/**
 * One finding per word that holds typographic characters (a value, a tag argument, a pattern;
 * before any comment), with a quick fix that writes the word with their plain counterparts.
 * Left alone: a word in straight quotes, and the value of a directive whose value is text of its
 * own (`freeText`: a password, a key, a DSN subject template), where such characters may be meant;
 * patterns are read in both.
 */
export function typographicCharacterFindings(line: number, info: LineInfo, out: Finding[], freeText = false): void {
  if (!SUSPECT.test(info.text)) return;
  let found = 0;
  let unlisted = 0;
  for (const w of wordsOf(info)) {
    if ((w.quoted || freeText) && !w.regex) continue;
    if (!SUSPECT.test(w.text)) continue;
    if (found === MAX_PER_LINE) {
      unlisted++;
      continue;
    }
    if (w.text.includes(NOT_UTF8)) {
      found++;
      out.push({ code: 'typographic-character', message: notUtf8Message(w), line, start: w.start, end: w.end });
      continue;
    }
    const chars = distinctSuspects(w.text);
    const plainChars = [...new Set(chars.map((c) => CHARS[c].plain))].map((c) => `\`${c}\``).join(' and ');
    const plain = w.text.replace(SUSPECT_ALL, (c) => CHARS[c].plain);
    const message = w.regex
      ? `The pattern \`${shown(w.text)}\` holds ${describe(chars)}: SMTP replies and e-mail addresses, which patterns are matched against, are plain ASCII, so where they have ${plainChars} this pattern does not match. ${plural(chars.length, 'It was', 'They were')} probably copied from a document; write ${plainChars}.`
      : `\`${shown(w.text)}\` holds ${describe(chars)}, which only ${plural(chars.length, 'looks', 'look')} like ${plainChars}: PowerMTA reads ${plural(chars.length, 'it', 'them')} as part of the text${plain.includes('"') ? ', so nothing is quoted' : ''}. ${plural(chars.length, 'It was', 'They were')} probably copied from a document; write \`${shown(plain)}\`.`;
    found++;
    out.push({ code: 'typographic-character', message, line, start: w.start, end: w.end, data: replaceFix(`Replace with ${plainChars}`, line, w.start, w.end, plain) });
  }
  if (unlisted > 0) out[out.length - 1].message += ` This line has ${unlisted} more such ${plural(unlisted, 'word', 'words')}, not listed one by one.`;
}
