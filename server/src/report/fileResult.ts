import type { Severity } from '../analysis/codes';
import type { Finding } from '../analysis/types';

/** One finding with its effective severity, ready for a report (1-based lines and columns). */
export interface ReportedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface FileReport {
  /** The name shown in reports (as given on the command line, or the stdin name). */
  file: string;
  /** Absolute path on disk; absent for standard input. */
  path?: string;
  /** The file's lines, for source excerpts in text output. */
  lines: readonly string[];
  findings: ReportedFinding[];
}

export function reported(file: string, f: Finding, severity: Severity): ReportedFinding {
  return {
    file,
    line: f.line + 1,
    column: f.start + 1,
    endLine: (f.endLine ?? f.line) + 1,
    endColumn: f.end + 1,
    severity,
    code: f.code,
    message: f.message,
  };
}

export function countBySeverity(reports: readonly FileReport[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of reports) for (const f of r.findings) out[f.severity]++;
  return out;
}
