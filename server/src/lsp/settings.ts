import { isSeveritySetting, type SeverityOverrides } from '../analysis/severity';

/** The `powermta.*` settings the server understands. */
export interface ServerSettings {
  /** Per-code severity: `{ "unknown-directive": "error", "legacy-directive": "off" }`. */
  severity: SeverityOverrides;
  format: FormatSettings;
  completion: CompletionSettings;
  /** Milliseconds during which further edits are coalesced after a publish. */
  debounceMs: number;
  /** Documents above this many lines are not analysed (a notice says so). */
  maxLines: number;
  /** At most this many diagnostics per file, the most severe first (0: no limit); a notice says how many are not shown. */
  maxProblems: number;
  /** `powermta.dns.server`: HOST[:PORT] for the DNS check command (the system resolver when unset). */
  dnsServer?: string;
  /**
   * `powermta.autoCloseTags`: the editor inserts `</tag>` after a typed `>` (the VS Code extension
   * does), so diagnostics wait for it (lsp/closeTagHold.ts). Off unless the client says so.
   */
  autoCloseTags: boolean;
}

export interface FormatSettings {
  /** Spaces per block level (0 keeps directives flush left). */
  indent: number;
  /** Use a tab per level instead of spaces. */
  useTabs: boolean;
  /** Align values of consecutive directives into one column. */
  alignValues: boolean;
}

export interface CompletionSettings {
  /** Offer the snippets of snippets/powermta.json as completion items (turn off where the editor already shows them). */
  snippets: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  severity: {},
  format: { indent: 4, useTabs: false, alignValues: false },
  completion: { snippets: true },
  debounceMs: 150,
  maxLines: 300_000,
  maxProblems: 1000,
  autoCloseTags: false,
};

/** Longer than this, diagnostics would seem not to come at all (package.json's maximum). */
export const MAX_DEBOUNCE_MS = 5000;

/** Reads settings from an untrusted object (client configuration or initializationOptions). */
export function parseSettings(raw: unknown): ServerSettings {
  const out: ServerSettings = structuredClone(DEFAULT_SETTINGS);
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, any>;
  const sev = r.diagnostics?.severity ?? r.severity;
  if (sev && typeof sev === 'object') {
    const clean: Record<string, any> = {};
    for (const [k, v] of Object.entries(sev)) if (isSeveritySetting(v)) clean[k] = v;
    out.severity = clean;
  }
  const f = r.format;
  if (f && typeof f === 'object') {
    if (Number.isInteger(f.indent) && f.indent >= 0 && f.indent <= 16) out.format.indent = f.indent;
    if (typeof f.useTabs === 'boolean') out.format.useTabs = f.useTabs;
    if (typeof f.alignValues === 'boolean') out.format.alignValues = f.alignValues;
  }
  if (typeof r.completion?.snippets === 'boolean') out.completion.snippets = r.completion.snippets;
  // The bounds of package.json's schema: a value past them is ignored, as VS Code flags it.
  if (Number.isInteger(r.diagnostics?.debounceMs) && r.diagnostics.debounceMs >= 0 && r.diagnostics.debounceMs <= MAX_DEBOUNCE_MS) out.debounceMs = r.diagnostics.debounceMs;
  if (Number.isInteger(r.maxLines) && r.maxLines > 0) out.maxLines = r.maxLines;
  if (Number.isInteger(r.diagnostics?.maxProblems) && r.diagnostics.maxProblems >= 0) out.maxProblems = r.diagnostics.maxProblems;
  if (typeof r.dns?.server === 'string' && r.dns.server.trim()) out.dnsServer = r.dns.server.trim();
  if (typeof r.autoCloseTags === 'boolean') out.autoCloseTags = r.autoCloseTags;
  return out;
}
