import { type LogOutputChannel, type TextDocument, window, workspace } from 'vscode';
import {
  type Diagnostic,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
} from 'vscode-languageclient';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { LANGUAGE_ID } from './clientOptions';

/** Where PowerMTA configurations live in a workspace (the language's filename patterns). */
const WORKSPACE_FILES = '{**/pmta/config,**/pmta/*.conf,**/pmta/conf.d/**,**/*.pmta}';
const MAX_FILES = 1000;

export interface CheckSummary {
  files: number;
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  /** Findings per diagnostic code. */
  codes: Record<string, number>;
}

/**
 * "PowerMTA: Check configuration": asks the server for the diagnostics of the active PowerMTA file
 * (or, when none is active, of every PowerMTA file in the workspace), lists them in the output
 * channel as `[severity] file:line:column: code: message` and returns the totals.
 */
export async function checkConfiguration(client: BaseLanguageClient, output: LogOutputChannel): Promise<CheckSummary> {
  const documents = await documentsToCheck();
  const summary: CheckSummary = { files: documents.length, errors: 0, warnings: 0, information: 0, hints: 0, codes: {} };
  output.info(`Check configuration: ${documents.length} file(s)`);
  if (documents.length === 0) {
    void window.showInformationMessage('PowerMTA: no PowerMTA configuration file is open or in the workspace.');
    return summary;
  }
  for (const document of documents) {
    const report = await client.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
    });
    const items: Diagnostic[] = report.kind === DocumentDiagnosticReportKind.Full ? report.items : [];
    const path = workspace.asRelativePath(document.uri);
    for (const d of items) {
      const severity = d.severity ?? DiagnosticSeverity.Error;
      if (severity === DiagnosticSeverity.Error) summary.errors++;
      else if (severity === DiagnosticSeverity.Warning) summary.warnings++;
      else if (severity === DiagnosticSeverity.Information) summary.information++;
      else summary.hints++;
      const code = String(d.code ?? '');
      summary.codes[code] = (summary.codes[code] ?? 0) + 1;
      const line = `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${code}: ${d.message}`;
      if (severity === DiagnosticSeverity.Error) output.error(line);
      else if (severity === DiagnosticSeverity.Warning) output.warn(line);
      else output.info(line);
    }
    if (items.length === 0) output.info(`${path}: no findings`);
  }
  const totals = `${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.information} info in ${summary.files} file(s)`;
  output.info(`PowerMTA check: ${totals}`);
  output.show(true);
  const show = summary.errors ? window.showErrorMessage : summary.warnings ? window.showWarningMessage : window.showInformationMessage;
  void show(`PowerMTA: ${totals}.`);
  return summary;
}

async function documentsToCheck(): Promise<TextDocument[]> {
  const active = window.activeTextEditor?.document;
  if (active?.languageId === LANGUAGE_ID) return [active];
  const uris = await workspace.findFiles(WORKSPACE_FILES, '**/node_modules/**', MAX_FILES);
  const documents = await Promise.all(uris.map((uri) => workspace.openTextDocument(uri)));
  return documents.filter((d) => d.languageId === LANGUAGE_ID).sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
}
