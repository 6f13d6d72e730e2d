// Pure text rules behind the auto-closing of tags: the extension inserts the close tag (client/src/autoCloseTag.ts), and the server waits for it before checking (lsp/closeTagHold.ts).

/** `<tag arg>` alone on its line, typed up to the cursor (group 1 is the tag name). */
const OPEN_TAG = /^\s*<([A-Za-z][\w.-]*)(?:\s[^<>#]*)?>$/;

/** The tag name when `typed` (the line up to the cursor) is a complete opening tag, else undefined. */
export function openedTag(typed: string): string | undefined {
  return OPEN_TAG.exec(typed)?.[1];
}

/** The next non-blank, non-comment line already closes this tag (e.g. the user retyped the `>`). */
export function alreadyClosed(lineCount: number, lineAt: (i: number) => string, from: number, tag: string): boolean {
  for (let i = from + 1; i < lineCount; i++) {
    const text = lineAt(i).trim();
    if (text === '' || text.startsWith('#')) continue;
    return new RegExp(`^</\\s*${tag.replace(/[.]/g, '\\.')}\\s*>`, 'i').test(text);
  }
  return false;
}
