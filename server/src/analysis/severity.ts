import { type Severity, defaultSeverity } from './codes';
import type { Finding } from './types';

/** Per-code severity override as users write it in settings (`off` silences the code). */
export type SeveritySetting = Severity | 'off' | 'info';

export type SeverityOverrides = Readonly<Record<string, SeveritySetting>>;

/** The severity a finding gets under the user's overrides, or undefined when its code is off. */
export function effectiveSeverity(f: Finding, overrides: SeverityOverrides | undefined): Severity | undefined {
  const o = overrides?.[f.code];
  if (o === 'off') return undefined;
  if (o === 'info') return 'information';
  if (o) return o;
  return f.severity ?? defaultSeverity(f.code);
}

/** The severities, most severe first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** True when `s` is at least as severe as `floor`. */
export function atLeast(s: Severity, floor: Severity): boolean {
  return RANK[s] <= RANK[floor];
}

export function isSeveritySetting(v: unknown): v is SeveritySetting {
  return typeof v === 'string' && ['error', 'warning', 'information', 'info', 'hint', 'off'].includes(v);
}
