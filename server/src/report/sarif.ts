import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODES, type Severity } from '../analysis/codes';
import type { FileReport } from './fileResult';
import { jsonWithArray } from './jsonChunks';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Relative artifact URIs are resolved against this base, which points at the working directory. */
const SRCROOT = '%SRCROOT%';
const STDIN = '<stdin>';

export interface SarifTool {
  name: string;
  version: string;
  /** Directory relative paths are resolved from (becomes the SRCROOT base URI). */
  cwd: string;
  /** Inputs that could not be checked; recorded as tool notifications, and the run as unsuccessful. */
  problems?: readonly string[];
}

/**
 * A SARIF 2.1.0 log with one run, so code-scanning tools (GitHub, GitLab, Azure DevOps) show the
 * findings. Every rule of the code table is listed, whether or not it fired, so viewers can show
 * its description; relative file names stay relative to SRCROOT, as code scanning expects.
 * Yielded in pieces of one result each (millions of results make more than one string can hold).
 */
export function* sarifChunks(reports: readonly FileReport[], tool: SarifTool): Generator<string> {
  const ruleIds = Object.keys(CODES);
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const problems = tool.problems ?? [];
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            rules: ruleIds.map((id) => {
              const info = CODES[id as keyof typeof CODES];
              return {
                id,
                name: id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
                shortDescription: { text: plain(info.meaning) },
                fullDescription: { text: plain(info.meaning) },
                help: { text: plain(info.fix), markdown: info.fix },
                defaultConfiguration: { level: LEVEL[info.severity] },
                properties: { tags: ['powermta', info.group] },
              };
            }),
          },
        },
        invocations: [
          {
            executionSuccessful: problems.length === 0,
            toolExecutionNotifications: problems.map((text) => ({ level: 'error', message: { text } })),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(tool.cwd) } },
        columnKind: 'utf16CodeUnits',
        results: [],
      },
    ],
  };
  yield* jsonWithArray(log, 'results', results(reports, index));
  yield '\n';
}


function* results(reports: readonly FileReport[], index: ReadonlyMap<string, number>) {
  for (const r of reports) {
    for (const f of r.findings) {
      yield {
        ruleId: f.code,
        ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
        level: LEVEL[f.severity],
        message: { text: plain(f.message) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(r),
              // An empty region on one line is widened to one character; a region over lines ends where it ends.
              region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endLine === f.line ? Math.max(f.endColumn, f.column + 1) : f.endColumn },
            },
          },
        ],
      };
    }
  }
}

function artifactLocation(r: FileReport): { uri: string; uriBaseId?: string; description?: { text: string } } {
  if (r.path === undefined && r.file === STDIN) return { uri: 'stdin', description: { text: 'standard input' } };
  if (isAbsolute(r.file)) return { uri: pathToFileURL(r.file).href };
  return { uri: relativeUri(r.file), uriBaseId: SRCROOT };
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function relativeUri(file: string): string {
  return file
    .split(/[\\/]+/)
    .filter((seg, i) => !(seg === '.' && i === 0))
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

/** Messages use Markdown backticks for names; plain-text viewers read quotes better. */
function plain(s: string): string {
  return s.replace(/`/g, "'");
}
