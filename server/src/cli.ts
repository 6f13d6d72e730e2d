/**
 * pmta-lint: the language server's checks for CI pipelines and `pmta reload` hooks.
 * Exit codes: 0 clean (or only findings below error), 1 error-severity findings, 2 usage or I/O error.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { glob } from 'tinyglobby';
import { Analyzer } from './analysis/analyzer';
import { CODES, type Severity } from './analysis/codes';
import { type SeverityOverrides, atLeast, effectiveSeverity, isSeveritySetting } from './analysis/severity';
import { getCatalog } from './catalog/catalog';
import { type FileReport, reported } from './report/fileResult';
import { formatJson } from './report/json';
import { formatSarif } from './report/sarif';
import { formatText } from './report/text';
import { PmtaDocument } from './syntax/document';
import { KeyStore } from './analysis/dkim';
import { parseDnsServer } from './dns';
import { dnsFindings, keyFileFindings } from './externalChecks';
import { nodeHost } from './nodeHost';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
const DEFAULT_CONFIG = '/etc/pmta/config';

const HELP = `Usage: pmta-lint [options] [FILE|GLOB|-]...

Checks PowerMTA configuration files. With no file, checks ${DEFAULT_CONFIG} when it exists.
'-' reads the configuration from standard input.

Options:
  --format text|json|sarif   output format (default: text)
  --severity LEVEL           lowest level reported: error, warning or information (default: information)
  --rule CODE=LEVEL          set a rule's level: off, info, warning or error (repeatable)
  --config FILE              JSON file: {"rules": {"CODE": "LEVEL"}, "severity": "warning"}
  --no-color                 no ANSI colours (also when NO_COLOR is set or output is not a terminal)
  --quiet                    print findings only, no summary line
  --list-rules               print every rule code with its default level and meaning
  --dns                      also check DNS: PTR and forward lookups of smtp-source-host IPs,
                             DKIM TXT records against the key files, SPF of signing domains
  --dns-server HOST[:PORT]   DNS server for --dns (default: the system resolvers; implies --dns)
  --version                  print the version
  --help                     print this help

Exit status: 0 no error-level findings, 1 error-level findings, 2 usage or I/O error.
`;

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json' | 'sarif';
  floor: Severity;
  rules: Record<string, string>;
  color: boolean;
  excerpt: boolean;
  quiet: boolean;
  inputs: string[];
  /** --dns / --dns-server: run the DNS checks. */
  dns?: { server?: string };
}

function parseOptions(argv: string[]): Options | 'help' | 'version' | 'list-rules' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        severity: { type: 'string' },
        rule: { type: 'string', multiple: true },
        config: { type: 'string' },
        'no-color': { type: 'boolean' },
        color: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'list-rules': { type: 'boolean' },
        dns: { type: 'boolean' },
        'dns-server': { type: 'string' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.version) return 'version';
  if (v['list-rules']) return 'list-rules';
  const format = (v.format ?? 'text') as Options['format'];
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif (got '${format}')`);
  let floor: Severity = 'information';
  const rules: Record<string, string> = {};
  if (v.config) {
    let cfg: any;
    try {
      cfg = JSON.parse(readFileSync(v.config, 'utf8'));
    } catch (e) {
      throw new UsageError(`cannot read --config ${v.config}: ${(e as Error).message}`);
    }
    if (cfg.severity !== undefined) floor = parseFloor(String(cfg.severity));
    for (const [code, level] of Object.entries(cfg.rules ?? {})) rules[code] = checkRule(code, String(level));
  }
  if (v.severity) floor = parseFloor(v.severity);
  for (const r of v.rule ?? []) {
    const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(r);
    if (!m) throw new UsageError(`--rule expects CODE=LEVEL, e.g. --rule unknown-directive=error (got '${r}')`);
    rules[m[1]] = checkRule(m[1], m[2]);
  }
  let dns: Options['dns'];
  if (v.dns || v['dns-server'] !== undefined) {
    try {
      dns = { server: v['dns-server'] === undefined ? undefined : parseDnsServer(v['dns-server']) };
    } catch (e) {
      throw new UsageError(`--dns-server: ${(e as Error).message}`);
    }
  }
  const color = !v['no-color'] && !process.env.NO_COLOR && (v.color || process.stdout.isTTY === true);
  return { format, floor, rules, color, excerpt: process.stdout.isTTY === true || !!v.color, quiet: !!v.quiet, inputs: parsed.positionals, dns };
}

function parseFloor(s: string): Severity {
  const m: Record<string, Severity> = { error: 'error', warning: 'warning', information: 'information', info: 'information', hint: 'hint' };
  if (!m[s]) throw new UsageError(`--severity must be error, warning or information (got '${s}')`);
  return m[s];
}

function checkRule(code: string, level: string): string {
  if (!(code in CODES)) throw new UsageError(`unknown rule '${code}' (see --list-rules)`);
  if (!isSeveritySetting(level)) throw new UsageError(`rule level must be off, info, warning or error (got '${level}' for ${code})`);
  return level;
}

async function expandInputs(inputs: string[], stderr: (s: string) => void): Promise<string[]> {
  if (inputs.length === 0) {
    if (existsSync(DEFAULT_CONFIG)) {
      stderr(`pmta-lint: no file given; checking ${DEFAULT_CONFIG}\n`);
      return [DEFAULT_CONFIG];
    }
    throw new UsageError(`no file given and ${DEFAULT_CONFIG} does not exist (see --help)`);
  }
  const out: string[] = [];
  for (const input of inputs) {
    if (input === '-') out.push('-');
    else if (/[*?[\]{}]/.test(input) && !existsSync(input)) {
      const matches = (await glob(input, { onlyFiles: true, expandDirectories: false })).sort();
      if (matches.length === 0) throw new IoError(`${input}: no file matches this pattern`);
      out.push(...matches);
    } else out.push(input);
  }
  return out;
}

class IoError extends Error {}

function readInput(file: string): string {
  if (file === '-') return readFileSync(0, 'utf8');
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new IoError(`${file}: no such file`);
  }
  if (st.isDirectory()) throw new IoError(`${file}: is a directory (give a file, or a glob such as '${file.replace(/\/$/, '')}/*.conf')`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new IoError(`${file}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
}

