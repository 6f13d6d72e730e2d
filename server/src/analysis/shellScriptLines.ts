/**
 * Lines of an install script that writes the configuration, copied out of it with the
 * configuration (the public install scripts for PowerMTA have many of both kinds): the first and
 * last lines of a shell here-document (`cat > /etc/pmta/config <<EOF` … `EOF`), and `echo` lines
 * that append one line each (`echo "smtp-listener 0/0:25" >> /etc/pmta/config`). PowerMTA reads the
 * first word of each as a directive it does not know. `foreign-syntax` reports them. A line is
 * judged alone (its findings depend on it only), so a here-document's last line is known by the
 * usual delimiter names, not by the one its first line chose.
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

/** `echo "LINE" >> FILE`, `echo 'LINE' > FILE`, `echo -e LINE >> FILE`: the line written, as the shell reads it (quotes taken off). */
const ECHO = /^echo\s+(?:-[neE]+\s+)*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^'"\s>][^>]*?))\s*>>?\s*("[^"]*"|\S+)$/;

/** The configuration line an `echo` line of a script writes into a file, if the line is one. */
export function echoedLine(content: string): string | undefined {
  const m = ECHO.exec(content);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(["\\$`])/g, '$1') : (m[2] ?? m[3]);
}
