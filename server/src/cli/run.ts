/**
 * One pmta-lint run: options → inputs → `lintSource` per input → one report in the chosen format.
 * Returns the exit status: 0 no error-level finding reported, 1 at least one, 2 usage or I/O error.
 */
import { CODES } from '../analysis/codes';
import type { FileReport } from '../report/fileResult';
import { jsonChunks } from '../report/json';
import { sarifChunks } from '../report/sarif';
import { textChunks } from '../report/text';
import { type OutputSink, writeChunks } from './output';
import { InputError, type InputRef, expandInputs, readInput } from './inputs';
import { DEFAULT_CONFIG, HELP, type LintOptions, type Terminal, UsageError, parseOptions } from './options';
import { effectiveSettings } from '../analysis/effective';
import { effectiveJson, effectiveText } from '../report/effective';
import { visible } from '../report/visible';
import { IncludeWorkspace, type LintWorkspace, type MeasuredSource, type SourceFile, lintSource } from './workspace';
import { coveredFiles } from '../analysis/includes/mainFiles';

declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export interface CliIo extends Terminal, OutputSink {
  stderr(s: string): void;
  cwd: string;
  fileExists(path: string): boolean;
  readStdin(): string;
  /**
   * Checks the run in a child process instead (set by the entry point, not in the child itself):
   * `stdinText` is what was read from stdin, `checking` names the inputs for a message. Resolves
   * with the exit status.
   */
  supervise?(run: { stdinText?: string; checking: string }): Promise<number>;
}

/**
 * Runs whose inputs hold at least this many characters, with what they include, are checked in
 * a child process (see supervise.ts): ~200k lines, several times any real configuration.
 */
export const SUPERVISE_MIN_CHARS = 4 * 1024 * 1024;

