import { type Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import type { Severity } from '../analysis/codes';
import { type SeverityOverrides, effectiveSeverity } from '../analysis/severity';
import type { Finding } from '../analysis/types';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'powermta';

export function toDiagnostic(f: Finding, severity: Severity): Diagnostic {
  const d: Diagnostic = {
    range: { start: { line: f.line, character: f.start }, end: { line: f.endLine ?? f.line, character: f.end } },
    severity: LSP_SEVERITY[severity],
    code: f.code,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
  if (f.code === 'deprecated-directive' || f.code === 'removed-directive') d.tags = [DiagnosticTag.Deprecated];
  if (f.data) d.data = f.data;
  return d;
}

/** LSP diagnostics for an analysis under the user's severity settings. */
export function diagnosticsOf(analysis: Analysis, overrides: SeverityOverrides | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of analysis.findings) {
    const s = effectiveSeverity(f, overrides);
    if (s) out.push(toDiagnostic(f, s));
  }
  return out;
}

/** LSP diagnostics for findings made outside the text analysis (DKIM key files, DNS checks). */
export function diagnosticsOfFindings(findings: readonly Finding[], overrides: SeverityOverrides | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const s = effectiveSeverity(f, overrides);
    if (s) out.push(toDiagnostic(f, s));
  }
  return out;
}
