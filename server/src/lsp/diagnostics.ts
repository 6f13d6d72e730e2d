import { type Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import type { Severity } from '../analysis/codes';
import { SEVERITIES, type SeverityOverrides, effectiveSeverity } from '../analysis/severity';
import type { Finding } from '../analysis/types';
import { formatCount } from '../numbers';

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

/**
 * LSP diagnostics for an analysis under the user's severity settings, at most `maxProblems` of
 * them (0: no limit; see diagnosticsOfFindings).
 */
export function diagnosticsOf(analysis: Analysis, overrides: SeverityOverrides | undefined, maxProblems = 0): Diagnostic[] {
  return diagnosticsOfFindings(analysis.findings, overrides, maxProblems);
}

/**
 * LSP diagnostics for findings under the user's severity settings. Over `maxProblems` (0: no
 * limit), only the most severe are sent (errors first, then warnings…, in document order within a
 * level) with a `too-many-problems` notice on line 1: a file with a problem on every one of 100k
 * lines would otherwise send ~30 MB of JSON after every edit and make the editor's problem list
 * useless anyway.
 */
export function diagnosticsOfFindings(findings: readonly Finding[], overrides: SeverityOverrides | undefined, maxProblems = 0): Diagnostic[] {
  const shown: Finding[] = [];
  const levels: Severity[] = [];
  for (const f of findings) {
    const s = effectiveSeverity(f, overrides);
    if (!s) continue;
    shown.push(f);
    levels.push(s);
  }
  if (maxProblems <= 0 || shown.length <= maxProblems) return shown.map((f, i) => toDiagnostic(f, levels[i]));
  const chosen: number[] = [];
  const hidden: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const level of SEVERITIES) {
    for (let i = 0; i < shown.length; i++) {
      if (levels[i] !== level) continue;
      if (chosen.length < maxProblems) chosen.push(i);
      else hidden[levels[i]]++;
    }
  }
  chosen.sort((a, b) => a - b);
  const out = chosen.map((i) => toDiagnostic(shown[i], levels[i]));
  const notice: Finding = { code: 'too-many-problems', line: 0, start: 0, end: 0, message: tooManyMessage(shown.length, maxProblems, hidden) };
  const level = effectiveSeverity(notice, overrides);
  if (level) out.unshift(toDiagnostic(notice, level));
  return out;
}

function tooManyMessage(total: number, maxProblems: number, hidden: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => hidden[s] > 0)
    .map((s) => `${formatCount(hidden[s])} ${s === 'information' ? 'notice' : s}${hidden[s] === 1 ? '' : 's'}`);
  return `This file has ${formatCount(total)} problems; only the ${formatCount(maxProblems)} most severe are shown (\`powermta.diagnostics.maxProblems\`). Not shown: ${parts.join(', ')}. Fix the ones shown, raise the setting (0 shows all), or run \`pmta-lint\` on the file to list every one.`;
}