export async function runCli(argv: readonly string[], io: CliIo, workspace?: LintWorkspace): Promise<number> {
  let opts: LintOptions;
  try {
    const parsed = parseOptions(argv, io);
    if (parsed.action !== 'lint') {
      const text = { help: HELP, version: `pmta-lint ${VERSION}\n`, 'list-rules': listRules() }[parsed.action];
      io.stdout(text);
      return 0;
    }
    opts = parsed.options;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`pmta-lint: ${e.message}\n`);
    return 2;
  }

  let inputs = opts.inputs;
  const defaulted = inputs.length === 0;
  if (defaulted) {
    if (!io.fileExists(DEFAULT_CONFIG)) {
      io.stderr(`pmta-lint: no file given and ${DEFAULT_CONFIG} does not exist; name the files to check (see --help)\n`);
      return 2;
    }
    inputs = [DEFAULT_CONFIG];
  }
  const sayDefaulted = () => {
    if (defaulted && !opts.quiet) io.stderr(`pmta-lint: no file given; checking ${DEFAULT_CONFIG}\n`);
  };

  if (opts.explain) {
    sayDefaulted();
    return explain(inputs[0], opts, io);
  }
  const ws = workspace ?? new IncludeWorkspace(io.cwd, opts.dns);

  // First every input is read with what it includes, then checked: a run over many characters
  // goes to a child process before any of the costly work (see SUPERVISE_MIN_CHARS).
  let stdinText: string | undefined;
  const readStdin = () => (stdinText = io.readStdin());
  const entries: Entry[] = [];
  const failures: InputError[] = [];
  for (const ref of await expandInputs(inputs, io.cwd)) {
    if (ref instanceof InputError) {
      entries.push({ error: ref });
      continue;
    }
    try {
      const source = readInput(ref, opts.stdinName ?? '<stdin>', readStdin, io.cwd);
      entries.push({ ref, source, size: ws.measure?.(source) });
    } catch (e) {
      entries.push({ ref, error: checkFailure(ref, e) });
    }
  }
  const namedPaths = new Set(entries.flatMap((x) => ('source' in x && x.source.path !== undefined ? [x.source.path] : [])));
  addMainsAbove(entries, ws, namedPaths);
  // An input that another input's configuration includes is checked inside it, under its own name.
  const covered = coveredAmong(entries);
  const inputNames = new Map<string, string>();
  let chars = 0;
  let included = 0;
  for (const [i, x] of entries.entries()) {
    if (!('source' in x)) continue;
    if (covered[i]) {
      inputNames.set(x.source.path!, x.source.name);
      continue;
    }
    chars += x.size?.chars ?? x.source.text.length;
    included += (x.size?.files ?? 1) - 1;
  }
  if (io.supervise && chars >= SUPERVISE_MIN_CHARS) {
    const names = entries.flatMap((x) => ('source' in x && !x.unnamed ? [x.source.name] : []));
    const what = included === 0 ? '' : names.length === 1 ? ' and the files it includes' : ' and the files they include';
    return io.supervise({ stdinText, checking: names.join(', ') + what });
  }
  sayDefaulted();

  const reports: FileReport[] = [];
  const reportedNames = new Set<string>();
  const check = async (ref: InputRef, source: SourceFile, onlyNamed = false) => {
    try {
      for (const { notices, ...linted } of await lintSource(source, ws, opts)) {
        // With includes, two roots may pull in the same file: report it once.
        const key = linted.path ?? linted.file;
        if (reportedNames.has(key) || (onlyNamed && !namedPaths.has(key))) continue;
        reportedNames.add(key);
        const report = named(linted, linted.path === undefined ? undefined : inputNames.get(linted.path));
        reports.push(report);
        if (!opts.quiet) for (const n of notices) io.stderr(`pmta-lint: ${report.file}: ${n}\n`);
      }
    } catch (e) {
      failures.push(checkFailure(ref, e));
    }
  };
  if (!opts.quiet) sayMainsAbove(entries, io);
  for (const [i, entry] of entries.entries()) {
    if ('error' in entry) failures.push(entry.error);
    else if (!covered[i]) await check(entry.ref, entry.source, entry.unnamed);
  }
  // A covered input its including configuration did not reach after all (an include resolved
  // against that main file's folder, not its own) is checked as a main file.
  for (const [i, entry] of entries.entries()) if (covered[i] && 'source' in entry && !reportedNames.has(entry.source.path!)) await check(entry.ref, entry.source, entry.unnamed);
  for (const f of failures) io.stderr(`pmta-lint: ${f.message}\n`);

  const problems = failures.map((f) => f.message);
  const report =
    opts.format === 'json'
      ? jsonChunks(reports)
      : opts.format === 'sarif'
        ? sarifChunks(reports, { name: 'pmta-lint', version: VERSION, cwd: io.cwd, problems })
        : textChunks(reports, { color: opts.color, excerpt: opts.excerpt, quiet: opts.quiet, unreadable: failures.length });
  await writeChunks(io, report);

  if (failures.length > 0) return 2;
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** An input read, with what `measure` found; `unnamed`: a main file above named inputs, not itself named. */
type Entry = { ref: InputRef; source: SourceFile; size?: MeasuredSource; unnamed?: boolean } | { error: InputError };

/** Which inputs the configuration of another entry includes (see coveredFiles). */
function coveredAmong(entries: readonly Entry[]): boolean[] {
  return coveredFiles(entries.map((x) => ('source' in x ? { path: x.source.path, members: x.size?.paths } : {})));
}

/**
 * Adds, for named files no other input includes, the main file in a folder above that includes
 * them (a pre-commit hook names only the files changed): that configuration is checked, and only
 * the named files are reported.
 */
function addMainsAbove(entries: Entry[], ws: LintWorkspace, namedPaths: ReadonlySet<string>): void {
  if (!ws.mainAbove) return;
  for (const [i, covered] of coveredAmong(entries).entries()) {
    const entry = entries[i];
    if (covered || !('source' in entry) || entry.source.path === undefined) continue;
    if (entries.some((e) => 'source' in e && e.unnamed && e.size?.paths.has(entry.source.path!))) continue;
    const above = ws.mainAbove(entry.source);
    if (above && !namedPaths.has(above.source.path!)) entries.push({ ref: entry.ref, source: above.source, size: above.size, unnamed: true });
  }
}

