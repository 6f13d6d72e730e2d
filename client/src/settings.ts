import { workspace } from 'vscode';

export const SECTION = 'powermta';

/**
 * The `powermta.*` settings as the plain JSON object the server's parseSettings reads (the same
 * shape `workspace/configuration` returns for section `powermta`). Sent as initializationOptions.
 */
export function serverSettings(): Record<string, unknown> {
  const c = workspace.getConfiguration(SECTION);
  return {
    diagnostics: {
      severity: c.get('diagnostics.severity', {}),
      debounceMs: c.get('diagnostics.debounceMs'),
      maxProblems: c.get('diagnostics.maxProblems'),
    },
    format: {
      indent: c.get('format.indent'),
      useTabs: c.get('format.useTabs'),
      alignValues: c.get('format.alignValues'),
    },
    maxLines: c.get('maxLines'),
    completion: { snippets: c.get('completion.snippets') },
    dns: { server: c.get('dns.server') },
    autoCloseTags: autoCloseTagsEnabled(),
  };
}

export function autoCloseTagsEnabled(): boolean {
  return workspace.getConfiguration(SECTION).get('autoCloseTags', true);
}
