import { CODES, type Severity } from '../analysis/codes';
import type { FileReport } from './fileResult';
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0, so code-scanning tools (GitHub, GitLab, Azure DevOps) show the findings. */
export function formatSarif(reports: readonly FileReport[], tool: { name: string; version: string; informationUri?: string }): string {
  const ruleIds = Object.keys(CODES);
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            informationUri: tool.informationUri ?? 'https://github.com/powermta-tools/powermta-language-tools',
            rules: ruleIds.map((id) => {
              const info = CODES[id as keyof typeof CODES];
              return {
                id,
                name: id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
                shortDescription: { text: stripTicks(info.meaning) },
                fullDescription: { text: `${stripTicks(info.meaning)} Fix: ${stripTicks(info.fix)}` },
                defaultConfiguration: { level: LEVEL[info.severity] },
                properties: { group: info.group },
              };
            }),
          },
        },
        results: reports.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.code,
            ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(f.file) },
                  region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.column + 1) },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function artifactUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  return isAbsolute(file) ? pathToFileURL(file).href : file.split('\\').join('/');
}

function stripTicks(s: string): string {
  return s.replace(/`/g, "'");
}

