/**
 * Pieces of pretty-printed JSON, for reports too large for one string. JSON.stringify escapes every
 * line break inside strings, so each line break of its output is layout and can take an indent.
 */

/** `value` as `JSON.stringify(value, null, 2)` prints it `pad` deeper: its first line indented too. */
export function indentJson(value: unknown, pad: string): string {
  return pad + JSON.stringify(value, null, 2).replace(/\n/g, '\n' + pad);
}

/**
 * `JSON.stringify(document, null, 2)` with `items` as the array at the one key `key` (which
 * `document` must hold as an empty array), yielded as the text before the array, one piece per
 * item, and the text after it.
 */
export function* jsonWithArray(document: object, key: string, items: Iterable<unknown>): Generator<string> {
  const text = JSON.stringify(document, null, 2);
  const marker = new RegExp(`\\n( *)${JSON.stringify(key).replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')}: \\[\\]`).exec(text);
  if (!marker) throw new Error(`jsonWithArray: the document has no empty array at ${key}`);
  const pad = marker[1];
  const open = marker.index + marker[0].length - 1;
  let first = true;
  for (const item of items) {
    yield (first ? text.slice(0, open) + '\n' : ',\n') + indentJson(item, pad + '  ');
    first = false;
  }
  yield first ? text : '\n' + pad + text.slice(open);
}
