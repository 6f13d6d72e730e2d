import type { FileReport } from './fileResult';

/** The JSON contract: `[{file, line, column, endLine, endColumn, severity, code, message}]`, 1-based. */
export function formatJson(reports: readonly FileReport[]): string {
  return JSON.stringify(reports.flatMap((r) => r.findings), null, 2) + '\n';
}
