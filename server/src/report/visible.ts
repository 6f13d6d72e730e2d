/**
 * Text from a configuration, made safe to print on a terminal. A file may hold control characters
 * (a downloaded or generated one, or one written to attack whoever checks it): printed raw, an
 * escape sequence in a directive name could retitle the window, clear the screen or hide lines of
 * the report, and a bidirectional-text control could show a line in another order than it has.
 * Each is shown by one visible character instead (C0 and DEL by their Unicode control pictures,
 * ␛ for ESC; C1, bidirectional controls and zero-width characters by �), so columns and carets
 * stay aligned. Line breaks and tabs are kept.
 */
export function visible(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, picture) : text;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function picture(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}
