/**
 * The lines of a shell here-document around a configuration, as install scripts write it
 * (`cat > /etc/pmta/config <<EOF` … `EOF`; the corpus of public install scripts has many):
 * copied out of such a script with the configuration, each is read by PowerMTA as a directive it
 * does not know. `foreign-syntax` reports them. A line is judged alone (its findings depend on it
 * only), so the last line is known by the usual delimiter names, not by the one the first line chose.
 */

/** `<<EOF`, `<< 'EOF'`, `<<-"END"`: the here-document's start and its delimiter. */
const OPENER = /(?:^|\s)<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1(?=\s|$)/;

/** The usual delimiters: `EOF` and names made from it (`PMTAEOF`, `EOF_CONFIG`), `EOL`, `END`, `EOT`. */
const DELIMITER = /^(?:[A-Z0-9_]*EOF[A-Z0-9_]*|EOL|END|EOT)$/;

/** The delimiter a shell command line opens a here-document with (`cat > f <<'EOF'` gives `EOF`), if any. */
export function hereDocDelimiter(content: string): string | undefined {
  return OPENER.exec(content)?.[2];
}

/** Whether a line's one word is a usual here-document delimiter, the line that ends one. */
export function isHereDocEnd(word: string): boolean {
  return DELIMITER.test(word);
}