/** One line on stderr for each main file above that named files are checked inside. */
function sayMainsAbove(entries: readonly Entry[], io: CliIo): void {
  for (const x of entries) {
    if (!('source' in x) || !x.unnamed) continue;
    const inside = entries.flatMap((e) => ('source' in e && !e.unnamed && e.source.path !== undefined && x.size?.paths.has(e.source.path) ? [e.source.name] : []));
    if (inside.length === 0) continue;
    const which = inside.length === 1 ? inside[0] : `${inside[0]} and ${inside.length - 1} more`;
    io.stderr(`pmta-lint: ${which} checked as part of ${x.source.name}, which includes ${inside.length === 1 ? 'it' : 'them'}; its other files are not reported\n`);
  }
}

/** `--explain DOMAIN[/VMTA] FILE`: the merged settings of one queue, each value with its source. */
async function explain(input: string, opts: LintOptions, io: CliIo): Promise<number> {
  const refs = await expandInputs([input], io.cwd);
  const ref = refs[0];
  if (!ref || ref instanceof InputError) {
    io.stderr(`pmta-lint: ${ref ? ref.message : `${input}: nothing to read`}\n`);
    return 2;
  }
  let source;
  let stdinText: string | undefined;
  try {
    source = readInput(ref, opts.stdinName ?? '<stdin>', () => (stdinText = io.readStdin()), io.cwd);
  } catch (e) {
    io.stderr(`pmta-lint: ${(e as Error).message}\n`);
    return 2;
  }
  const ws = new IncludeWorkspace(io.cwd);
  // Like a check: a configuration of many characters is explained in a child process.
  let size = ws.measure(source);
  // A queue's settings come from the whole configuration: a file that a config above includes is explained from there.
  const above = ws.mainAbove(source);
  if (above) {
    if (!opts.quiet) io.stderr(`pmta-lint: explained from ${above.source.name}, which includes ${source.name}\n`);
    ({ source, size } = above);
  }
  if (io.supervise && size.chars >= SUPERVISE_MIN_CHARS) {
    return io.supervise({ stdinText, checking: source.name + (size.files > 1 ? ' and the files it includes' : '') });
  }
  const { rootPath, config } = ws.load(source);
  const result = effectiveSettings([...config.analyses.values()], ws.analyzer.catalog, opts.explain!.domain, opts.explain!.vmta);
  const name = (uri: string | undefined) => (uri === undefined || uri === rootPath ? source.name : ws.nameOf(uri));
  io.stdout(opts.format === 'json' ? JSON.stringify(effectiveJson(result, name), null, 2) + '\n' : visible(effectiveText(result, name)));
  return 0;
}

/** An input's problem as one line: its own message, or an internal error named as such. */
function checkFailure(ref: InputRef, e: unknown): InputError {
  if (e instanceof InputError) return e;
  return new InputError(`${nameOf(ref)}: internal error while checking this file (${(e as Error).message}); please report it`);
}

function nameOf(ref: InputRef): string {
  return ref.kind === 'stdin' ? '<stdin>' : ref.path;
}

function listRules(): string {
  const width = Math.max(...Object.keys(CODES).map((c) => c.length)) + 2;
  return Object.entries(CODES)
    .map(([code, info]) => `${code.padEnd(width)}${info.severity.padEnd(13)}${info.meaning.replace(/`/g, '')}\n`)
    .join('');
}

/** A report under the name the user gave the file, when it differs from the one its configuration gave it. */
function named(report: FileReport, name: string | undefined): FileReport {
  if (name === undefined || name === report.file) return report;
  return { ...report, file: name, findings: report.findings.map((f) => ({ ...f, file: name })) };
}
