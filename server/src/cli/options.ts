/**
 * Command-line options of pmta-lint: parsing argv and the optional `--config` JSON file into one
 * `LintOptions`. Every mistake becomes a `UsageError` with a message meant for the user (exit 2).
 */
import { type Stats, readFileSync, statSync } from 'node:fs';
import { parseDnsServer } from '../dns';
import { parseArgs } from 'node:util';
import { CODES, type Severity } from '../analysis/codes';
import { type SeverityOverrides, type SeveritySetting, isSeveritySetting } from '../analysis/severity';

export const DEFAULT_CONFIG = '/etc/pmta/config';

export type Format = 'text' | 'json' | 'sarif';

export interface LintOptions {
  format: Format;
  /** Lowest severity reported. */
  floor: Severity;
  rules: SeverityOverrides;
  /** ANSI colours in text output. */
  color: boolean;
  /** Source line and caret under each finding in text output. */
  excerpt: boolean;
  /** Findings only: no summary line, no notice about the default file. */
  quiet: boolean;
  /** Name shown for standard input (`-`). */
  stdinName: string | undefined;
  inputs: string[];
  /** `--dns` / `--dns-server`: also check PTR, DKIM TXT and SPF records (server: HOST:PORT or undefined for the system's). */
  dns?: { server?: string };
  /** `--explain DOMAIN[/VMTA]`: print a queue's effective settings instead of findings. */
  explain?: { domain: string; vmta?: string };
}

export type Parsed = { action: 'lint'; options: LintOptions } | { action: 'help' | 'version' | 'list-rules' };

export class UsageError extends Error {}