export async function main(argv: string[], io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) }): Promise<number> {
  let opts;
  try {
    opts = parseOptions(argv);
  } catch (e) {
    io.stderr(`pmta-lint: ${(e as Error).message}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (opts === 'version') {
    io.stdout(`pmta-lint ${VERSION}\n`);
    return 0;
  }
  if (opts === 'list-rules') {
    for (const [code, info] of Object.entries(CODES)) io.stdout(`${code.padEnd(26)} ${info.severity.padEnd(12)} ${info.meaning.replace(/`/g, '')}\n`);
    return 0;
  }
  let files: string[];
  try {
    files = await expandInputs(opts.inputs, io.stderr);
  } catch (e) {
    io.stderr(`pmta-lint: ${(e as Error).message}\n`);
    return 2;
  }
  const catalog = getCatalog();
  const analyzer = new Analyzer(catalog);
  const reports: FileReport[] = [];
  const keys = new KeyStore(nodeHost);
  let ioFailed = false;
  for (const file of files) {
    let text: string;
    try {
      text = readInput(file);
    } catch (e) {
      io.stderr(`pmta-lint: ${(e as Error).message}\n`);
      ioFailed = true;
      continue;
    }
    const doc = new PmtaDocument(text, (n) => catalog.regexArgIndex(n));
    const analysis = analyzer.analyze(doc);
    const name = file === '-' ? '<stdin>' : file;
    const findings = [];
    // Key files (always) and DNS (--dns): see externalChecks.ts.
    const external = { path: file === '-' ? undefined : file, keys };
    const extra = keyFileFindings(analysis, external);
    if (opts.dns) {
      const r = await dnsFindings(analysis, opts.dns, external);
      extra.push(...r.findings);
      for (const n of r.notices) io.stderr(`pmta-lint: ${name}: ${n}\n`);
      if (!opts.quiet) for (const n of r.skipped) io.stderr(`pmta-lint: ${name}: not checked in DNS: ${n}\n`);
    }
    const all = extra.length ? [...analysis.findings, ...extra].sort((a, b) => a.line - b.line || a.start - b.start) : analysis.findings;
    for (const f of all) {
      const s = effectiveSeverity(f, opts.rules as SeverityOverrides);
      if (s && atLeast(s, opts.floor)) findings.push(reported(name, f, s));
    }
    reports.push({ file: name, lines: doc.allLines(), findings });
  }
  if (reports.length === 0 && ioFailed) return 2;
  if (opts.format === 'json') io.stdout(formatJson(reports));
  else if (opts.format === 'sarif') io.stdout(formatSarif(reports, { name: 'pmta-lint', version: VERSION }));
  else io.stdout(formatText(reports, { color: opts.color, excerpt: opts.excerpt, quiet: opts.quiet }));
  if (ioFailed) return 2;
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`pmta-lint: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
