/**
 * Lines of an install script that writes the configuration, copied out of it with the
 * configuration (the public install scripts for PowerMTA have many of both kinds): the first and
 * last lines of a shell here-document (`cat > /etc/pmta/config <<EOF` … `EOF`), and `echo` lines
 * that append one line each (`echo "smtp-listener 0/0:25" >> /etc/pmta/config`). PowerMTA reads the
 * first word of each as a directive it does not know. `foreign-syntax` reports them. A line is
 * judged alone (its findings depend on it only), so a here-document's last line is known by the
 * usual delimiter names, not by the one its first line chose. Such a script also fills in shell
 * variables (`$IP`) as it writes the file; left unfilled, they make a value invalid or a macro
 * undefined, whose messages then say so (`shellVariableHint`, `shellMacroHint`).
 */

import type { LineInfo } from '../syntax/scanner';

/** `<<EOF`, `<< 'EOF'`, `<<-"END"`: the here-document's start and its delimiter. */
const OPENER = /(?:^|\s)<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1(?=\s|$)/;

/** The usual delimiters: `EOF` and names made from it (`PMTAEOF`, `EOF_CONFIG`), `EOL`, `END`, `EOT`. */
const DELIMITER = /^(?:[A-Z0-9_]*EOF[A-Z0-9_]*|EOL|END|EOT)$/;

/** The redirection that ends an `echo` line: `>> FILE`, `> "FILE"`. */
const REDIRECT = />>?\s*(?:"[^"]*"|[^\s">]+)$/;
/**
 * What comes before it: `echo "LINE"`, `echo 'LINE'`, `echo -e LINE`. An unquoted line does not
 * start with `-`, so each word is either an option or the line's start, never both: with both, a
 * line of many options that fails to match was tried at every split (quadratic time).
 */
const ECHO = /^echo\s+(?:-[neE]+\s+)*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^-'"\s>][^>]*))$/;

/**
 * The configuration line an `echo` line of a script writes into a file, as the shell reads it
 * (quotes taken off), if the line is one. Two anchored expressions, none of whose parts can match
 * the same text: one expression with a lazy word and the blanks before `>` took quadratic time on
 * a line of blanks.
 */
function echoedLine(content: string): string | undefined {
  const redirect = REDIRECT.exec(content);
  if (!redirect) return undefined;
  const m = ECHO.exec(content.slice(0, redirect.index).trimEnd());
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(["\\$`])/g, '$1') : (m[2] ?? m[3]);
}

/** A line of an install script, with the edit that leaves what PowerMTA should read of it. */
export type ScriptLine =
  | { kind: 'echo'; echoed: string; edit?: LineEdit }
  | { kind: 'here-doc-start'; delimiter: string; edit: LineEdit }
  | { kind: 'here-doc-end'; edit: LineEdit };

/** A replacement of columns `start`..`end` of the line. */
export interface LineEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * What a directive line (`info`, its name unknown to PowerMTA) is of an install script, if it is one.
 * An echo's edit writes the line echoed (with its own indentation, if it has one, in place of the
 * echo's), none where the shell may expand `\n` and the like; a here-document's empties the line.
 */
export function scriptLine(info: LineInfo): ScriptLine | undefined {
  const name = info.name;
  if (!name || name.quoted) return undefined;
  const content = info.text.slice(info.indent, info.contentEnd);
  const echoed = name.text === 'echo' ? echoedLine(content) : undefined;
  if (echoed !== undefined) {
    const start = /^\s/.test(echoed) ? 0 : info.indent;
    return { kind: 'echo', echoed, edit: /\\[ntr]/.test(echoed) ? undefined : { start, end: info.contentEnd, newText: echoed } };
  }
  const empty = { start: 0, end: info.text.length, newText: '' };
  const delimiter = OPENER.exec(content)?.[2];
  if (delimiter !== undefined) return { kind: 'here-doc-start', delimiter, edit: empty };
  if (info.words.length === 0 && DELIMITER.test(name.text)) return { kind: 'here-doc-end', edit: empty };
  return undefined;
}

/**
 * `$IP`, `${DOMAIN}`, `$(hostname)`: names a shell fills in where a script writes the file. No `(`
 * or `$` inside `$(…)`, so a line of many `$(` is scanned once, not from each to its end.
 */
const SHELL_VARIABLE = /\$(?:\{[A-Za-z_]\w*\}|\([^()$]*\)|[A-Za-z_]\w*)/;

const leftUnfilled = (shown: string, how: string) =>
  ` \`${shown}\` ${how} a shell variable left unfilled: an install script fills such names in when it writes the file (a here-document), but PowerMTA`;

/** A sentence for an invalid value that holds what looks like a shell variable (PowerMTA has none), or ''. */
export function shellVariableHint(text: string): string {
  const found = SHELL_VARIABLE.exec(text)?.[0];
  return found === undefined ? '' : `${leftUnfilled(found, 'looks like')} reads them as written.`;
}

/** A sentence for an undefined macro named in capitals (`$DOMAIN`), as shell variables are; else ''. */
export function shellMacroHint(name: string): string {
  return /^[A-Z][A-Z0-9_]*$/.test(name) ? `${leftUnfilled(`$${name}`, 'may be')} reads \`$\` names as its domain macros.` : '';
}
