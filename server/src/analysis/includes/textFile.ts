/**
 * Whether a file read as UTF-8 is configuration text. NUL bytes mean it is not: either UTF-16 (what
 * Windows editors save as "Unicode"; PowerMTA reads ASCII and UTF-8 only, so it would see a NUL
 * between every two characters) or binary data. Both pmta-lint's inputs and included files go
 * through here.
 */

/** UTF-16 ASCII read as UTF-8: its byte-order mark (two invalid bytes), then a NUL after or before each character. */
const UTF16 = /^(?:\uFFFD\uFFFD)?(?:[^\0]\0[^\0]\0|\0[^\0]\0[^\0])/;

/** What `text` is instead of a configuration PowerMTA can read, or undefined when it is text. */
export function notTextReason(text: string): string | undefined {
  if (!text.includes('\0')) return undefined;
  if (UTF16.test(text)) return 'UTF-16 text, which PowerMTA cannot read: save it as UTF-8 (or plain ASCII)';
  return 'not a text file (it contains NUL bytes)';
}

/** Editors hide a UTF-8 byte-order mark; dropping it keeps line-1 columns the same as theirs. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Whether bytes (a whole file or its start) are UTF-16 text, with or without a byte-order mark. */
export function isUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  return UTF16.test(String.fromCharCode(...bytes.subarray(0, 8)));
}
