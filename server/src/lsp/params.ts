/**
 * The parts of a request's parameters that handlers index into, checked at the door. A client that
 * sends a position of `2.5`, `null` or `"1"`, or no `textDocument`, gets InvalidParams saying what
 * is wrong instead of a TypeError message from deep inside a feature. Integers outside the
 * document are accepted: the features clamp them.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';

function invalid(what: string, value: unknown, expected: string): ResponseError<void> {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  if (shown.length > 120) shown = shown.slice(0, 120) + '…';
  return new ResponseError(ErrorCodes.InvalidParams, `Invalid ${what}: ${shown} (expected ${expected}).`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function checkPosition(value: unknown, what = 'position'): Position {
  if (!isObject(value) || !Number.isSafeInteger(value.line) || !Number.isSafeInteger(value.character)) {
    throw invalid(what, value, '{ "line": integer, "character": integer }');
  }
  return value as unknown as Position;
}

export function checkRange(value: unknown, what = 'range'): Range {
  if (!isObject(value)) throw invalid(what, value, '{ "start": position, "end": position }');
  checkPosition(value.start, `${what}.start`);
  checkPosition(value.end, `${what}.end`);
  return value as unknown as Range;
}

/** The document URI of a request about one document. */
export function checkDocument(params: unknown): string {
  const doc = isObject(params) ? params.textDocument : undefined;
  if (!isObject(doc) || typeof doc.uri !== 'string') throw invalid('textDocument', doc, '{ "uri": string }');
  return doc.uri;
}

/** A request about a position in one document (hover, completion, definition…). */
export function checkPositionParams(params: unknown): { uri: string; position: Position } {
  const uri = checkDocument(params);
  return { uri, position: checkPosition((params as Record<string, unknown>).position) };
}

/**
 * The content changes of a didChange, all checked before any is applied: one malformed change
 * applied halfway would leave the server's copy of the document different from the editor's
 * without a trace. Returns the reason when the list cannot be applied.
 */
export function contentChangesProblem(changes: unknown): string | undefined {
  if (!Array.isArray(changes)) return 'contentChanges is not a list';
  for (const [i, c] of changes.entries()) {
    if (!isObject(c) || typeof c.text !== 'string') return `change ${i + 1} has no text`;
    if (c.range === undefined || c.range === null) continue;
    try {
      checkRange(c.range, `range of change ${i + 1}`);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return undefined;
}

/** The document of a didOpen, or the reason it cannot be opened. */
export function openProblem(doc: unknown): string | undefined {
  if (!isObject(doc) || typeof doc.uri !== 'string') return 'textDocument has no uri';
  if (typeof doc.text !== 'string') return 'textDocument has no text';
  return undefined;
}