/** What the terminal can show, injected so tests and the entry point agree on TTY detection. */
export interface Terminal {
  stdoutIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export const HELP = `Usage: pmta-lint [options] [FILE|GLOB|-]...

Checks PowerMTA configuration files and reports problems in the format you choose.
With no FILE, checks ${DEFAULT_CONFIG} when it exists. '-' reads standard input.
Quote globs ('conf.d/*.conf', 'pmta/**/config') so that pmta-lint expands them itself.
Included files are checked with the file that includes them; a FILE that a 'config' in
its folder or above includes is checked inside that configuration (only FILE is reported).

Options:
  -f, --format text|json|sarif  output format (default: text)
      --severity LEVEL          lowest level reported: error, warning or information
                                (default: information)
      --rule CODE=LEVEL         set a rule's level: off, info, warning or error (repeatable)
      --config FILE             JSON file {"severity": "warning", "rules": {"CODE": "LEVEL"}};
                                --severity and --rule given on the command line win
      --stdin-filename NAME     name used for '-' in the output (default: <stdin>)
      --color, --no-color       force ANSI colours on or off (default: on for a terminal,
                                off when NO_COLOR is set)
      --excerpt, --no-excerpt   show each finding's source line with a caret under it
                                (default: on for a terminal)
  -q, --quiet                   print findings only: no summary, no notices
      --dns                     also check DNS: PTR and forward lookups of smtp-source-host
                                IPs, DKIM TXT records against the key files, SPF of the
                                signing domains (never without this flag)
      --dns-server HOST[:PORT]  DNS server for --dns (default: the system's; implies --dns)
      --explain DOMAIN[/VMTA]   print the effective settings of a queue (a domain, optionally in
                                one virtual MTA) and where each value comes from; JSON with
                                --format json
      --list-rules              print every rule code with its default level and meaning
  -v, --version                 print the version
  -h, --help                    print this help

Exit status: 0 when no error-level finding is reported, 1 when at least one is,
2 on a usage error or when a file cannot be read (this wins over 1).
`;

const LEVEL_WORDS = 'off, info, warning or error';

export function parseOptions(argv: readonly string[], term: Terminal): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        severity: { type: 'string' },
        rule: { type: 'string', multiple: true },
        config: { type: 'string' },
        'stdin-filename': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        excerpt: { type: 'boolean' },
        'no-excerpt': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'list-rules': { type: 'boolean' },
        explain: { type: 'string' },
        dns: { type: 'boolean' },
        'dns-server': { type: 'string' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(firstSentence((e as Error).message));
  }
  const v = parsed.values;
  if (v.help) return { action: 'help' };
  if (v.version) return { action: 'version' };
  if (v['list-rules']) return { action: 'list-rules' };

  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got '${format}')`);

  let floor: Severity = 'information';
  const rules: Record<string, SeveritySetting> = {};
  if (v.config !== undefined) {
    const cfg = readConfigFile(v.config);
    if (cfg.severity !== undefined) floor = parseFloor(cfg.severity, `"severity" in ${v.config}`);
    Object.assign(rules, cfg.rules);
  }
  if (v.severity !== undefined) floor = parseFloor(v.severity, '--severity');
  for (const r of v.rule ?? []) {
    const m = /^\s*([A-Za-z0-9-]+)\s*=\s*([A-Za-z]+)\s*$/.exec(r);
    if (!m) throw new UsageError(`--rule expects CODE=LEVEL, for example --rule unknown-directive=error (got '${r}')`);
    rules[m[1]] = checkRule(m[1], m[2], '--rule');
  }

  const noColor = v['no-color'] || (term.env.NO_COLOR !== undefined && term.env.NO_COLOR !== '');
  const forceColor = v.color || (term.env.FORCE_COLOR !== undefined && term.env.FORCE_COLOR !== '0' && term.env.FORCE_COLOR !== '');
  const color = !noColor && (forceColor || (term.stdoutIsTTY && term.env.TERM !== 'dumb'));
  const excerpt = v['no-excerpt'] ? false : v.excerpt ? true : term.stdoutIsTTY;
  const stdinName = v['stdin-filename'];
  if (stdinName !== undefined && stdinName.trim() === '') throw new UsageError('--stdin-filename needs a name');
  let dns: LintOptions['dns'];
  if (v.dns || v['dns-server'] !== undefined) {
    try {
      dns = { server: v['dns-server'] === undefined ? undefined : parseDnsServer(v['dns-server']) };
    } catch (e) {
      throw new UsageError(`--dns-server: ${(e as Error).message}`);
    }
  }
  let explain: LintOptions['explain'];
  if (v.explain !== undefined) {
    const [domain, vmta] = v.explain.split('/', 2);
    if (!domain) throw new UsageError('--explain expects DOMAIN or DOMAIN/VMTA, for example --explain gmail.com/vmta1');
    if (format === 'sarif') throw new UsageError('--explain prints text or JSON (--format json), not SARIF');
    if (parsed.positionals.length > 1) throw new UsageError('--explain takes one configuration file');
    explain = { domain, vmta: vmta || undefined };
  }
  return {
    action: 'lint',
    options: { format, floor, rules, color, excerpt, quiet: !!v.quiet, stdinName, inputs: parsed.positionals, explain, dns },
  };
}

interface ConfigFile {
  severity?: string;
  rules: Record<string, SeveritySetting>;
}

/** Reads `--config FILE`: `{"severity": LEVEL, "rules": {CODE: LEVEL}}`; unknown keys are an error. */
function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    if (!readsToAnEnd(statSync(path))) throw new UsageError(`--config ${path} is not a regular file`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read --config ${path}: ${describeFsError(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`--config ${path} must hold a JSON object such as {"rules": {"unknown-directive": "error"}}`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'severity' && key !== 'rules' && key !== '$schema') throw new UsageError(`--config ${path}: unknown key "${key}" (expected "severity" and "rules")`);
  }
  const out: ConfigFile = { rules: {} };
  if (obj.severity !== undefined) {
    if (typeof obj.severity !== 'string') throw new UsageError(`--config ${path}: "severity" must be a string`);
    out.severity = obj.severity;
  }
  if (obj.rules !== undefined) {
    if (!obj.rules || typeof obj.rules !== 'object' || Array.isArray(obj.rules)) throw new UsageError(`--config ${path}: "rules" must be an object of CODE: LEVEL`);
    for (const [code, level] of Object.entries(obj.rules)) out.rules[code] = checkRule(code, String(level), `--config ${path}`);
  }
  return out;
}

function parseFloor(s: string, where: string): Severity {
  const levels: Record<string, Severity> = { error: 'error', warning: 'warning', information: 'information', info: 'information', hint: 'hint' };
  const level = levels[s.toLowerCase()];
  if (!level) throw new UsageError(`${where} must be error, warning or information (got '${s}')`);
  return level;
}

function checkRule(code: string, level: string, where: string): SeveritySetting {
  if (!(code in CODES)) throw new UsageError(`${where}: unknown rule '${code}' (pmta-lint --list-rules prints them all)`);
  const l = level.toLowerCase();
  if (!isSeveritySetting(l)) throw new UsageError(`${where}: level for ${code} must be ${LEVEL_WORDS} (got '${level}')`);
  return l;
}

function firstSentence(message: string): string {
  // node:util's messages for unknown options carry a long hint about '--'; keep the first sentence.
  const cut = message.indexOf('. ');
  return (cut > 0 ? message.slice(0, cut) : message) + ' (see --help)';
}

/**
 * Whether a file named by the user can be read to its end: a regular file, or a named pipe
 * (`pmta-lint <(ssh mx cat /etc/pmta/config)` passes one); a device such as /dev/zero never ends.
 */
export function readsToAnEnd(stat: Stats): boolean {
  return stat.isFile() || stat.isFIFO();
}

/** A one-line reason for a failed file-system call, without a stack trace. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (run pmta-lint as a user who can read it)';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'input/output error';
    default:
      return code ? `cannot read it (${code})` : String((e as Error)?.message ?? e);
  }
}
