import type { FileReport } from './fileResult';
import { indentJson } from './jsonChunks';

/**
 * The JSON contract: `[{file, line, column, endLine, endColumn, severity, code, message}]`, 1-based,
 * as `JSON.stringify(findings, null, 2)` prints it, in pieces of one finding each: a file with
 * millions of findings makes more JSON than one JavaScript string can hold.
 */
export function* jsonChunks(reports: readonly FileReport[]): Generator<string> {
  let first = true;
  for (const r of reports) {
    for (const f of r.findings) {
      yield (first ? '[\n' : ',\n') + indentJson(f, '  ');
      first = false;
    }
  }
  yield first ? '[]\n' : '\n]\n';
}
